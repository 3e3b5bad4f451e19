/* svc_state.h: the state PID 1 keeps for each app, shared by svc.c (the supervision),
 * svc_watch.c (a running app's deadlines) and svc_ctl.c (what wardctl asks of an app). Not
 * for other files: they go through svc.h. */
#ifndef WARD_SVC_STATE_H
#define WARD_SVC_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "app.h"
#include "config.h"
#include "restart.h"

enum svc_state { SVC_DOWN, SVC_BACKOFF, SVC_UP, SVC_DONE, SVC_FAILED };

struct svc {
	enum svc_state state;
	bool held;	 /* stopped by request: not started again until asked */
	bool again;	 /* restart requested: start once it has ended, whatever its policy */
	bool term_sent;	 /* held and sent SIGTERM (after what depends on it was down) */
	bool ready;	 /* UP and ready */
	bool hung;	 /* UP, ready, and silent on its notify fd past its heartbeat */
	bool timed_out;	 /* killed for not becoming ready (or finishing) in time */
	bool frozen;
	bool waiting;	 /* due, and waiting for a dependency: logged once */
	unsigned char rung; /* ladder rungs taken so far */
	pid_t pid;
	int cgroup_fd;
	int events_fd;	 /* OOM events of the run, polled: OOM kills are logged as they happen */
	int notify_fd;	 /* read end of the run's readiness pipe, or -1 */
	int why_fd;	 /* read end of the run's pipe that says whose its exit code is (sb_io) */
	long long notify_quiet_ms; /* after a read of it, not polled until then (0: polled) */
	long oom_kills;	 /* logged so far in this run */
	long long oom_recheck_ms; /* an OOM event with no kill counted (or logged) yet: read again then */
	long long oom_logged_ms;  /* the run's last line about OOM kills (0: none yet) */
	unsigned int delay_ms;
	unsigned int starts;
	int last_status;
	struct crash_window crashes;
	long long since_ms, started_ms, due_ms, beat_ms;
	long long frozen_ms; /* when it was frozen */
	long long term_ms; /* when a stop or restart sent SIGTERM (0: none): SIGKILL a grace later */
};

extern struct svc svcs[WARD_APP_COUNT + 1];
extern bool svc_stopping;

bool svc_is_ready(unsigned int i);
/* Whether app j depends on app i (its DEPENDS names it). */
bool svc_depends_on(unsigned int j, unsigned int i);
void svc_set_state(struct svc *s, enum svc_state state, long long now);
/* Whether PID 1 may reboot the board now: not while it stops, and only as often as the
 * reboot throttle allows (it counts this one). Refused by the throttle, PID 1 is degraded:
 * it stays up, and feeds the watchdog. */
bool svc_may_reboot(long long now);

/* svc_watch.c: a running app's deadlines (readiness, heartbeats, OOM rechecks, an ordered
 * stop) at `now`, and the next of them (ms, or -1). */
void svc_watch(struct svc *s, const struct app_spec *app, unsigned int i, long long now);
long long svc_next_deadline(const struct svc *s, const struct app_spec *app);
/* Kills everything of the run, by cgroup and by pid. */
void svc_kill_run(struct svc *s, const struct app_spec *app);
/* Logs the run's OOM kills (total so far) not logged yet. */
void svc_log_oom_kills(struct svc *s, const struct app_spec *app, long total, long long now);

#endif
