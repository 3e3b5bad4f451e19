/* test_root_ready.c: sb_root_ready (sandbox/root.c), which `wardctl enter` waits for, asks
 * the kernel whether a process has a /proc of its own: not a process in our namespaces, yes
 * one in fresh mount and pid namespaces with a fresh /proc mounted, no one that has the
 * namespaces but not the mount yet (a sandbox still being set up), no a process gone.
 * Needs root (namespaces, mounts): skipped otherwise. */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "root.h"

/* In a child: it dies with its parent and does not hold the test's output open, so that a
 * failed assertion, which skips stop(), leaves nothing behind. */
static void child_of_test(void)
{
	int null = open("/dev/null", O_WRONLY);

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	dup2(null, 1);
	dup2(null, 2);
}

static const struct sb_spec sandboxed = { .name = "t", .namespaces = CLONE_NEWNS | CLONE_NEWPID };

/* A process in fresh mount and pid namespaces (mount: whether it mounts a /proc of its own
 * there), stopped once it is set up. Returns its pid (PID 1 of its namespace). */
static pid_t start(int mount_proc)
{
	int ready[2], pids[2];
	pid_t outer, inner = 0;
	char c;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(pids), 0);
	outer = fork();
	assert_true(outer >= 0);
	if (outer == 0) {
		pid_t child;

		child_of_test();
		if (unshare(CLONE_NEWNS | CLONE_NEWPID) < 0)
			_exit(1);
		child = fork();
		if (child == 0) {
			child_of_test();
			if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
			    (mount_proc && mount("proc", "/proc", "proc", 0, NULL) < 0))
				_exit(1);
			(void)!write(ready[1], "r", 1);
			pause();
			_exit(0);
		}
		/* Its pid as we see it: the one forked here, outside its pid namespace. */
		(void)!write(pids[1], &child, sizeof(child));
		waitpid(child, NULL, 0);
		_exit(0);
	}
	assert_int_equal(read(pids[0], &inner, sizeof(inner)), sizeof(inner));
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	close(ready[1]);
	close(pids[0]);
	close(pids[1]);
	return inner;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
}

static int skip_unless_root(void)
{
	return geteuid() == 0;
}

static void ours_is_not_its_own(void **state)
{
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		child_of_test();
		pause();
		_exit(0);
	}
	assert_false(sb_root_ready(&sandboxed, pid));
	stop(pid);
}

static void a_fresh_proc_is_its_own(void **state)
{
	pid_t pid;

	(void)state;
	if (!skip_unless_root())
		skip();
	pid = start(1);
	assert_true(sb_root_ready(&sandboxed, pid));
	stop(pid);
}

static void namespaces_without_the_mount_are_not_ready(void **state)
{
	pid_t pid;

	(void)state;
	if (!skip_unless_root())
		skip();
	pid = start(0);
	assert_false(sb_root_ready(&sandboxed, pid));
	stop(pid);
}

static void without_the_namespaces_nothing_to_wait_for(void **state)
{
	const struct sb_spec plain = { .name = "t", .namespaces = CLONE_NEWPID };

	(void)state;
	assert_true(sb_root_ready(&plain, getpid()));
}

static void a_process_gone_is_not_ready(void **state)
{
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_false(sb_root_ready(&sandboxed, pid));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ours_is_not_its_own),
		cmocka_unit_test(a_fresh_proc_is_its_own),
		cmocka_unit_test(namespaces_without_the_mount_are_not_ready),
		cmocka_unit_test(without_the_namespaces_nothing_to_wait_for),
		cmocka_unit_test(a_process_gone_is_not_ready),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
