/* steps.h: the setup steps run inside the sandbox child, each returning 0 or -1 with errno. */
#ifndef WARD_STEPS_H
#define WARD_STEPS_H

#include <sys/types.h>

int sb_loopback_up(void);
/* Runs as PID 1 of the app's pid namespace: reaps every process there, forwards signals to
 * the app, and exits with the app's status (128+N when a signal N ended it). */
_Noreturn void sb_reap(pid_t app);

#endif
