/* test_svc.c: the supervision (init/svc.c, svc_ctl.c, svc_watch.c, restart.c) driven through
 * time by hand, the rest of PID 1 stubbed: no process runs, kill() only counts, and the reboot
 * throttle answers as each test says. It checks what wardctl's start, restart and freeze do
 * in each state; that a frozen app gives the loop no deadline in the past (it would spin);
 * that a hung critical app is left to the watchdog once the throttle allows a reboot again;
 * that an app waiting for one started later in the same pass is not left waiting for the
 * loop's idle wakeup, nor one whose start failed after such a wait; that a ward.rescue boot
 * is not judged healthy; and that the watchdog is not fed while a critical app failed and is
 * not restarted, waits for a dependency left down, or was killed and is still there. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "app.h"
#include "cgroup.h"
#include "cmdline.h"
#include "exit_text.h"
#include "clock.h"
#include "health.h"
#include "log.h"
#include "output.h"
#include "root.h"
#include "shutdown.h"
#include "spawn.h"
#include "svc.h"
#include "svc_state.h"
#include "throttle.h"

enum { API, DB, CRIT, ONCE, LONE, FEEDER, USER, AFTER };
static const unsigned short on_db[] = { DB }, on_feeder[] = { FEEDER }, on_once[] = { ONCE };
static const struct sb_bind api_data[] = { { "/data/api", "/data", SB_BIND_RW | SB_BIND_CREATE } };
/* api is listed before db, which it depends on, and has a data directory; crit says when it
 * is ready and beats. */
const struct app_spec app_table[] = {
	[API] = { .sb = { .name = "api", .binds = api_data, .nbinds = 1 }, .depends = on_db,
		  .ndepends = 1,
		  .restart = APP_RESTART_ALWAYS, .crash_window_ms = 60000, .crash_limit = 5,
		  .fallback = -1, .ladder = { APP_RUNG_RETRY }, .nladder = 1, .autostart = true },
	[DB] = { .sb = { .name = "db" }, .restart = APP_RESTART_ON_FAILURE,
		 .crash_window_ms = 60000, .crash_limit = 5, .fallback = -1,
		 .ladder = { APP_RUNG_RETRY, APP_RUNG_RETRY, APP_RUNG_REBOOT }, .nladder = 3,
		 .critical = true, .autostart = true },
	[CRIT] = { .sb = { .name = "crit", .notify_fd = 3 }, .restart = APP_RESTART_ALWAYS,
		   .heartbeat_ms = 1000, .timeout_ms = 5000, .crash_window_ms = 60000,
		   .crash_limit = 5, .fallback = -1, .ladder = { APP_RUNG_RETRY, APP_RUNG_REBOOT },
		   .nladder = 2, .critical = true, .autostart = true },
	[ONCE] = { .sb = { .name = "once" }, .restart = APP_RESTART_ON_FAILURE, .oneshot = true,
		   .crash_window_ms = 60000, .crash_limit = 5, .fallback = -1,
		   .ladder = { APP_RUNG_STOP }, .nladder = 1, .autostart = true },
	/* lone is critical and never restarted; user, critical, depends on feeder, which its
	 * first failure leaves down for good. */
	[LONE] = { .sb = { .name = "lone" }, .restart = APP_RESTART_NEVER,
		   .crash_window_ms = 60000, .crash_limit = 5, .fallback = -1,
		   .ladder = { APP_RUNG_RETRY, APP_RUNG_REBOOT }, .nladder = 2, .critical = true,
		   .autostart = true },
	[FEEDER] = { .sb = { .name = "feeder" }, .restart = APP_RESTART_ALWAYS,
		     .crash_window_ms = 60000, .crash_limit = 1, .fallback = -1,
		     .ladder = { APP_RUNG_STOP }, .nladder = 1, .autostart = true },
	[USER] = { .sb = { .name = "user" }, .depends = on_feeder, .ndepends = 1,
		   .restart = APP_RESTART_ALWAYS, .crash_window_ms = 60000, .crash_limit = 5,
		   .fallback = -1, .ladder = { APP_RUNG_RETRY, APP_RUNG_REBOOT }, .nladder = 2,
		   .critical = true, .autostart = true },
	/* after runs once once has done its work. */
	[AFTER] = { .sb = { .name = "after" }, .depends = on_once, .ndepends = 1,
		    .restart = APP_RESTART_ALWAYS, .crash_window_ms = 60000, .crash_limit = 5,
		    .fallback = -1, .ladder = { APP_RUNG_RETRY }, .nladder = 1, .autostart = true },
	{ .sb = { .name = NULL } },
};

