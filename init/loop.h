/* loop.h: PID 1's one poll loop. */
#ifndef WARD_LOOP_H
#define WARD_LOOP_H

#include <stdbool.h>

/* Blocks every asynchronous signal and returns a signalfd for them (-1 on failure). */
int loop_signals(void);
/* Never returns: waits for signals, app output and deadlines, reaps on every wakeup, feeds
 * the watchdog; rescue: a ward.rescue session (the watchdog is fed regardless). */
_Noreturn void loop_run(int sigfd, bool rescue);

#endif
