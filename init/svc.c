/* svc.c: starts each app once what it depends on is ready, watches it run and end, and decides
 * what comes next: a restart with backoff (restart.c), or a rung of its crash-loop ladder.
 * States: BACKOFF (wanted: due at a time, once its dependencies are ready) -> UP (running;
 * ready when started, when it says so on its notify fd, or for a oneshot when it exits 0)
 * -> BACKOFF | DONE (a oneshot that finished) | DOWN (not wanted) | FAILED (ladder). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "cgroup.h"
#include "cmdline.h"
#include "clock.h"
#include "config.h"
#include "disk_child.h"
#include "exit_text.h"
#include "health.h"
#include "fmt.h"
#include "log.h"
#include "output.h"
#include "restart.h"
#include "root.h"
#include "shutdown.h"
#include "spawn.h"
#include "svc.h"
#include "svc_state.h"
#include "syscalls.h"
#include "throttle.h"

static const struct backoff backoff = {
	.min_ms = CONFIG_WARD_BACKOFF_MIN_MS,
	.max_ms = CONFIG_WARD_BACKOFF_MAX_MS,
	.reset_ms = CONFIG_WARD_BACKOFF_RESET_MS,
};

struct svc svcs[WARD_APP_COUNT + 1];
bool svc_stopping; /* svc_stop_all was called: nothing starts any more */
static bool degraded;
static bool booted; /* the boot reached health (boot_healthy) once */
/* ward.rescue kept every app off: a boot to look into the image, not a test of it. Its
 * health is not judged (every app it counts would be ready, as there are none): the
 * boot-health hook does not approve the image, and the count of reboots in a row does not
 * start over. */
static bool rescue_boot;
/* The child that made data directories and did not end in time: its disk stopped answering
 * (it waits in D state, no signal ends it). Until it ends no other is forked: each start would
 * wait again, and leave one more child behind. */
static pid_t data_child;

/* ward.disable=APP[,APP] keeps apps from starting; ward.only=APP[,APP] starts only those;
 * ward.rescue (a shell instead, rescue.c) none. Returns the switch that keeps `name` from
 * starting, or NULL. */
static const char *kept_off_by(const char *name, const char *disable, const char *only)
{
	if (cmdline_has("ward.rescue"))
		return "ward.rescue";
	if (disable && list_has(disable, name))
		return "ward.disable";
	return only && !list_has(only, name) ? "ward.only" : NULL;
}

/* Names on the command line that no app has: logged, and otherwise ignored. */
static void check_names(const char *key, const char *list)
{
	char name[32];
	const char *item;
	size_t n;

	while ((item = list_next(&list, &n))) {
		if (n == 0 || n >= sizeof(name))
			continue;
		memcpy(name, item, n);
		name[n] = '\0';
		if (svc_find(name) < 0)
			log_info(NULL, "%s: no app named \"%s\": ignored", key, name);
	}
}

void svc_init(long long now, bool cgroup_v1)
{
	static char disable_buf[256], only_buf[256];
	const char *disable = cmdline_value("ward.disable", disable_buf, sizeof(disable_buf));
	const char *only = cmdline_value("ward.only", only_buf, sizeof(only_buf));
	const char *what = "";
	unsigned int controllers = 0;

	rescue_boot = cmdline_has("ward.rescue");
	data_child = 0;
	check_names("ward.disable", disable);
	check_names("ward.only", only);
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
		controllers |= cg_controllers_of(&app_table[i].sb.limits);
	if (WARD_APP_COUNT > 0 && cg_setup_root(cgroup_v1, controllers, &what) < 0)
		log_error(NULL, "set up cgroup", what);
	if (WARD_APP_COUNT > 0 && sb_root_prepare() < 0)
		log_error(NULL, "create", SB_ROOT_DIR);
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
		const char *off = kept_off_by(app_table[i].sb.name, disable, only);

		/* ward.only= also starts apps that are otherwise started only on demand. */
		bool wanted = !off && (app_table[i].autostart ||
				       (only && list_has(only, app_table[i].sb.name)));

		svcs[i] = (struct svc){ .state = wanted ? SVC_BACKOFF : SVC_DOWN, .cgroup_fd = -1,
					.events_fd = -1, .notify_fd = -1, .why_fd = -1, .due_ms = now,
					.last_status = -1, .since_ms = now };
		if (off)
			log_info(app_table[i].sb.name, "not started (%s on the kernel command line)", off);
		if (output_open(i) < 0)
			log_error(app_table[i].sb.name, "create", "output pipe");
	}
}

