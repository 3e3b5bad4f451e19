/* svc.c: starts each app, watches it end, and decides when it starts again (restart.c).
 * States: BACKOFF (waiting to start) -> UP (running) -> BACKOFF | DOWN. */
#include <errno.h>
#include <signal.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "cgroup.h"
#include "cmdline.h"
#include "config.h"
#include "log.h"
#include "output.h"
#include "restart.h"
#include "root.h"
#include "spawn.h"
#include "svc.h"

enum svc_state { SVC_DOWN, SVC_BACKOFF, SVC_UP };

struct svc {
	enum svc_state state;
	bool held;   /* stopped by request: not restarted until started again */
	bool frozen;
	bool again;  /* restart requested: start once it has ended, whatever its policy */
	pid_t pid;
	unsigned int starts;
	int last_status;
	long long since_ms;
	int cgroup_fd;
	int events_fd;  /* memory.events of the run, polled: OOM kills are logged as they happen */
	long oom_kills; /* logged so far in this run */
	unsigned int delay_ms;
	long long started_ms;
	long long due_ms;
};

static const struct backoff backoff = {
	.min_ms = CONFIG_WARD_BACKOFF_MIN_MS,
	.max_ms = CONFIG_WARD_BACKOFF_MAX_MS,
	.reset_ms = CONFIG_WARD_BACKOFF_RESET_MS,
};

static struct svc svcs[WARD_APP_COUNT + 1];
static int stopping;

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

	for (const char *p = list; p && *p; p += strcspn(p, ",")) {
		size_t n;
		bool known = false;

		p += *p == ',';
		n = strcspn(p, ",");
		if (n == 0 || n >= sizeof(name))
			continue;
		memcpy(name, p, n);
		name[n] = '\0';
		for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
			known |= strcmp(app_table[i].sb.name, name) == 0;
		if (!known)
			log_info(NULL, "%s: no app named \"%s\": ignored", key, name);
	}
}

void svc_init(long long now, bool cgroup_v1)
{
	static char disable_buf[256], only_buf[256];
	const char *disable = cmdline_value("ward.disable", disable_buf, sizeof(disable_buf));
	const char *only = cmdline_value("ward.only", only_buf, sizeof(only_buf));
	const char *what = "";

	check_names("ward.disable", disable);
	check_names("ward.only", only);
	if (WARD_APP_COUNT > 0 && cg_setup_root(cgroup_v1, &what) < 0)
		log_error(NULL, "set up cgroup", what, errno);
	if (WARD_APP_COUNT > 0 && sb_root_prepare() < 0)
		log_error(NULL, "create", SB_ROOT_DIR, errno);
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
		const char *off = kept_off_by(app_table[i].sb.name, disable, only);

		svcs[i] = (struct svc){ .state = off ? SVC_DOWN : SVC_BACKOFF, .cgroup_fd = -1,
					.events_fd = -1, .due_ms = now, .last_status = -1,
					.since_ms = now };
		if (off)
			log_info(app_table[i].sb.name, "not started (%s on the kernel command line)", off);
		if (output_open(i) < 0)
			log_error(app_table[i].sb.name, "create", "output pipe", errno);
	}
}

static void schedule(struct svc *s, const char *name, const char *how, long long now,
		     long long ran_ms)
{
	s->delay_ms = restart_delay(&backoff, s->delay_ms, ran_ms);
	s->due_ms = now + s->delay_ms;
	s->state = SVC_BACKOFF;
	s->since_ms = now;
	log_info(name, "%s, restart in %u ms", how, s->delay_ms);
}

/* Kills what the run left in its cgroup and removes the leaf; a leaf still busy with dying
 * processes is removed by the next start instead. */
