/* test_svc_watch.c: how PID 1 reads an app's notify fd (init/svc_watch.c), the rest of PID 1
 * stubbed. The app holds the pipe's write end and may keep it full: each wakeup must take what
 * is there, not a few bytes of it, or the app costs PID 1 a turn of its loop for each few
 * bytes; after a wakeup that read something, it is left alone for a while. And readiness (a
 * newline) and the pipe's end are still seen. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cmocka.h>

#include "app.h"
#include "cgroup.h"
#include "log.h"
#include "svc.h"
#include "svc_state.h"

/* ---- the rest of PID 1, stubbed ---- */
const struct app_spec app_table[] = { { .sb = { .name = "app" } }, { .sb = { .name = NULL } } };
struct svc svcs[WARD_APP_COUNT + 1];
bool svc_stopping;
static int ready_logged;

bool svc_depends_on(unsigned int j, unsigned int i) { (void)j, (void)i; return false; }
bool svc_may_reboot(long long now) { (void)now; return false; }
int cg_kill(const struct sb_spec *spec, int cgroup) { (void)spec, (void)cgroup; return 0; }
static long oom_total;	/* the kernel's count of the run's OOM kills */
long cg_oom_kills(const struct sb_spec *spec, int cgroup) { (void)spec, (void)cgroup; return oom_total; }
long cg_events_oom_kills(const struct sb_spec *spec, int fd) { (void)spec, (void)fd; return oom_total; }
int svc_freeze(unsigned int i, bool frozen, long long now) { (void)i, (void)frozen, (void)now; return 0; }
static int oom_lines;
static long oom_last;	/* the count the last OOM line gave */
void log_info(const char *app, const char *fmt, ...)
{
	(void)app;
	ready_logged += !strcmp(fmt, "ready");
	if (!strncmp(fmt, "the OOM killer ended", 20)) {
		va_list ap;

		va_start(ap, fmt);
		oom_last = va_arg(ap, long);
		va_end(ap);
		oom_lines++;
	}
}

/* ---- tests ---- */
static int pipe_fds[2];

static int setup(void **state)
{
	(void)state;
	if (pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) < 0)
		return -1;
	svcs[0] = (struct svc){ .state = SVC_UP, .notify_fd = pipe_fds[0], .events_fd = -1,
				.cgroup_fd = -1 };
	ready_logged = oom_lines = 0;
	oom_total = oom_last = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (svcs[0].notify_fd >= 0)
		close(svcs[0].notify_fd);
	if (pipe_fds[1] >= 0)
		close(pipe_fds[1]);
	return 0;
}

static int queued(void)
{
	int n = -1;

	return ioctl(pipe_fds[0], FIONREAD, &n) < 0 ? -1 : n;
}

/* A full pipe (64 KiB, no newline): one wakeup takes it all, and it is a beat, not readiness. */
static void full_pipe_one_wakeup(void **state)
{
	static char block[65536];
	ssize_t put = 0, n;

	(void)state;
	memset(block, 'x', sizeof(block));
	while ((n = write(pipe_fds[1], block, sizeof(block))) > 0)
		put += n;
	assert_true(put >= 4096);
	svc_notify(0, 1234);
	assert_int_equal(queued(), 0);
	assert_int_equal(svcs[0].beat_ms, 1234);
	assert_false(svcs[0].ready);
	assert_int_equal(svcs[0].notify_fd, pipe_fds[0]); /* still open: the app may beat on */
}

/* The newline comes last, after more than one read's worth: still ready. */
static void newline_at_the_end(void **state)
{
	static char block[8192];

	(void)state;
	memset(block, 'x', sizeof(block));
	block[sizeof(block) - 1] = '\n';
	assert_int_equal(write(pipe_fds[1], block, sizeof(block)), sizeof(block));
	svc_notify(0, 1);
	assert_true(svcs[0].ready);
	assert_int_equal(ready_logged, 1);
}

/* The last write and the end in one wakeup: ready, and the fd closed. */
static void newline_then_end(void **state)
{
	(void)state;
	assert_int_equal(write(pipe_fds[1], "\n", 1), 1);
	close(pipe_fds[1]);
	pipe_fds[1] = -1;
	svc_notify(0, 1);
	assert_true(svcs[0].ready);
	assert_int_equal(svcs[0].notify_fd, -1);
	assert_int_equal(fcntl(pipe_fds[0], F_GETFD), -1); /* closed by svc_notify */
}