/* ---- the rest of PID 1, stubbed ---- */
static int next_pid = 1000;
static int notify_w[WARD_APP_COUNT] = { [0 ... WARD_APP_COUNT - 1] = -1 }; /* the app's end of its notify pipe */
static int kills[WARD_APP_COUNT];			   /* kill()s of each app's pid */
static bool reboot_allowed;				   /* the throttle's answer */
static int shutdowns;

void log_info(const char *app, const char *fmt, ...) { (void)app, (void)fmt; }
void log_debug(const char *app, const char *fmt, ...) { (void)app, (void)fmt; }
void log_error(const char *app, const char *verb, const char *object)
{
	(void)app, (void)verb, (void)object;
}
void log_sinks_fresh(struct sb_log *out) { out->console_fd = out->kmsg_fd = -1; }
void log_sinks_close(struct sb_log *log) { (void)log; }
static bool rescue_switch; /* ward.rescue on the kernel command line */
bool cmdline_has(const char *word) { return rescue_switch && !strcmp(word, "ward.rescue"); }
const char *cmdline_value(const char *key, char *buf, size_t len)
{
	(void)key, (void)buf, (void)len;
	return NULL;
}
const char *list_next(const char **list, size_t *len) { (void)list, (void)len; return NULL; }
bool list_has(const char *list, const char *name) { (void)list, (void)name; return false; }
unsigned int cg_controllers_of(const struct sb_limits *l) { (void)l; return 0; }
int cg_setup_root(bool v1, unsigned int controllers, const char **what)
{
	(void)v1, (void)controllers, (void)what;
	return 0;
}
int sb_root_prepare(void) { return 0; }
/* sb_root_prepare_data's answer: the data directory not made, or not before 2 s (a disk that
 * stopped answering; called in PID 1, it held every app's supervision that long). */
static bool data_fails, data_hangs;
int sb_root_prepare_data(const struct sb_spec *spec, const char **what)
{
	(void)spec, (void)what;
	if (data_hangs)
		sleep(2);
	return data_fails ? -1 : 0;
}
/* The watchdog's slack ends at this time of clock_ms() (-1: no watchdog). */
static long long slack_end = -1;
long long watchdog_slack_ms(long long now)
{
	return slack_end < 0 ? -1 : slack_end > now ? slack_end - now : 0;
}
int output_open(unsigned int i) { (void)i; return 0; }
int output_write_fd(unsigned int i) { (void)i; return -1; }
void output_end_run(unsigned int i, const char *name) { (void)i, (void)name; }
int output_poll_fd(unsigned int i, long long now) { (void)i, (void)now; return -1; }
void output_drain(unsigned int i, const char *name) { (void)i, (void)name; }
int cg_kill(const struct sb_spec *spec, int cgroup) { (void)spec, (void)cgroup; return 0; }
int cg_remove(const struct sb_spec *spec) { (void)spec; return 0; }
int cg_freeze(const struct sb_spec *spec, int cgroup, bool frozen)
{
	(void)spec, (void)cgroup, (void)frozen;
	return 0;
}
long cg_oom_kills(const struct sb_spec *spec, int cgroup) { (void)spec, (void)cgroup; return 0; }
long cg_events_oom_kills(const struct sb_spec *spec, int fd) { (void)spec, (void)fd; return 0; }
int cg_events_fd(const struct sb_spec *spec, int cgroup) { (void)spec, (void)cgroup; return -1; }
void sb_describe_exit(char *buf, size_t len, int status, int why)
{
	(void)status, (void)why;
	if (len)
		buf[0] = '\0';
}
int sb_exit_why(int fd) { (void)fd; return -1; }
bool health_exited(pid_t pid, int status) { (void)pid, (void)status; return false; }
static int healths; /* health_reached calls */
void health_reached(const char *why) { (void)why, healths++; }
void shutdown_begin(enum shutdown_kind kind, long long now)
{
	(void)kind;
	shutdowns++;
	svc_stop_all(now);
}
bool throttle_reboot(long long now) { (void)now; return reboot_allowed; }
static int healthy_ticks; /* throttle_tick told the board is healthy */
void throttle_tick(long long now, bool healthy) { (void)now, healthy_ticks += healthy; }

