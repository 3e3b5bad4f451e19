/* svc_watch.c: what PID 1 watches while an app runs: readiness in time, heartbeats on its
 * notify fd, OOM events of its cgroup, and, when it is held, the moment to stop it (once what
 * depends on it is down). Kills the run when a deadline passes. */
#include <signal.h>
#include <unistd.h>

#include "app.h"
#include "cgroup.h"
#include "config.h"
#include "log.h"
#include "svc.h"
#include "svc_state.h"

enum { OOM_RECHECK_MS = 200, OOM_LINE_MS = 1000, NOTIFY_QUIET_MS = 10 };

static bool watchdog_armed;

/* Whether an app that depends on app i is still running: i is stopped after them. */
static bool dependent_up(unsigned int i)
{
	for (unsigned int j = 0; j < WARD_APP_COUNT; j++)
		if (svc_depends_on(j, i) && svcs[j].state == SVC_UP)
			return true;
	return false;
}

/* Logs the OOM kills of the run not logged yet: a line a second at most (now < 0: the run's
 * end, at once). An app can have its children killed as fast as it forks them, and each
 * line costs PID 1 its time on the console: the kills of that second are summed into the
 * next line, at the recheck. */
void svc_log_oom_kills(struct svc *s, const struct app_spec *app, long total, long long now)
{
	if (total <= s->oom_kills)
		return;
	if (now >= 0 && s->oom_logged_ms && now - s->oom_logged_ms < OOM_LINE_MS) {
		s->oom_recheck_ms = s->oom_logged_ms + OOM_LINE_MS;
		return;
	}
	log_info(app->sb.name, "the OOM killer ended %ld of its processes (memory.max)",
		 total - s->oom_kills);
	s->oom_kills = total;
	s->oom_logged_ms = now;
}

/* Kills everything of a run: its cgroup, and its first process by pid as well. Under v1
 * that process is not in its leaves until it has built its root (step_cgroup), so the
 * cgroup alone can miss it; killed, and it is the app's reaper (PID 1 of its pid namespace),
 * it takes the whole namespace with it. Not reaped yet, so the pid is still ours. */
void svc_kill_run(struct svc *s, const struct app_spec *app)
{
	cg_kill(&app->sb, s->cgroup_fd);
	kill(s->pid, SIGKILL);
}

/* Kills the run: it failed to become ready in time, or hung. Counted as a failure. */
static void kill_run(struct svc *s, const struct app_spec *app)
{
	s->timed_out = true;
	svc_kill_run(s, app);
}

/* Deadlines of a running app: readiness in time, heartbeats, an ordered stop. */
void svc_watch(struct svc *s, const struct app_spec *app, unsigned int i, long long now)
{
	if (s->held && !s->term_sent && !dependent_up(i)) {
		s->term_sent = true;
		s->term_ms = now;
		if (s->frozen)
			svc_freeze(i, false, now);
		kill(s->pid, SIGTERM);
	}
	/* An app that ignores SIGTERM must not make `wardctl stop` or `restart` a request
	 * that never ends: as at shutdown, the grace period, then SIGKILL. */
	if (s->term_ms && now - s->term_ms >= CONFIG_WARD_SHUTDOWN_GRACE_MS) {
		s->term_ms = 0;
		log_info(app->sb.name, "still running %d ms after SIGTERM: killing it",
			 CONFIG_WARD_SHUTDOWN_GRACE_MS);
		svc_kill_run(s, app);
	}
	if (s->oom_recheck_ms && now >= s->oom_recheck_ms) {
		s->oom_recheck_ms = 0;
		svc_log_oom_kills(s, app, cg_oom_kills(&app->sb, s->cgroup_fd), now);
	}
	if (s->frozen || s->timed_out || s->hung)
		return;
	if (!s->ready && app->timeout_ms && now - s->started_ms >= app->timeout_ms) {
		log_info(app->sb.name, "not %s within %u ms: killing it",
			 app->oneshot ? "finished" : "ready", app->timeout_ms);
		kill_run(s, app);
	} else if (s->ready && app->heartbeat_ms && now - s->beat_ms >= app->heartbeat_ms) {
		s->hung = true;
		log_info(app->sb.name, "hung: no heartbeat for %u ms", app->heartbeat_ms);
		/* A hung critical app is left to the hardware watchdog: resetting the board is
		 * what it is for. That reset is a reboot like the others, counted by the throttle,
		 * which may refuse it: without the count, an app that hangs on every boot would
		 * reset the board for ever. Anything else, and a refused one, is killed and
		 * handled like a crash. */
		if (app->critical && watchdog_armed && svc_may_reboot(now))
			log_info(app->sb.name, "critical and hung: the watchdog is no longer fed");
		else
			kill_run(s, app);
	}
}