static void release_cgroup(struct svc *s, const struct app_spec *app)
{
	if (s->cgroup_fd < 0)
		return;
	if (cg_kill(&app->sb, s->cgroup_fd) < 0 && errno != ENOENT)
		log_error(app->sb.name, "kill", "cgroup", errno);
	close(s->cgroup_fd);
	s->cgroup_fd = -1;
	if (s->events_fd >= 0)
		close(s->events_fd);
	s->events_fd = -1;
	cg_remove(&app->sb);
}

static void start(struct svc *s, const struct app_spec *app, unsigned int i, long long now)
{
	const char *what = "";
	struct sb_log child_log;

	if (sb_root_prepare_data(&app->sb, &what) < 0) {
		log_error(app->sb.name, "create", what, errno);
		schedule(s, app->sb.name, "not started", now, 0);
		return;
	}
	s->cgroup_fd = cg_create(&app->sb, &what);
	if (s->cgroup_fd < 0) {
		log_error(app->sb.name, "create", what, errno);
		schedule(s, app->sb.name, "not started", now, 0);
		return;
	}
	log_sinks_fresh(&child_log);
	s->pid = sb_spawn(&app->sb, s->cgroup_fd, output_write_fd(i), &child_log);
	log_sinks_close(&child_log);
	if (s->pid < 0) {
		log_error(app->sb.name, "clone", "sandbox", errno);
		release_cgroup(s, app);
		schedule(s, app->sb.name, "not started", now, 0);
		return;
	}
	s->events_fd = cg_events_fd(s->cgroup_fd);
	s->oom_kills = 0;
	s->state = SVC_UP;
	s->frozen = false;
	s->starts++;
	s->started_ms = s->since_ms = now;
	log_info(app->sb.name, "started as pid %d", (int)s->pid);
}

long long svc_tick(long long now)
{
	long long next = -1;

	for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
		struct svc *s = &svcs[i];

		if (s->state != SVC_BACKOFF || stopping)
			continue;
		if (s->due_ms <= now)
			start(s, &app_table[i], i, now);
		if (s->state == SVC_BACKOFF && (next < 0 || s->due_ms < next))
			next = s->due_ms;
	}
	return next;
}

/* How an app ended, in words. Behind a pid-namespace reaper, 128+N means signal N and the
 * sandbox's own exit codes name the setup step that failed. */
static void describe_exit(char *buf, size_t len, int status, int reaped_in_ns)
{
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	const char *step = sb_exit_step(code);

	if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d", WTERMSIG(status));
	else if (reaped_in_ns && code > SB_EXIT_SIGNAL_BASE && code < SB_EXIT_SIGNAL_BASE + NSIG)
		snprintf(buf, len, "killed by signal %d", code - SB_EXIT_SIGNAL_BASE);
	else if (step)
		snprintf(buf, len, "exited with code %d (sandbox setup failed: %s)", code, step);
	else
		snprintf(buf, len, "exited with code %d", code);
}

/* Logs the OOM kills of the run not logged yet. */
static void log_oom_kills(struct svc *s, const struct app_spec *app, long total)
{
	if (total <= s->oom_kills)
		return;
	log_info(app->sb.name, "the OOM killer ended %ld of its processes (memory.max)",
		 total - s->oom_kills);
	s->oom_kills = total;
}

int svc_events_fd(unsigned int i)
{
	return svcs[i].state == SVC_UP ? svcs[i].events_fd : -1;
}

void svc_events(unsigned int i)
{
	struct svc *s = &svcs[i];

	if (s->state == SVC_UP && s->events_fd >= 0)
		log_oom_kills(s, &app_table[i], cg_events_oom_kills(s->events_fd));
}

static int index_of(pid_t pid)
{
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
		if (svcs[i].state == SVC_UP && svcs[i].pid == pid)
			return (int)i;
	return -1;
}