pid_t sb_spawn(const struct sb_spec *spec, int *cgroup, const struct sb_io *io,
	       const struct sb_log *log)
{
	/* sb comes first in struct app_spec */
	unsigned int i = (unsigned int)((const struct app_spec *)(const void *)spec - app_table);

	(void)log;
	if (cgroup)
		*cgroup = -1;
	if (notify_w[i] >= 0)
		close(notify_w[i]);
	notify_w[i] = io->notify_fd >= 0 ? fcntl(io->notify_fd, F_DUPFD_CLOEXEC, 3) : -1;
	return next_pid++;
}

int kill(pid_t pid, int sig)
{
	(void)sig;
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
		if (svcs[i].state == SVC_UP && svcs[i].pid == pid)
			kills[i]++;
	return 0;
}

/* ---- helpers ---- */
static int boot(void **state)
{
	(void)state;
	memset(kills, 0, sizeof(kills));
	reboot_allowed = true;
	data_fails = data_hangs = false;
	slack_end = -1;
	svc_stopping = false; /* a test's reboot stopped every app: svc_init keeps it */
	shutdowns = healths = healthy_ticks = 0;
	svc_watchdog_armed(true);
	svc_init(0, false);
	return 0;
}

/* Ticks from `from` to `to` every `step` ms, as the loop would at least. */
static void run(long long from, long long to, long long step)
{
	for (long long t = from; t <= to; t += step)
		svc_tick(t);
}

/* crit says it is ready, or beats. */
static void beat(long long now)
{
	assert_int_equal(write(notify_w[CRIT], "\n", 1), 1);
	svc_notify(CRIT, now);
}

static void assert_up(unsigned int i)
{
	assert_int_equal(svcs[i].state, SVC_UP);
	assert_false(svcs[i].held);
}

/* ---- tests ---- */

/* Listed first, api waits for db; db is started in the same pass and ready at once: the
 * next pass must come now, not at the loop's idle wakeup (the old return: -1). */
static void dependency_started_later_in_the_pass(void **state)
{
	long long next;

	(void)state;
	next = svc_tick(0);
	assert_int_equal(svcs[DB].state, SVC_UP);
	assert_int_equal(svcs[API].state, SVC_BACKOFF);
	assert_int_equal(next, 0);
	svc_tick(next);
	assert_int_equal(svcs[API].state, SVC_UP);
}

/* wardctl kill -s STOP: refused, it would stop the app's reaper (which cannot catch it to
 * pass it on), not the app. Any other signal is sent (kill is counted here). */
static void stop_refused(void **state)
{
	(void)state;
	svc_tick(0);
	assert_up(DB);
	assert_int_equal(svc_signal(DB, SIGSTOP), -EINVAL);
	assert_int_equal(kills[DB], 0);
	assert_int_equal(svc_signal(DB, SIGTTIN), 0);
	assert_int_equal(kills[DB], 1);
}

/* Frozen while starting, past its TIMEOUT_MS: no deadline at or before now (a poll timeout
 * of 0 each turn), and its time to become ready stops while it is frozen. */
static void frozen_while_starting(void **state)
{
	(void)state;
	svc_tick(0);
	svc_tick(0); /* api, once db is ready */
	assert_false(svcs[CRIT].ready);
	assert_int_equal(svc_freeze(CRIT, true, 1000), 0);
	for (long long t = 2000; t <= 60000; t += 1000) {
		long long next = svc_tick(t);

		assert_true(next < 0 || next > t);
	}
	assert_int_equal(kills[CRIT], 0);
	/* 1 s of its 5 s went before the freeze: 4 s from the thaw */
	assert_int_equal(svc_freeze(CRIT, false, 60000), 0);
	run(60000, 63900, 100);
	assert_int_equal(kills[CRIT], 0);
	svc_tick(64000);
	assert_true(kills[CRIT] > 0);
}

/* Hung once while the throttle refused a reboot: killed, and PID 1 stays up, degraded.
 * Hung again once the throttle allows a reboot: left to the watchdog, which must then be fed
 * no more (before, degraded stayed set and kept it fed, with the app hung for ever). */
