/* in_namespaces.h: for the unit tests that need namespaces (as root): runs fn(arg) as PID 1 of
 * fresh mount and pid namespaces, its mount tree private so that nothing it mounts reaches the
 * host. Include after cmocka.h. */
#ifndef WARD_TEST_IN_NAMESPACES_H
#define WARD_TEST_IN_NAMESPACES_H

#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

/* fn's exit status when the namespaces could not be set up. */
#define NS_SETUP_FAILED 200

/* Returns what fn returned (0-199), or -1 when the namespaces could not be set up. */
static int in_namespaces(int (*fn)(const void *arg), const void *arg)
{
	pid_t outer = fork();
	int status;

	assert_true(outer >= 0);
	if (outer == 0) {
		pid_t child;

		if (unshare(CLONE_NEWNS | CLONE_NEWPID) < 0)
			_exit(NS_SETUP_FAILED);
		child = fork();
		if (child == 0) {
			if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
				_exit(NS_SETUP_FAILED);
			_exit(fn(arg));
		}
		if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status))
			_exit(NS_SETUP_FAILED);
		_exit(WEXITSTATUS(status));
	}
	assert_int_equal(waitpid(outer, &status, 0), outer);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status) == NS_SETUP_FAILED ? -1 : WEXITSTATUS(status);
}

/* One check for cmocka: run(arg) in the namespaces, as root (skipped otherwise), passing when
 * it returns 0. The test's state points to it. */
struct ns_check {
	int (*run)(const void *arg);
	const void *arg;
};

/* A cmocka test entry of it: its description, and a pointer to the struct ns_check. */
#define ROOT_CHECK(description, check) { description, root_check, NULL, NULL, (void *)(check) }

static inline void root_check(void **state)
{
	const struct ns_check *c = *state;

	if (getuid() != 0)
		skip();
	assert_int_equal(in_namespaces(c->run, c->arg), 0);
}

#endif