bool svc_is_ready(unsigned int i)
{
	return (svcs[i].state == SVC_UP && svcs[i].ready) || svcs[i].state == SVC_DONE;
}

void svc_set_state(struct svc *s, enum svc_state state, long long now)
{
	s->state = state;
	s->since_ms = now;
}

static void schedule(struct svc *s, const char *name, const char *how, long long now,
		     long long ran_ms)
{
	s->delay_ms = restart_delay(&backoff, s->delay_ms, ran_ms);
	s->due_ms = now + s->delay_ms;
	svc_set_state(s, SVC_BACKOFF, now);
	log_info(name, "%s, restart in %u ms", how, s->delay_ms);
}

/* Kills what the run left in its cgroup and removes the leaf; a leaf still busy with dying
 * processes is removed by the next start instead. Also after a start that failed: a leaf
 * made in part (a limit the kernel refused) has no handle, and goes too. */
static void release_run(struct svc *s, const struct app_spec *app)
{
	if (s->notify_fd >= 0)
		close(s->notify_fd);
	if (s->why_fd >= 0)
		close(s->why_fd);
	s->notify_fd = s->why_fd = -1;
	if (s->cgroup_fd >= 0) {
		if (cg_kill(&app->sb, s->cgroup_fd) < 0 && errno != ENOENT)
			log_error(app->sb.name, "kill", "cgroup");
		close(s->cgroup_fd);
		s->cgroup_fd = -1;
	}
	if (s->events_fd >= 0)
		close(s->events_fd);
	s->events_fd = -1;
	cg_remove(&app->sb);
}

/* The run's readiness pipe: PID 1 keeps the read end, the app gets the write end at its
 * notify fd. A pipe per run, so that a line left over from the last run proves nothing. */
static int open_notify(struct svc *s, const struct app_spec *app)
{
	int fds[2];

	if (app->sb.notify_fd == 0)
		return -1;
	if (sb_pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) {
		log_error(app->sb.name, "create", "notify pipe");
		return -1;
	}
	s->notify_fd = fds[0];
	return fds[1];
}

static bool climb_ladder(struct svc *s, const struct app_spec *app, long long now);

/* A start that failed before the app ran (its data directory, its cgroup leaf, the clone) is a
 * failure like a crash: counted in the crash window, so that the ladder acts on it. Else a
 * critical app that can no longer be started would wait in backoff for ever, and the board,
 * useless without it, would go on feeding its watchdog. */
static void start_failed(struct svc *s, const struct app_spec *app, long long now)
{
	if (!climb_ladder(s, app, now))
		schedule(s, app->sb.name, "not started", now, 0);
}

static const struct sb_spec *preparing; /* prepare_data's app, for its child */

/* In a child (disk_child.c): the app's persistent data directories, made and given to its
 * ids. Their disk may stop answering (a dead card): the child waits then, not PID 1. */
static int prepare_data(void)
{
	const char *what = "";

	if (sb_root_prepare_data(preparing, &what) == 0)
		return 0;
	log_error(preparing->name, "create", what);
	return 1;
}

/* 0 when the app's data directories are ready (or it has none), else -1, logged. */
static int data_ready(const struct sb_spec *spec)
{
	int wait = disk_wait_ms(), left = wait, ret;
	unsigned int k = 0;

	while (k < spec->nbinds && !(spec->binds[k].flags & SB_BIND_CREATE))
		k++;
	if (k == spec->nbinds)
		return 0; /* none: no child to fork */
	preparing = spec;
	ret = DISK_CHILD_LATE;
	if (!data_child) {
		/* 0: no child, made in PID 1 (a failure shows as the bind's, in the sandbox) */
		pid_t child = disk_child_start(prepare_data);

		ret = child ? disk_child_wait(child, &left) : 0;
		if (ret == DISK_CHILD_LATE)
			data_child = child;
	}
	if (ret < 0) /* late, this one or one before it, or killed */
		log_info(spec->name, "its data directories: no answer in %d ms", wait);
	return ret ? -1 : 0;
}

