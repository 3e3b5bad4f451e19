/* signals.h: a child of PID 1 (or of ward-run) back to default signal dispositions. */
#ifndef WARD_SIGNALS_H
#define WARD_SIGNALS_H

/* Sets every signal the process catches or ignores back to SIG_DFL: PID 1's handlers must
 * never run in a sandbox (its fault handlers reboot the board), and an ignored signal would
 * stay ignored across execve. Async-signal-safe; for a freshly forked child. */
void sb_reset_signals(void);

/* Parent side: reads once what the process catches and ignores, for every child's
 * sb_reset_signals to use instead of reading it again. Call it after the process has set
 * its dispositions: one set later would not be reset in a child. */
void sb_signals_note(void);

#endif
