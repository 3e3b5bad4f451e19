/* svc.h: the per-app supervisor state machine PID 1 runs over the generated table. */
#ifndef WARD_SVC_H
#define WARD_SVC_H

#include <stdbool.h>
#include <sys/types.h>

/* Prepares cgroups (v2, or the v1 hierarchies) and output pipes; schedules every app to
 * start now. */
void svc_init(long long now, bool cgroup_v1);
/* Starts the apps whose time has come; returns the next deadline (ms) or -1 for none. */
long long svc_tick(long long now);
/* Handles the exit of `pid` (an app, or an orphan that needs nothing more). */
void svc_exited(pid_t pid, int status, long long now);
/* Shutdown: no more restarts; sends `sig` to every running app. */
void svc_stop_all(int sig);
/* Shutdown, after the grace period: kills the whole cgroup of every app still running. */
void svc_kill_all(void);
unsigned int svc_running(void);
/* Console output of app i, for the loop's poll set. */
int svc_output_fd(unsigned int i);
/* memory.events of app i's current run (-1: none), for POLLPRI; svc_events() on a wakeup. */
int svc_events_fd(unsigned int i);
void svc_events(unsigned int i);
void svc_output(unsigned int i);

#endif
