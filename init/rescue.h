/* rescue.h: a root shell on the console instead of the apps (ward.rescue), or after a
 * fault of PID 1 (WARD_FAULT_RESCUE). */
#ifndef WARD_RESCUE_H
#define WARD_RESCUE_H

#include <stdbool.h>
#include <sys/types.h>

/* Finds the console's terminal device once, at boot, for the shells to come. */
void rescue_init(void);
/* ward.rescue: starts the shell now, and again a second after each exit until shutdown. */
void rescue_start(long long now);
/* Whether `pid` was the rescue shell (its exit is logged); false for any other child. */
bool rescue_exited(pid_t pid, int status, long long now);
/* Starts the shell again when due; returns the next deadline (ms) or -1 for none. */
long long rescue_tick(long long now);
/* From the fault handler, async-signal-safe: starts the shell and reaps every child until
 * it exits. Returns at once when it cannot start. */
void rescue_after_fault(void);
/* fd made 0, 1 and 2 (the console, for PID 1 at boot and for the shell), then closed unless
 * it is one of them. */
void stdio_onto(int fd);

#endif