/* The run's next check: its readiness or heartbeat due, or its OOM line's, the earlier. */
static long long watch_deadline(const struct svc *s, const struct app_spec *app)
{
	long long due = -1;

	if (s->state == SVC_BACKOFF && !s->waiting)
		return s->due_ms;
	if (s->state != SVC_UP)
		return -1;
	if (s->timed_out || s->hung || s->frozen)
		;
	else if (!s->ready && app->timeout_ms)
		due = s->started_ms + app->timeout_ms;
	else if (s->ready && app->heartbeat_ms)
		due = s->beat_ms + app->heartbeat_ms;
	if (s->oom_recheck_ms && (due < 0 || s->oom_recheck_ms < due))
		due = s->oom_recheck_ms;
	return due;
}

long long svc_next_deadline(const struct svc *s, const struct app_spec *app)
{
	long long next = watch_deadline(s, app);
	long long kill_at = -1;

	if (s->state == SVC_UP && s->term_ms)
		kill_at = s->term_ms + CONFIG_WARD_SHUTDOWN_GRACE_MS;
	if (s->notify_quiet_ms && (next < 0 || s->notify_quiet_ms < next)) /* poll it again */
		next = s->notify_quiet_ms;
	return kill_at < 0 || (next >= 0 && next < kill_at) ? next : kill_at;
}

/* Not watched while a look at the counts is due anyway: memory.high is crossed, and the file
 * changes, as often as the kernel notifies (100 times a second) for as long as the app keeps
 * at its limit, each a wakeup of PID 1 the app chose. The recheck reads the counts; a change
 * meanwhile still wakes the poll after it. */
int svc_events_fd(unsigned int i)
{
	return svcs[i].state == SVC_UP && !svcs[i].oom_recheck_ms ? svcs[i].events_fd : -1;
}

void svc_events(unsigned int i, long long now)
{
	struct svc *s = &svcs[i];
	long before = s->oom_kills;

	if (s->state != SVC_UP || s->events_fd < 0)
		return;
	svc_log_oom_kills(s, &app_table[i], cg_events_oom_kills(&app_table[i].sb, s->events_fd),
			  now);
	/* v1 signals the OOM as it begins, before the kill is counted: look again shortly
	 * (unless a line is due later anyway). */
	if (s->oom_kills == before && !s->oom_recheck_ms)
		s->oom_recheck_ms = now + OOM_RECHECK_MS;
}

int svc_notify_fd(unsigned int i, long long now)
{
	struct svc *s = &svcs[i];

	if (s->notify_quiet_ms && now < s->notify_quiet_ms)
		return -1;
	s->notify_quiet_ms = 0;
	return s->state == SVC_UP ? s->notify_fd : -1;
}

/* What is in the pipe is read whole, up to a full pipe (64 KiB) a wakeup: 64 bytes a wakeup
 * let an app that keeps it full cost PID 1 a thousand turns of its loop per 64 KiB, CPU time
 * no cgroup limit of the app's holds. Then the pipe is left alone for NOTIFY_QUIET_MS: a
 * byte at a time, as fast as the app can write, would still wake PID 1 for each byte. A beat
 * or the readiness line is seen that much later at most. */
void svc_notify(unsigned int i, long long now)
{
	struct svc *s = &svcs[i];
	char buf[1024];
	bool newline = false;
	ssize_t n = 0;

	for (int k = 0; k < 64 && (n = read(s->notify_fd, buf, sizeof(buf))) > 0; k++) {
		s->beat_ms = now;
		s->notify_quiet_ms = now + NOTIFY_QUIET_MS;
		/* A loop, not memchr: musl's (word at a time) was linked for this one call. */
		for (ssize_t j = 0; j < n && !newline; j++)
			newline = buf[j] == '\n';
	}
	if (n == 0) {
		/* Every write end closed: no more heartbeats can come (nor a busy poll). */
		close(s->notify_fd);
		s->notify_fd = -1;
	}
	if (newline && !s->ready && !app_table[i].oneshot) {
		s->ready = true;
		log_info(app_table[i].sb.name, "ready");
	}
}

void svc_watchdog_armed(bool armed)
{
	watchdog_armed = armed;
}