static void hung_after_a_refused_reboot(void **state)
{
	(void)state;
	svc_tick(0);
	beat(10);
	svc_tick(10);
	assert_true(svcs[CRIT].ready);
	reboot_allowed = false;
	svc_tick(1100);
	assert_true(kills[CRIT] > 0);
	assert_true(svc_healthy(1100));
	svc_exited(svcs[CRIT].pid, SIGKILL, 1101);
	run(1200, 1300, 100);
	assert_up(CRIT);
	beat(1300);
	kills[CRIT] = 0;
	reboot_allowed = true;
	svc_tick(2400);
	assert_true(svcs[CRIT].hung);
	assert_int_equal(kills[CRIT], 0);
	assert_false(svc_healthy(2400));
}

/* Hung while the watchdog is not armed yet (a late device): killed. Its run over, it is hung
 * no more: `wardctl stop` then left it down as hung, and the watchdog, once armed, unfed. */
static void hung_no_more_once_ended(void **state)
{
	(void)state;
	svc_watchdog_armed(false);
	svc_tick(0);
	beat(10);
	svc_tick(1100);
	assert_true(svcs[CRIT].hung);
	assert_true(kills[CRIT] > 0);
	svc_exited(svcs[CRIT].pid, SIGKILL, 1101);
	assert_int_equal(svc_stop(CRIT, 1102), 0);
	assert_int_equal(svcs[CRIT].state, SVC_DOWN);
	assert_false(svcs[CRIT].hung);
	svc_watchdog_armed(true);
	assert_true(svc_healthy(1200));
}

/* `wardctl stop db` holds api, which depends on it, and sends it SIGTERM first; then
 * `wardctl restart api`: db is started again with it (it was stopped once api had ended, and
 * api ran on without it). */
static void restart_during_a_dependency_stop(void **state)
{
	(void)state;
	run(0, 100, 100);
	assert_int_equal(svc_stop(DB, 200), 0);
	svc_tick(200);
	assert_true(svcs[API].term_sent);
	assert_int_equal(svc_restart(API, 300), 0);
	svc_exited(svcs[API].pid, SIGTERM, 400);
	run(400, 1000, 100);
	assert_up(DB);
	assert_int_equal(kills[DB], 0);
	assert_up(API);
}

/* `wardctl restart after`, whose dependency once has finished: once is not run again (a
 * restart started every dependency again for a while, as a start does). */
static void restart_leaves_a_finished_dependency(void **state)
{
	(void)state;
	run(0, 100, 100);
	svc_exited(svcs[ONCE].pid, W_EXITCODE(0, 0), 200);
	assert_int_equal(svcs[ONCE].state, SVC_DONE);
	run(200, 400, 100);
	assert_up(AFTER);
	assert_int_equal(svc_restart(AFTER, 500), 0);
	assert_int_equal(svcs[ONCE].state, SVC_DONE);
}

/* db (ladder retry, retry, reboot; 5 failures in 60 s a loop) loops once, runs for 70 s, then
 * loops again: the second loop starts the ladder over (it took the next rung, so a critical
 * app's one loop at boot made its next, days later, a reboot). */
static void ladder_starts_over_after_a_stable_run(void **state)
{
	long long t = 0;

	(void)state;
	svc_tick(t);
	for (int loop = 0; loop < 2; loop++) {
		for (int k = 0; k < 5; k++) {
			assert_up(DB);
			svc_exited(svcs[DB].pid, W_EXITCODE(1, 0), t);
			t = svcs[DB].due_ms;
			svc_tick(t);
		}
		assert_int_equal(svcs[DB].rung, 1);
		t += 70000; /* a stable run */
	}
	assert_int_equal(shutdowns, 0);
}

/* `wardctl stop`, SIGTERM sent, then `wardctl restart`: it ends, and starts again. */
static void restart_while_stopping(void **state)
{
	(void)state;
	svc_tick(0);
	assert_int_equal(svc_stop(DB, 100), 0);
	svc_stop(API, 100);
	run(100, 200, 100);
	assert_true(svcs[DB].term_sent);
	assert_int_equal(svc_restart(DB, 300), 0);
	svc_exited(svcs[DB].pid, W_EXITCODE(0, 0), 400);
	svc_tick(400);
	assert_up(DB);
}

/* The same with `wardctl start`: started again as a restart is, no crash counted, whether
 * its SIGTERM ends it with 0 (an on-failure app used to stay down) or by the signal. */
