/* test_cgroup_kill.c: cg_kill on a cgroup v2 kernel without cgroup.kill (before Linux 5.14:
 * 5.10 LTS), made here by failing that write with ENOENT, as such a kernel's missing file
 * does. What is left in the leaf, a process that forks included, must die all the same
 * (sandbox/cgroup_kill.c, through cgroup.freeze). On the host's cgroup2 mount, as root: the
 * leaf is a directory of its own there, removed at the end. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"
#include "cgroup_file.h"

#define UNIFIED "/sys/fs/cgroup/unified"
#define CGROUP2_MAGIC 0x63677270

int __real_cg_write_at(int dirfd, const char *file, const char *value);
int __wrap_cg_write_at(int dirfd, const char *file, const char *value)
{
	if (!strcmp(file, "cgroup.kill")) {
		errno = ENOENT;
		return -1;
	}
	return __real_cg_write_at(dirfd, file, value);
}

/* How many processes the leaf's cgroup.procs lists. */
static int listed(const char *leaf)
{
	char path[96], buf[512];
	ssize_t n;
	int fd, count = 0;

	snprintf(path, sizeof(path), "%s/cgroup.procs", leaf);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	for (ssize_t i = 0; i < n; i++)
		count += buf[i] == '\n';
	return n < 0 ? -1 : count;
}

/* A child in the leaf: a sleeper, or one that forks a child every millisecond, FORKS of them
 * at most (should the kill fail, the test's cleanup must still find them all). */
enum { FORKS = 50 };

static pid_t child_in(const char *leaf, bool forker)
{
	pid_t pid = fork();

	if (pid == 0) {
		char path[96];

		snprintf(path, sizeof(path), "%s/cgroup.procs", leaf);
		if (cg_write_at(AT_FDCWD, path, "0") < 0)
			_exit(1);
		for (int n = 0;; n++) {
			if (forker && n < FORKS && fork() == 0)
				for (;;)
					pause();
			usleep(forker ? 1000 : 100000);
		}
	}
	return pid;
}

/* The leaf of the test, and its cleanup whatever the test's outcome: the kernel's own
 * cgroup.kill (the host has it), then the directory. */
static char leaf[64];

static int cleanup(void **state)
{
	char path[96];

	(void)state;
	if (!leaf[0])
		return 0;
	snprintf(path, sizeof(path), "%s/cgroup.kill", leaf);
	__real_cg_write_at(AT_FDCWD, path, "1");
	for (int i = 0; i < 100 && rmdir(leaf) < 0 && errno == EBUSY; i++)
		usleep(10000);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return 0;
}

static void left_processes_killed(void **state)
{
	struct sb_spec spec = { .name = "t" };
	struct statfs fs;
	pid_t kids[3];
	int fd, status, n = -1;

	(void)state;
	if (getuid() != 0 || statfs(UNIFIED, &fs) < 0 || fs.f_type != CGROUP2_MAGIC)
		skip();
	snprintf(leaf, sizeof(leaf), UNIFIED "/ward-test-%d", (int)getpid());
	assert_int_equal(mkdir(leaf, 0755), 0);
	fd = open(leaf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	kids[0] = child_in(leaf, false);
	kids[1] = child_in(leaf, false);
	kids[2] = child_in(leaf, true);
	for (int i = 0; i < 100 && (n = listed(leaf)) < 6; i++)
		usleep(10000); /* the forker's children too */
	assert_true(n >= 6);
	assert_int_equal(cg_kill(&spec, fd), 0);
	for (int i = 0; i < 3; i++) {
		pid_t got = 0;

		/* 2 s at most: not killed, they would never end. */
		for (int t = 0; t < 200 && (got = waitpid(kids[i], &status, WNOHANG)) == 0; t++)
			usleep(10000);
		assert_int_equal(got, kids[i]);
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	}
	/* The forker's children, reparented elsewhere: gone from the leaf. */
	for (int i = 0; i < 100 && (n = listed(leaf)) != 0; i++)
		usleep(10000);
	close(fd);
	assert_int_equal(n, 0);
	assert_int_equal(rmdir(leaf), 0);
	leaf[0] = '\0';
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(left_processes_killed, cleanup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