static void start(struct svc *s, const struct app_spec *app, unsigned int i, long long now)
{
	struct sb_log child_log;
	struct sb_io io = { .out_fd = output_write_fd(i), .notify_fd = -1, .why_fd = -1 };
	int why[2];

	/* A failed start is scheduled again: a waiting app has no deadline. */
	s->waiting = false;
	if (data_ready(&app->sb) < 0) {
		start_failed(s, app, now);
		return;
	}
	io.notify_fd = open_notify(s, app);
	/* Without it, every exit code reads as the app's own. */
	if (sb_pipe2(why, O_CLOEXEC | O_NONBLOCK) == 0) {
		s->why_fd = why[0];
		io.why_fd = why[1];
	}
	log_sinks_fresh(&child_log);
	/* The leaf is made in sb_spawn: under v1 while the child builds its root. */
	s->pid = sb_spawn(&app->sb, &s->cgroup_fd, &io, &child_log);
	log_sinks_close(&child_log);
	if (io.notify_fd >= 0)
		close(io.notify_fd);
	if (io.why_fd >= 0)
		close(io.why_fd);
	if (s->pid < 0) { /* reported by sb_spawn */
		release_run(s, app);
		start_failed(s, app, now);
		return;
	}
	s->events_fd = cg_events_fd(&app->sb, s->cgroup_fd);
	s->oom_kills = 0;
	s->oom_recheck_ms = s->oom_logged_ms = 0;
	svc_set_state(s, SVC_UP, now);
	s->ready = !app->oneshot && app->sb.notify_fd == 0;
	s->hung = s->frozen = s->timed_out = s->term_sent = false;
	s->term_ms = 0;
	s->starts++;
	s->started_ms = s->beat_ms = now;
	log_info(app->sb.name, "started as pid %d", (int)s->pid);
}

bool svc_depends_on(unsigned int j, unsigned int i)
{
	for (unsigned int k = 0; k < app_table[j].ndepends; k++)
		if (app_table[j].depends[k] == i)
			return true;
	return false;
}

/* The first dependency of app i that is not ready, or -1. */
static int unready_dependency(unsigned int i)
{
	for (unsigned int k = 0; k < app_table[i].ndepends; k++)
		if (!svc_is_ready(app_table[i].depends[k]))
			return app_table[i].depends[k];
	return -1;
}

bool svc_may_reboot(long long now)
{
	if (svc_stopping)
		return false;
	/* Degraded while the throttle refuses: once it allows a reboot again (the count
	 * started over), a hung critical app is left to the watchdog as on any boot. */
	degraded = !throttle_reboot(now);
	return !degraded;
}

static void reboot_for(const char *name, const char *why, long long now)
{
	if (!svc_may_reboot(now))
		return;
	log_info(name, "%s: rebooting the board", why);
	/* The throttle may have waited for its record: the grace period starts now. */
	shutdown_begin(SHUTDOWN_REBOOT, clock_ms());
}

static long long earliest(long long a, long long b)
{
	return a < 0 || (b >= 0 && b < a) ? b : a;
}

/* The boot is healthy once every critical app is ready at once, or ended well and is not
 * restarted (done with, as for the watchdog); one ready before and crashed since is no
 * health. Without critical apps, once every app is. Apps kept off at boot (on demand, or by
 * the command line) do not count. */
static bool kept_off(unsigned int i)
{
	return svcs[i].state == SVC_DOWN && svcs[i].starts == 0;
}