static void start_while_stopping(void **state)
{
	(void)state;
	svc_tick(0);
	for (int k = 0; k < 10; k++) {
		long long t = 1000 + k * 1000;

		assert_int_equal(svc_stop(DB, t), 0);
		run(t, t + 100, 100);
		assert_true(svcs[DB].term_sent);
		assert_int_equal(svc_start(DB, t + 200), -EALREADY); /* replied as done */
		svc_exited(svcs[DB].pid, k % 2 ? W_EXITCODE(0, 0) : SIGTERM, t + 300);
		svc_tick(t + 300);
		assert_up(DB);
	}
	assert_int_equal(svcs[DB].crashes.count, 0);
	assert_int_equal(shutdowns, 0);
}

/* Stop asked, its SIGTERM not sent yet (what depends on it goes first): a start calls the
 * stop off, and it runs on. */
static void start_before_the_sigterm(void **state)
{
	(void)state;
	svc_tick(0);
	svc_tick(0);
	assert_up(API);
	assert_int_equal(svc_stop(DB, 100), 0);
	assert_false(svcs[DB].term_sent);
	svc_start(DB, 150);
	svc_start(API, 150);
	run(200, 5000, 100);
	assert_up(DB);
	assert_int_equal(kills[DB], 0);
}

/* A oneshot that finished runs again on start or restart (it stayed done for good). */
static void oneshot_again(void **state)
{
	pid_t first;

	(void)state;
	svc_tick(0);
	first = svcs[ONCE].pid;
	svc_exited(first, W_EXITCODE(0, 0), 50);
	assert_int_equal(svcs[ONCE].state, SVC_DONE);
	assert_int_equal(svc_restart(ONCE, 100), 0);
	svc_tick(100);
	assert_up(ONCE);
	assert_true(svcs[ONCE].pid != first);
	svc_exited(svcs[ONCE].pid, W_EXITCODE(0, 0), 150);
	assert_int_equal(svc_start(ONCE, 200), 0);
	svc_tick(200);
	assert_up(ONCE);
}

/* restart in a backoff starts it now, not when the backoff ends. */
static void restart_in_backoff(void **state)
{
	(void)state;
	long long t = 10;

	svc_tick(0);
	svc_tick(0);
	/* Failing at once, again and again: its backoff grows past 10 s. */
	for (int k = 0; k < 20; k++) {
		assert_up(API);
		svc_exited(svcs[API].pid, W_EXITCODE(1, 0), t);
		if (svcs[API].delay_ms >= 10000)
			break;
		t = svcs[API].due_ms;
		svc_tick(t);
		t += 10;
	}
	assert_int_equal(svcs[API].state, SVC_BACKOFF);
	assert_true(svcs[API].due_ms > t + 5000);
	assert_int_equal(svc_restart(API, t), 0);
	svc_tick(t);
	assert_up(API);
}

/* A critical app that fails and is not restarted (RESTART=never) is failed for good: the
 * board reboots, as at the top of its ladder, and its watchdog is no longer fed. One that
 * ends with 0 is done with. */
static void critical_not_restarted(void **state)
{
	(void)state;
	run(0, 100, 100);
	assert_up(LONE);
	svc_exited(svcs[LONE].pid, W_EXITCODE(0, 0), 200);
	assert_int_equal(svcs[LONE].state, SVC_DOWN);
	assert_true(svc_healthy(200));
	assert_int_equal(shutdowns, 0);
	assert_int_equal(svc_start(LONE, 300), 0);
	svc_tick(300);
	assert_up(LONE);
	svc_exited(svcs[LONE].pid, W_EXITCODE(1, 0), 400);
	assert_int_equal(svcs[LONE].state, SVC_FAILED);
	assert_false(svc_healthy(400));
	assert_int_equal(shutdowns, 1);
}

/* A critical app waits for a dependency its ladder left down: it will not run again unless
 * someone asks, and the watchdog must not be fed meanwhile (it was: only the critical app's
 * own state counted). Started again by hand, the board is healthy again. */
static void critical_waits_for_a_lost_dependency(void **state)
{
	(void)state;
	run(0, 100, 100);
	assert_up(USER);
	svc_exited(svcs[FEEDER].pid, W_EXITCODE(1, 0), 200);
	assert_int_equal(svcs[FEEDER].state, SVC_FAILED);
	svc_exited(svcs[USER].pid, W_EXITCODE(1, 0), 300);
	run(300, 2000, 100);
	assert_int_equal(svcs[USER].state, SVC_BACKOFF);
	assert_true(svcs[USER].waiting);
	assert_false(svc_healthy(2000));
	assert_int_equal(svc_start(FEEDER, 2100), 0);
	run(2100, 3000, 100); /* within crit's 5 s to become ready */
	assert_up(USER);
	assert_true(svc_healthy(3000));
}

