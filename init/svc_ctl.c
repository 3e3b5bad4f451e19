/* svc_ctl.c: what wardctl can ask of an app (control.c parses the requests): its state,
 * start, stop, restart, a signal, freeze. Each answer is 0 or -errno for the reply. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "app.h"
#include "cgroup.h"
#include "config.h"
#include "svc.h"
#include "svc_state.h"

int svc_find(const char *name)
{
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
		if (strcmp(app_table[i].sb.name, name) == 0)
			return (int)i;
	return -1;
}

void svc_info(unsigned int i, struct svc_info *out)
{
	const struct svc *s = &svcs[i];
	static const char *const names[] = { [SVC_DOWN] = "down", [SVC_BACKOFF] = "backoff",
					     [SVC_UP] = "up", [SVC_DONE] = "done",
					     [SVC_FAILED] = "failed" };
	const char *state = names[s->state];

	if (s->state == SVC_UP && s->held)
		state = "stopping";
	else if (s->state == SVC_UP && !s->ready)
		state = "starting";
	else if (s->state == SVC_BACKOFF && s->waiting)
		state = "waiting";
	*out = (struct svc_info){
		.state = state,
		.pid = s->state == SVC_UP ? s->pid : 0,
		.since_ms = s->since_ms,
		.restarts = s->starts > 0 ? s->starts - 1 : 0,
		.last_status = s->last_status,
		.ready = svc_is_ready(i),
		.frozen = s->frozen,
		.critical = app_table[i].critical,
	};
}

int svc_start(unsigned int i, long long now)
{
	struct svc *s = &svcs[i];
	bool stopping = s->held && s->term_sent;

	if (svc_stopping)
		return -ESHUTDOWN;
	s->held = false;
	/* What it depends on comes up first: it waits for them to be ready. */
	for (unsigned int k = 0; k < app_table[i].ndepends; k++)
		svc_start(app_table[i].depends[k], now);
	/* Stopping, with SIGTERM sent: it ends, then starts again as a restart would (no
	 * crash counted). Before the SIGTERM, the stop is simply called off. */
	if (s->state == SVC_UP && stopping)
		s->again = true;
	if (s->state == SVC_UP || s->state == SVC_BACKOFF)
		return -EALREADY;
	s->rung = 0;
	s->crashes = (struct crash_window){ 0 };
	s->delay_ms = 0;
	s->waiting = false;
	s->due_ms = now;
	svc_set_state(s, SVC_BACKOFF, now);
	return 0;
}

int svc_stop(unsigned int i, long long now)
{
	struct svc *s = &svcs[i];
	bool was_held = s->held;

	/* What depends on it stops first: held now, sent SIGTERM by svc_tick in order. */
	s->held = true;
	s->again = false;
	for (unsigned int j = 0; j < WARD_APP_COUNT; j++)
		if (svc_depends_on(j, i) && !svcs[j].held)
			svc_stop(j, now);
	if (s->state == SVC_BACKOFF) {
		svc_set_state(s, SVC_DOWN, now);
		return 0;
	}
	return s->state == SVC_UP && !was_held ? 0 : -EALREADY;
}

int svc_restart(unsigned int i, long long now)
{
	struct svc *s = &svcs[i];

	if (svc_stopping)
		return -ESHUTDOWN;
	/* In its backoff (as long as WARD_BACKOFF_MAX_MS): now, once what it depends on is
	 * ready. Down, failed or done: started. */
	if (s->state == SVC_BACKOFF)
		s->due_ms = now;
	if (s->state != SVC_UP) {
		int err = svc_start(i, now);

		return err == -EALREADY ? 0 : err;
	}
	s->held = false; /* a stop under way ends in the restart */
	/* A dependency being stopped (its stop took this app down first) is started again: this
	 * one would run on without it. One done or failed is left as it is. */
	for (unsigned int k = 0; k < app_table[i].ndepends; k++)
		if (svcs[app_table[i].depends[k]].held)
			svc_start(app_table[i].depends[k], now);
	s->again = true; /* started again once it has ended */
	if (s->frozen)
		svc_freeze(i, false, now);
	if (!s->term_ms)
		s->term_ms = now;
	return kill(s->pid, SIGTERM) < 0 ? -errno : 0;
}

/* SIGSTOP would stop the app's reaper, not the app (it cannot be caught to pass on), and
 * with it the report of the app's end: freeze is the way to stop an app. */
int svc_signal(unsigned int i, int sig)
{
	if (sig == SIGSTOP)
		return -EINVAL;
	if (svcs[i].state != SVC_UP)
		return -ESRCH;
	return kill(svcs[i].pid, sig) < 0 ? -errno : 0;
}

int svc_freeze(unsigned int i, bool frozen, long long now)
{
	struct svc *s = &svcs[i];

	if (s->state != SVC_UP)
		return -ESRCH;
	if (cg_freeze(&app_table[i].sb, s->cgroup_fd, frozen) < 0)
		return -errno;
	/* A frozen app can neither beat nor become ready: its silence starts at the thaw, and
	 * its time to become ready (or finish) stops while it is frozen. */
	if (frozen && !s->frozen)
		s->frozen_ms = now;
	if (!frozen && s->frozen) {
		s->started_ms += now - s->frozen_ms;
		s->beat_ms = now;
	}
	s->frozen = frozen;
	return 0;
}

pid_t svc_pid(unsigned int i)
{
	return svcs[i].state == SVC_UP ? svcs[i].pid : -1;
}

int svc_cgroup_fd(unsigned int i)
{
	return svcs[i].state == SVC_UP ? svcs[i].cgroup_fd : -1;
}