static bool boot_healthy(const char **why)
{
	bool any_critical = false;

	for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
		any_critical |= app_table[i].critical && !kept_off(i);
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
		if (!kept_off(i) && !svc_is_ready(i) &&
		    !(svcs[i].state == SVC_DOWN && svcs[i].last_status == 0) &&
		    (app_table[i].critical || !any_critical))
			return false;
	*why = any_critical ? "every critical app is ready" : "every app started at boot is ready";
	return true;
}

static bool lost(unsigned int i);

/* Whether app i waits for a dependency that is lost. */
static bool waits_in_vain(unsigned int i)
{
	if (svcs[i].state != SVC_BACKOFF || !svcs[i].waiting)
		return false;
	for (unsigned int k = 0; k < app_table[i].ndepends; k++)
		if (lost(app_table[i].depends[k]))
			return true;
	return false;
}

/* Whether app i will not be ready again unless someone asks: failed and left down, ended and
 * not started again (a run that ended, not one never started: kept off, or on demand), or
 * waiting in vain. wardgen refuses dependency cycles. */
static bool lost(unsigned int i)
{
	const struct svc *s = &svcs[i];

	return s->state == SVC_FAILED || (s->state == SVC_DOWN && !s->held && s->starts) ||
	       waits_in_vain(i);
}

/* No critical app is hung, failed and left down, killed for its time yet still there (its
 * sandbox stuck on a disk), or waiting in vain: the watchdog, fed only then, resets a board
 * that is no use without it. (One that ended well and is not restarted is done with.) */
static bool critical_apps_up(void)
{
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
		const struct svc *s = &svcs[i];

		if (app_table[i].critical &&
		    (s->hung || s->state == SVC_FAILED || (s->state == SVC_UP && s->timed_out) ||
		     waits_in_vain(i)))
			return false;
	}
	return true;
}

long long svc_tick(long long now)
{
	long long next = -1;
	static const char *why; /* what made the boot healthy */
	bool started = false;

	for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
		struct svc *s = &svcs[i];
		const struct app_spec *app = &app_table[i];

		if (s->state == SVC_BACKOFF && !svc_stopping && s->due_ms <= now) {
			int dep = unready_dependency(i);

			if (dep < 0) {
				start(s, app, i, now);
				started = true;
			} else if (!s->waiting) {
				s->waiting = true;
				log_info(app->sb.name, "waiting for %s to be ready", app_table[dep].sb.name);
			}
		}
		if (s->state == SVC_UP)
			svc_watch(s, app, i, now);
		next = earliest(next, svc_next_deadline(s, app));
	}
	if (!svc_stopping && !booted && !rescue_boot)
		booted = boot_healthy(&why);
	/* Each pass: the hook's start is tried again after a fork that failed. */
	if (!svc_stopping && booted)
		health_reached(why);
	/* Degraded is no health: the count of reboots in a row goes on. */
	throttle_tick(now, booted && critical_apps_up());
	/* An app earlier in the table may wait for one started in this pass, ready at once:
	 * a waiting app has no deadline, so the next pass must come now. */
	return started ? now : next;
}

static int index_of(pid_t pid)
{
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
		if (svcs[i].state == SVC_UP && svcs[i].pid == pid)
			return (int)i;
	return -1;
}

/* A failed run: a crash loop takes the next rung of the app's ladder. Returns whether the
 * ladder decided what happens next (else the restart policy does). */
static bool climb_ladder(struct svc *s, const struct app_spec *app, long long now)
{
	enum app_rung rung;
	const char *name = app->sb.name;

	if (!crash_loop(&s->crashes, now, app->crash_limit, app->crash_window_ms))
		return false;
	rung = app->ladder[s->rung < app->nladder ? s->rung : app->nladder - 1];
	s->rung += s->rung < app->nladder;
	log_info(name, "crash loop: %u failures within %u ms", app->crash_limit,
		 app->crash_window_ms);
	/* A retry with rungs above it starts its backoff over: grown on, it would soon space
	 * the failures wider than CRASH_WINDOW_MS, no crash loop would be counted again, and the
	 * rungs above (a reboot for a critical app) would never be reached. */
	if (rung == APP_RUNG_RETRY) {
		if (s->rung < app->nladder)
			s->delay_ms = 0;
		return false;
	}
	svc_set_state(s, SVC_FAILED, now);
	if (rung == APP_RUNG_REBOOT || app->critical) {
		log_info(name, "failed%s", app->critical ? " (critical)" : "");
		reboot_for(name, "crash loop", now);
		return true;
	}
	log_info(name, "failed: left down until started again");
	if (rung == APP_RUNG_FALLBACK && app->fallback >= 0) {
		log_info(name, "starting its fallback %s", app_table[app->fallback].sb.name);
		svc_start((unsigned int)app->fallback, now);
	}
	return true;
}

