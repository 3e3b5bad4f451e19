/* test_cgroup_file.c: a fresh leaf made where the last run's is still held by its processes,
 * killed and not yet gone (sandbox/cgroup_file.c). On the host's v1 pids hierarchy, as root:
 * the leaf is a directory of its own there, removed at the end. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup_file.h"

#define HIERARCHY "/sys/fs/cgroup/pids"
#define EXIT_BYTES (128 << 20)

/* A child in the leaf at path, killed; cg_make_fresh called at once, while the kernel still
 * counts the child in the leaf (kill(2) returns before the child has run its exit, and the
 * exit frees its memory before it leaves the leaf). Returns 0 or -1 with *verb and errno. */
static int made_while_held(const char *path, const char **verb)
{
	char pid_text[16];
	int ready[2], ret, err;
	pid_t child;

	assert_int_equal(pipe(ready), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		/* Pages to free at its exit, before it leaves the leaf: some milliseconds. */
		char *pages = malloc(EXIT_BYTES), tasks[80];

		if (!pages)
			_exit(1);
		memset(pages, 1, EXIT_BYTES);
		snprintf(tasks, sizeof(tasks), "%s/tasks", path);
		snprintf(pid_text, sizeof(pid_text), "%d", (int)getpid());
		if (cg_write_at(AT_FDCWD, tasks, pid_text) == 0)
			(void)!write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	ret = read(ready[0], pid_text, 1) == 1 ? 0 : -1;
	close(ready[0]);
	kill(child, SIGKILL);
	if (ret == 0)
		ret = cg_make_fresh(path, verb);
	err = errno;
	waitpid(child, NULL, 0);
	errno = err;
	return ret;
}

/* Five rounds: the exit is not always slower than the rmdir that follows the kill (about
 * one in ten on the 2-CPU test machines was not). */
static void busy_leaf_made_fresh(void **state)
{
	const char *verb = "";
	char path[64];
	int ret = 0;

	(void)state;
	if (getuid() != 0 || access(HIERARCHY "/tasks", W_OK) < 0)
		skip();
	snprintf(path, sizeof(path), HIERARCHY "/ward-test-%d", (int)getpid());
	assert_int_equal(mkdir(path, 0755), 0);
	for (int round = 0; round < 5 && ret == 0; round++)
		ret = made_while_held(path, &verb);
	if (ret < 0) {
		int err = errno;

		rmdir(path);
		fail_msg("cg_make_fresh: %s %s: %s", verb, path, strerror(err));
	}
	assert_int_equal(rmdir(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(busy_leaf_made_fresh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
