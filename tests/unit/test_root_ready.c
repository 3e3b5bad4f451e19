/* test_root_ready.c: sb_proc_is_own (sandbox/root.c), which `wardctl enter` waits for after
 * it joined an app's mount namespace, asks the kernel whether the /proc a process sees is
 * another than the system's: not in our namespaces, yes in fresh mount and pid namespaces
 * with a fresh /proc mounted, no in such namespaces before the mount (a sandbox still being
 * set up), and no under a /proc that is gone. Needs root (namespaces, mounts): skipped
 * otherwise. */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "in_namespaces.h"
#include "root.h"
#include "syscalls.h"

static struct sb_statx system_proc;

static int setup(void **state)
{
	(void)state;
	return sb_statx(AT_FDCWD, "/proc", AT_SYMLINK_NOFOLLOW, &system_proc);
}

/* In fresh mount and pid namespaces, as PID 1 of the new one, after *how: 0 nothing, 1 a
 * fresh /proc mounted, 2 /proc mounted over with an empty tmpfs: 1 when sb_proc_is_own says
 * so, 0 when not. */
static int proc_is_own_after(const void *how)
{
	int h = *(const int *)how;

	if ((h == 1 && mount("proc", "/proc", "proc", 0, NULL) < 0) ||
	    (h == 2 && mount("none", "/proc", "tmpfs", 0, NULL) < 0))
		return NS_SETUP_FAILED;
	return sb_proc_is_own(&system_proc) ? 1 : 0;
}

/* 1 (own), 0 (not own), or -1 (the set-up failed). */
static int inside(int how)
{
	return in_namespaces(proc_is_own_after, &how);
}

static void ours_is_not_its_own(void **state)
{
	(void)state;
	assert_false(sb_proc_is_own(&system_proc));
}

static void a_fresh_proc_is_its_own(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(inside(1), 1);
}

/* The namespaces alone, before the sandbox mounts its /proc: still the system's. */
static void namespaces_without_the_mount_are_not_ready(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(inside(0), 0);
}

/* Anything else mounted there differs too: what matters is that it is not the system's. */
static void another_mount_there_is_not_the_system(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(inside(2), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ours_is_not_its_own),
		cmocka_unit_test(a_fresh_proc_is_its_own),
		cmocka_unit_test(namespaces_without_the_mount_are_not_ready),
		cmocka_unit_test(another_mount_there_is_not_the_system),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