void svc_exited(pid_t pid, int status, long long now)
{
	int i = index_of(pid);
	struct svc *s;
	const struct app_spec *app;
	char how[80];
	long oom;
	bool failed;

	if (i < 0) {
		if (pid == data_child)
			data_child = 0; /* its disk answered at last */
		health_exited(pid, status);
		return; /* else an orphan: reaping it was all it needed */
	}
	s = &svcs[i];
	app = &app_table[i];
	oom = cg_oom_kills(&app->sb, s->cgroup_fd);
	sb_describe_exit(how, sizeof(how), status, sb_exit_why(s->why_fd));
	svc_log_oom_kills(s, app, oom, -1);
	/* What the app left behind in its cgroup ends with it. */
	release_run(s, app);
	output_end_run((unsigned int)i, app->sb.name);
	s->pid = 0;
	s->last_status = status;
	s->ready = s->hung = false;
	/* A run longer than the crash window ends any loop: the next one starts the ladder
	 * over (a critical app's one loop at boot would otherwise make its next, a day later,
	 * a reboot). */
	if (now - s->started_ms >= app->crash_window_ms)
		s->rung = 0;
	failed = restart_failed(status, oom) || s->timed_out;
	if (svc_stopping || s->held) {
		svc_set_state(s, SVC_DOWN, now);
		log_info(app->sb.name, "%s", how);
	} else if (s->again) {
		s->again = false;
		s->delay_ms = 0;
		s->due_ms = now;
		svc_set_state(s, SVC_BACKOFF, now);
		log_info(app->sb.name, "%s, restarting as asked", how);
	} else if (app->oneshot && !failed) {
		svc_set_state(s, SVC_DONE, now);
		log_info(app->sb.name, "finished (%s)", how);
	} else if (failed && climb_ladder(s, app, now)) {
		/* the ladder took it from here */
	} else if (restart_wanted(app->restart, failed)) {
		schedule(s, app->sb.name, how, now, now - s->started_ms);
	} else if (failed && app->critical) {
		/* Not restarted: failed for good, as at the top of its ladder. */
		svc_set_state(s, SVC_FAILED, now);
		log_info(app->sb.name, "%s", how);
		reboot_for(app->sb.name, "failed (critical), not restarted", now);
	} else {
		svc_set_state(s, SVC_DOWN, now);
		log_info(app->sb.name, "%s", how);
	}
}

void svc_stop_all(long long now)
{
	svc_stopping = true;
	/* Each app is stopped once what depends on it is down: svc_tick sends the SIGTERMs. */
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
		svcs[i].held = true;
		svcs[i].again = false;
		if (svcs[i].state == SVC_BACKOFF)
			svc_set_state(&svcs[i], SVC_DOWN, now);
	}
	svc_tick(now);
}

void svc_kill_all(void)
{
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
		if (svcs[i].state != SVC_UP)
			continue;
		log_info(app_table[i].sb.name, "still running after the grace period: killing it");
		svc_kill_run(&svcs[i], &app_table[i]);
	}
}

unsigned int svc_running(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
		n += svcs[i].state == SVC_UP;
	return n;
}

int svc_output_fd(unsigned int i, long long now)
{
	return output_poll_fd(i, now);
}

void svc_output(unsigned int i)
{
	output_drain(i, app_table[i].sb.name);
}

bool svc_healthy(long long now)
{
	(void)now;
	/* Degraded by the reboot throttle, PID 1 chose to stay up: resetting would loop. */
	return degraded || critical_apps_up();
}
