/* watchdog.h: the hardware watchdog, fed from PID 1's loop while the system is healthy. */
#ifndef WARD_WATCHDOG_H
#define WARD_WATCHDOG_H

#include <stdbool.h>

/* Opens CONFIG_WARD_WATCHDOG_DEVICE and sets its timeout (when CONFIG_WARD_WATCHDOG); a
 * missing device is logged, and looked for again once a second for a minute (watchdog_tick).
 * svc_watchdog_armed is told when it is armed. */
void watchdog_open(void);
/* Feeds the watchdog when a feed is due and `healthy`; logs when feeding stops and starts
 * again; opens the device looked for when it is there. Returns the next deadline (ms), or -1
 * without a watchdog. */
long long watchdog_tick(long long now, bool healthy);
/* Magic close: the watchdog stops. Only right before reboot(2) of an orderly shutdown. */
void watchdog_close(void);
/* One feed now, whatever the health (async-signal-safe): the fault handler's, before its sync. */
void watchdog_feed_now(void);
/* How long from now PID 1 may be away from its loop with the watchdog still fed in time: up
 * to an interval (a quarter of the timeout its driver took) before the board would reset, and
 * half the timeout at most. 0 when none is left; -1 without a watchdog. */
long long watchdog_slack_ms(long long now);

#endif