/* After a wakeup that read something, the fd is left alone for 10 ms (and the loop told to
 * come back then): an app writing a byte at a time wakes PID 1 at most 100 times a second. */
static void quiet_after_a_read(void **state)
{
	(void)state;
	assert_int_equal(svc_notify_fd(0, 100), pipe_fds[0]);
	assert_int_equal(write(pipe_fds[1], "x", 1), 1);
	svc_notify(0, 100);
	assert_int_equal(write(pipe_fds[1], "x", 1), 1);
	assert_int_equal(svc_notify_fd(0, 100), -1);
	assert_int_equal(svc_notify_fd(0, 109), -1);
	assert_int_equal(svc_next_deadline(&svcs[0], &app_table[0]), 110);
	assert_int_equal(svc_notify_fd(0, 110), pipe_fds[0]);
	assert_int_equal(svc_next_deadline(&svcs[0], &app_table[0]), -1); /* nothing more due */
	svc_notify(0, 110);
	assert_int_equal(svcs[0].beat_ms, 110);
	assert_int_equal(queued(), 0);
}

/* OOM kills as fast as the app can have them: a line a second at most, each with the sum of
 * the kills since the last one, and the rest at the run's end. */
static void oom_lines_a_second(void **state)
{
	(void)state;
	svcs[0].events_fd = pipe_fds[0]; /* only tested for >= 0 */
	oom_total = 1;
	svc_events(0, 1000);
	assert_int_equal(oom_lines, 1);
	assert_int_equal(oom_last, 1);
	for (long long t = 1010; t < 2000; t += 10) {
		oom_total++;
		svc_events(0, t);
	}
	assert_int_equal(oom_lines, 1); /* 99 kills in that second, no line yet */
	assert_int_equal(svc_next_deadline(&svcs[0], &app_table[0]), 2000);
	svc_watch(&svcs[0], &app_table[0], 0, 2000);
	assert_int_equal(oom_lines, 2);
	assert_int_equal(oom_last, 99);
	oom_total += 3;
	svc_events(0, 2500);
	assert_int_equal(oom_lines, 2);
	svc_log_oom_kills(&svcs[0], &app_table[0], oom_total, -1); /* the run ended */
	assert_int_equal(oom_lines, 3);
	assert_int_equal(oom_last, 3);
}

/* memory.high crossed again and again, no kill: the events file is left alone until the look
 * at the counts that is due anyway, or each of the kernel's notices (100 a second) would be a
 * wakeup of PID 1 the app chose. The look at the counts finds a kill made meanwhile. */
static void events_quiet_until_the_recheck(void **state)
{
	(void)state;
	svcs[0].events_fd = pipe_fds[0];
	assert_int_equal(svc_events_fd(0), pipe_fds[0]);
	svc_events(0, 1000);
	assert_int_equal(oom_lines, 0);
	assert_int_equal(svc_events_fd(0), -1);
	assert_int_equal(svc_next_deadline(&svcs[0], &app_table[0]), 1200);
	oom_total = 1;
	svc_watch(&svcs[0], &app_table[0], 0, 1200);
	assert_int_equal(oom_lines, 1);
	assert_int_equal(svc_events_fd(0), pipe_fds[0]);
}

/* An OOM line due later does not put off a heartbeat due sooner (it did: a hang was seen up to
 * a second late). */
static void heartbeat_before_oom_line(void **state)
{
	static const struct app_spec beating = { .sb = { .name = "beating" }, .heartbeat_ms = 100 };

	(void)state;
	svcs[0].ready = true;
	svcs[0].beat_ms = 1000;
	svcs[0].oom_recheck_ms = 2000;
	assert_int_equal(svc_next_deadline(&svcs[0], &beating), 1100);
	svcs[0].beat_ms = 1950;
	assert_int_equal(svc_next_deadline(&svcs[0], &beating), 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(full_pipe_one_wakeup, setup, teardown),
		cmocka_unit_test_setup_teardown(newline_at_the_end, setup, teardown),
		cmocka_unit_test_setup_teardown(newline_then_end, setup, teardown),
		cmocka_unit_test_setup_teardown(quiet_after_a_read, setup, teardown),
		cmocka_unit_test_setup_teardown(oom_lines_a_second, setup, teardown),
		cmocka_unit_test_setup_teardown(heartbeat_before_oom_line, setup, teardown),
		cmocka_unit_test_setup_teardown(events_quiet_until_the_recheck, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