/* Killed for not becoming ready in time, a critical app that is not reaped (its sandbox stuck
 * on a disk) is not up: it stayed UP, and the watchdog was fed for ever. */
static void critical_killed_not_reaped(void **state)
{
	(void)state;
	run(0, 4900, 100);
	assert_true(svc_healthy(4900));
	run(5000, 8000, 100);
	assert_true(kills[CRIT] > 0);
	assert_int_equal(svcs[CRIT].state, SVC_UP);
	assert_false(svc_healthy(8000));
}

/* A start that fails after a wait for a dependency (its data directory not made) is tried
 * again when its backoff ends, not at the loop's idle wakeup: it stayed `waiting`, which has
 * no deadline. */
static void failed_start_after_a_wait(void **state)
{
	long long next;

	(void)state;
	svc_tick(0); /* api waits for db */
	assert_true(svcs[API].waiting);
	data_fails = true;
	svc_tick(0);
	assert_int_equal(svcs[API].state, SVC_BACKOFF);
	assert_false(svcs[API].waiting);
	next = svc_tick(1);
	assert_true(next > 1 && next <= svcs[API].due_ms);
	data_fails = false;
	svc_tick(svcs[API].due_ms);
	assert_up(API);
}

/* db fails at once, every time: its ladder (retry retry reboot) reaches the reboot. Before,
 * its backoff grew on across the retries, 30 s apart soon, and the third crash loop never
 * came within its 60 s window. */
static void ladder_reaches_the_top(void **state)
{
	long long t = 0;

	(void)state;
	svc_tick(t);
	for (int k = 0; k < 200 && shutdowns == 0 && t < 600000; k++) {
		assert_up(DB);
		svc_exited(svcs[DB].pid, W_EXITCODE(1, 0), t);
		if (svcs[DB].state != SVC_BACKOFF)
			break;
		t = svcs[DB].due_ms;
		svc_tick(t);
	}
	assert_int_equal(shutdowns, 1);
	assert_true(t < 10000);
}

/* A data directory on a disk that stopped answering: its start fails after
 * WARD_SHUTDOWN_SYNC_MS (300 ms here), and PID 1 goes on. */
