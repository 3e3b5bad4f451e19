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
/* Shutdown: no more starts; every running app gets SIGTERM once the apps that depend on it
 * are down. */
void svc_stop_all(long long now);
/* Shutdown, after the grace period: kills the whole cgroup of every app still running. */
void svc_kill_all(void);
unsigned int svc_running(void);
/* Console output of app i, for the loop's poll set (-1 while it is over its byte rate). */
int svc_output_fd(unsigned int i, long long now);
/* memory.events of app i's current run (-1: none), for POLLPRI; svc_events() on a wakeup. */
int svc_events_fd(unsigned int i);
void svc_events(unsigned int i, long long now);
void svc_output(unsigned int i);
/* Read end of app i's readiness pipe for this run (-1: none, or not now); svc_notify() on a
 * wakeup. */
int svc_notify_fd(unsigned int i, long long now);
void svc_notify(unsigned int i, long long now);

/* Control (wardctl, through control.c). `i` indexes app_table; every call is safe in any
 * state and returns 0 or a negative errno (-EALREADY, -ESRCH, -EBUSY, ...). */
int svc_find(const char *name); /* index of the app with this name, or -1 */
struct svc_info {
	const char *state; /* "down", "starting", "up", "backoff", "failed", "stopping" */
	pid_t pid;	   /* 0 when not running */
	long long since_ms; /* when it entered this state (clock_ms) */
	unsigned int restarts; /* starts after the first, since boot */
	int last_status;   /* wait status of its last run, -1 before one ended */
	bool ready, frozen, critical;
};
void svc_info(unsigned int i, struct svc_info *out);
int svc_start(unsigned int i, long long now);	/* brings what it depends on up first */
int svc_stop(unsigned int i, long long now);	/* stops what depends on it first */
int svc_restart(unsigned int i, long long now);
int svc_signal(unsigned int i, int sig);	/* to the app's sandbox init; -ESRCH if down */
/* cgroup.freeze (v2) or the v1 freezer. */
int svc_freeze(unsigned int i, bool frozen, long long now);
/* The running app's pid (its sandbox's PID 1 as the system sees it) and the directory fd of
 * its cgroup leaf, for `wardctl enter`; -1 when it is not running. */
pid_t svc_pid(unsigned int i);
int svc_cgroup_fd(unsigned int i);
/* Whether every critical app is up, ready and responsive: the watchdog is fed only then. */
bool svc_healthy(long long now);
/* Told by the watchdog once it is armed: a hung critical app is then left for it to reset
 * the board, instead of being killed and restarted. */
void svc_watchdog_armed(bool armed);

#endif