void svc_exited(pid_t pid, int status, long long now)
{
	int i = index_of(pid);
	struct svc *s;
	const struct app_spec *app;
	char how[64];
	long oom;

	if (i < 0)
		return; /* an orphan: reaping it was all it needed */
	s = &svcs[i];
	app = &app_table[i];
	oom = cg_oom_kills(&app->sb, s->cgroup_fd);
	describe_exit(how, sizeof(how), status, !!(app->sb.namespaces & CLONE_NEWPID));
	log_oom_kills(s, app, oom);
	/* What the app left behind in its cgroup ends with it. */
	release_cgroup(s, app);
	s->pid = 0;
	s->last_status = status;
	s->since_ms = now;
	if (!stopping && s->again) {
		s->again = false;
		s->delay_ms = 0;
		s->state = SVC_BACKOFF;
		s->due_ms = now;
		log_info(app->sb.name, "%s, restarting as asked", how);
	} else if (!stopping && !s->held &&
		   restart_wanted(app->restart, restart_failed(status, oom))) {
		schedule(s, app->sb.name, how, now, now - s->started_ms);
	} else {
		s->state = SVC_DOWN;
		log_info(app->sb.name, "%s", how);
	}
}

void svc_stop_all(int sig)
{
	stopping = 1;
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
		if (svcs[i].state == SVC_UP)
			kill(svcs[i].pid, sig);
		else
			svcs[i].state = SVC_DOWN;
	}
}

void svc_kill_all(void)
{
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
		if (svcs[i].state != SVC_UP)
			continue;
		log_info(app_table[i].sb.name, "still running after the grace period: killing it");
		if (cg_kill(&app_table[i].sb, svcs[i].cgroup_fd) < 0)
			kill(svcs[i].pid, SIGKILL);
	}
}

unsigned int svc_running(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
		n += svcs[i].state == SVC_UP;
	return n;
}

int svc_output_fd(unsigned int i)
{
	return output_read_fd(i);
}

void svc_output(unsigned int i)
{
	output_drain(i, app_table[i].sb.name);
}

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
					     [SVC_UP] = "up" };

	*out = (struct svc_info){
		.state = s->held && s->state == SVC_UP ? "stopping" : names[s->state],
		.pid = s->state == SVC_UP ? s->pid : 0,
		.since_ms = s->since_ms,
		.restarts = s->starts > 0 ? s->starts - 1 : 0,
		.last_status = s->last_status,
		.ready = s->state == SVC_UP,
		.frozen = s->frozen,
	};
}

int svc_start(unsigned int i, long long now)
{
	struct svc *s = &svcs[i];

	if (stopping)
		return -ESHUTDOWN;
	s->held = false;
	if (s->state != SVC_DOWN)
		return -EALREADY;
	s->state = SVC_BACKOFF;
	s->delay_ms = 0;
	s->due_ms = s->since_ms = now;
	return 0;
}

int svc_stop(unsigned int i, long long now)
{
	struct svc *s = &svcs[i];

	s->held = true;
	if (s->state == SVC_BACKOFF) {
		s->state = SVC_DOWN;
		s->since_ms = now;
		return 0;
	}
	if (s->state != SVC_UP)
		return -EALREADY;
	if (s->frozen)
		svc_freeze(i, false);
	return kill(s->pid, SIGTERM) < 0 ? -errno : 0;
}

int svc_restart(unsigned int i, long long now)
{
	int err = svc_stop(i, now);

	if (err < 0 && err != -EALREADY)
		return err;
	svcs[i].held = false;
	if (svcs[i].state == SVC_DOWN)
		return svc_start(i, now);
	svcs[i].again = true; /* started again once it has ended */
	return 0;
}

int svc_signal(unsigned int i, int sig)
{
	if (svcs[i].state != SVC_UP)
		return -ESRCH;
	return kill(svcs[i].pid, sig) < 0 ? -errno : 0;
}

int svc_freeze(unsigned int i, bool frozen)
{
	struct svc *s = &svcs[i];

	if (s->state != SVC_UP)
		return -ESRCH;
	if (cg_freeze(&app_table[i].sb, s->cgroup_fd, frozen) < 0)
		return -errno;
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

bool svc_healthy(long long now)
{
	(void)now;
	return true;
}
