/* throttle.h: the reboot throttle. A count of reboots ward asked for in a row, each after a
 * short boot, kept where it survives a reboot; past the limit the board stays up degraded. */
#ifndef WARD_THROTTLE_H
#define WARD_THROTTLE_H

#include <stdbool.h>
#include <sys/types.h>

/* Whether ward may reboot the board now (`now`: ms since boot). Counts the reboot when it
 * may, once a boot: asked again after that, it may, uncounted. Logs why not when it may
 * not. */
bool throttle_reboot(long long now);
/* Called now and then: once the board has been up and healthy for the whole window, the
 * count starts over. */
void throttle_tick(long long now, bool healthy);
/* Whether pid was the child that starts the count over (now reaped). */
bool throttle_exited(pid_t pid);

#endif
