/* shutdown.h: bounded reboot/poweroff/halt. */
#ifndef WARD_SHUTDOWN_H
#define WARD_SHUTDOWN_H

#include <stdbool.h>
#include <sys/types.h>

enum shutdown_kind { SHUTDOWN_NONE, SHUTDOWN_REBOOT, SHUTDOWN_HALT, SHUTDOWN_POWEROFF };

/* test: PID 1 of a test PID namespace on a host; ends with _exit instead of reboot(2). */
void shutdown_init(bool test);
/* Sends SIGTERM to every app and process; a second request changes nothing. */
void shutdown_begin(enum shutdown_kind kind, long long now);
/* Whether a shutdown has begun (it cannot be called off). */
bool shutdown_active(void);
/* Whether it is over: reboot(2) was called (the watchdog is fed no more). */
bool shutdown_done(void);
/* Whether pid was the child that syncs the disks (its end is the shutdown's to see). */
bool shutdown_exited(pid_t pid);
/* Drives the shutdown; returns its next deadline, or -1 when none is under way. */
long long shutdown_tick(long long now);

#endif
