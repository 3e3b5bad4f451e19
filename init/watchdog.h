/* watchdog.h: the hardware watchdog, fed from PID 1's loop while the system is healthy. */
#ifndef WARD_WATCHDOG_H
#define WARD_WATCHDOG_H

#include <stdbool.h>

/* Opens CONFIG_WARD_WATCHDOG_DEVICE and sets its timeout (when CONFIG_WARD_WATCHDOG); a
 * missing device is logged and the board runs without one. Returns whether it is armed. */
bool watchdog_open(void);
/* Feeds the watchdog when a feed is due and `healthy`; logs when feeding stops and starts
 * again. Returns the next deadline (ms), or -1 without a watchdog. */
long long watchdog_tick(long long now, bool healthy);
/* Magic close: the watchdog stops. Only right before reboot(2) of an orderly shutdown. */
void watchdog_close(void);
/* How often it is fed (a quarter of the timeout its driver took), or 0 without one. */
long long watchdog_interval_ms(void);

#endif