static void data_on_a_silent_disk(void **state)
{
	struct timespec t0, t1;
	double took;

	(void)state;
	svc_tick(0); /* api waits for db */
	data_hangs = true;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	svc_tick(0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_int_equal(svcs[API].state, SVC_BACKOFF);
	assert_true(took >= 0.25 && took < 1.5);
}

/* The boot's health is judged once a boot (svc.c's own state, which svc_init does not reset,
 * as PID 1 calls it once): each of these boots in a child of its own, with ward.rescue or
 * not, and returns 0 or where it failed. */
static int fresh_boot(bool rescue, int (*body)(void))
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		rescue_switch = rescue;
		boot(NULL);
		run(0, 1000, 100);
		if (svcs[CRIT].state == SVC_UP)
			beat(1000);
		run(1000, 3000, 100);
		_exit(body());
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Every critical app ready (db at its start, crit once it says so): healthy. */
static int judged_healthy(void)
{
	return healths > 0 && healthy_ticks > 0 ? 0 : 1;
}

/* A ward.rescue boot (every app kept off) is not judged: no hook approves the image, and the
 * count of reboots in a row is not started over. */
static int rescue_not_judged(void)
{
	if (svcs[DB].state != SVC_DOWN)
		return 1;
	return healths == 0 && healthy_ticks == 0 ? 0 : 2;
}

/* db, critical, was ready and is down again (in its backoff) when crit, the last one, becomes
 * ready: the boot is not healthy, and no hook approves the image (each had been ready once,
 * which passed for health). Healthy once db is up again. In a child: a boot of its own. */
static int down_again(void)
{
	boot(NULL);
	run(0, 100, 10);
	svc_exited(svcs[DB].pid, 1 << 8, 110); /* exit code 1 */
	assert_int_equal(svcs[DB].state, SVC_BACKOFF);
	beat(120);
	svc_tick(120);
	if (healths != 0)
		return 1;
	run(130, 1000, 10);
	return svcs[DB].state == SVC_UP && healths > 0 ? 0 : 2;
}

/* db ended well (exit 0, not restarted: on failure only) before crit became ready: done
 * with, as the watchdog sees it, and the boot is healthy. */
static int ended_well(void)
{
	boot(NULL);
	run(0, 100, 10);
	svc_exited(svcs[DB].pid, 0, 110);
	if (svcs[DB].state != SVC_DOWN)
		return 1;
	beat(120);
	svc_tick(120);
	return healths > 0 ? 0 : 2;
}

static int in_child(int (*body)(void))
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(body());
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void health_judged(void **state)
{
	(void)state;
	assert_int_equal(fresh_boot(false, judged_healthy), 0);
	assert_int_equal(fresh_boot(true, rescue_not_judged), 0);
	assert_int_equal(in_child(down_again), 0);
	assert_int_equal(in_child(ended_well), 0);
}

/* Seconds since t0. */
static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The same with a watchdog that can go unfed 150 ms more: the wait takes that, not the 300
 * ms; and once spent (the next app's start on the same dead disk, in the same pass, at boot),
 * none is waited: waits added up past the watchdog's timeout and it reset a healthy board. */
static void data_waits_within_the_watchdog(void **state)
{
	struct timespec t0;
	double first, second;

	(void)state;
	svc_tick(0); /* api waits for db */
	data_hangs = true;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	slack_end = clock_ms() + 150;
	svc_tick(0);
	first = since(&t0);
	assert_int_equal(svcs[API].state, SVC_BACKOFF);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	svc_tick(svcs[API].due_ms);
	second = since(&t0);
	assert_int_equal(svcs[API].state, SVC_BACKOFF);
	assert_true(first >= 0.1 && first < 0.25);
	assert_true(second < 0.08);
}

/* The disk of a data directory stopped answering: the child left waiting on it is not joined
 * by another at each start (each start waited again, and left one more behind) until it ends;
 * then the next start makes the directories. */
static void data_child_not_forked_again(void **state)
{
	struct timespec t0;
	double second;
	int status;
	pid_t child;

	(void)state;
	while (waitpid(-1, &status, 0) > 0)
		; /* the children earlier tests left waiting */
	svc_tick(0); /* api waits for db */
	data_hangs = true;
	svc_tick(0);
	assert_int_equal(svcs[API].state, SVC_BACKOFF);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	svc_tick(svcs[API].due_ms);
	second = since(&t0);
	assert_int_equal(svcs[API].state, SVC_BACKOFF);
	assert_true(second < 0.08);
	data_hangs = false;
	child = waitpid(-1, &status, 0);
	assert_true(child > 0);
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1); /* no other child */
	svc_exited(child, status, svcs[API].due_ms);
	svc_tick(svcs[API].due_ms);
	assert_up(API);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* First: its children must copy a process that has never reached health. */
		cmocka_unit_test(health_judged),
		cmocka_unit_test_setup(dependency_started_later_in_the_pass, boot),
		cmocka_unit_test_setup(frozen_while_starting, boot),
		cmocka_unit_test_setup(stop_refused, boot),
		cmocka_unit_test_setup(hung_after_a_refused_reboot, boot),
		cmocka_unit_test_setup(restart_while_stopping, boot),
		cmocka_unit_test_setup(start_while_stopping, boot),
		cmocka_unit_test_setup(start_before_the_sigterm, boot),
		cmocka_unit_test_setup(oneshot_again, boot),
		cmocka_unit_test_setup(restart_in_backoff, boot),
		cmocka_unit_test_setup(critical_not_restarted, boot),
		cmocka_unit_test_setup(critical_waits_for_a_lost_dependency, boot),
		cmocka_unit_test_setup(critical_killed_not_reaped, boot),
		cmocka_unit_test_setup(failed_start_after_a_wait, boot),
		cmocka_unit_test_setup(data_on_a_silent_disk, boot),
		cmocka_unit_test_setup(data_waits_within_the_watchdog, boot),
		cmocka_unit_test_setup(ladder_reaches_the_top, boot),
		cmocka_unit_test_setup(hung_no_more_once_ended, boot),
		cmocka_unit_test_setup(restart_during_a_dependency_stop, boot),
		cmocka_unit_test_setup(restart_leaves_a_finished_dependency, boot),
		cmocka_unit_test_setup(ladder_starts_over_after_a_stable_run, boot),
		cmocka_unit_test_setup(data_child_not_forked_again, boot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
