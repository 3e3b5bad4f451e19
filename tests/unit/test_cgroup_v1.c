/* test_cgroup_v1.c: cg1_kill (sandbox/cgroup_v1.c) against the host's v1 freezer, as root.
 * v1 has no cgroup.kill: cg1_kill signals the leaf's tasks, and when it found any, freezes
 * the leaf so that nothing forks, signals what it lists then, and thaws. A process that got in
 * between the first read and the freeze (a fork of a task not yet killed) must die too. The
 * kernel caches the list an open cgroup.procs gave (for a second), so the list after the
 * freeze has to come from a fresh open. That window is a race in real life; here the freeze's
 * write is wrapped (-Wl,--wrap=cg_write_at) to move a process into the leaf just before it. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup_file.h"
#include "cgroup_v1.h"

#include "in_namespaces.h"

#define FREEZER "/sys/fs/cgroup/freezer"

static char leaf[128];	  /* FREEZER/ward/<name> */
static pid_t intruder;	  /* moved into the leaf just before its freeze, then 0 */

int __real_cg_write_at(int dirfd, const char *file, const char *value);
int __wrap_cg_write_at(int dirfd, const char *file, const char *value)
{
	size_t n = strlen(file);

	if (intruder > 0 && n >= 13 && !strcmp(file + n - 13, "freezer.state") &&
	    !strcmp(value, "FROZEN")) {
		char path[160], pid[16];

		snprintf(path, sizeof(path), "%s/cgroup.procs", leaf);
		snprintf(pid, sizeof(pid), "%d", (int)intruder);
		if (__real_cg_write_at(AT_FDCWD, path, pid) < 0)
			return -1;
		intruder = 0;
	}
	return __real_cg_write_at(dirfd, file, value);
}

/* A child that waits to be killed, in the leaf when join. */
static pid_t sleeper(bool join)
{
	pid_t pid = fork();

	if (pid == 0) {
		char path[160], me[16];

		snprintf(path, sizeof(path), "%s/cgroup.procs", leaf);
		snprintf(me, sizeof(me), "%d", (int)getpid());
		if (join && __real_cg_write_at(AT_FDCWD, path, me) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	return pid;
}

/* Whether pid was killed by SIGKILL within about 2 s (reaped either way). */
static bool killed(pid_t pid)
{
	int status;

	for (int k = 0; k < 200; k++) {
		pid_t got = waitpid(pid, &status, WNOHANG);

		if (got == pid)
			return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return false;
}

static int kill_after_join(const void *arg)
{
	struct sb_spec spec = { 0 };
	char name[32], parent[] = FREEZER "/ward", procs[160], buf[64];
	bool made_parent;
	pid_t victim, late;
	int rc = 0;

	(void)arg;
	snprintf(name, sizeof(name), "unit-cg1-kill-%d", (int)getppid());
	spec.name = name;
	snprintf(leaf, sizeof(leaf), "%s/%s", parent, name);
	made_parent = mkdir(parent, 0755) == 0;
	if (!made_parent && errno != EEXIST)
		return NS_SETUP_FAILED;
	if (mkdir(leaf, 0755) < 0)
		return NS_SETUP_FAILED;
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", leaf);
	victim = sleeper(true);
	late = sleeper(false);
	for (int k = 0; k < 200; k++) { /* the victim in the leaf */
		int fd = open(procs, O_RDONLY | O_CLOEXEC);
		ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));

		if (fd >= 0)
			close(fd);
		if (n > 0)
			break;
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	}
	intruder = late;
	if (cg1_kill(&spec) < 0)
		rc = 10;
	else if (intruder)
		rc = 11; /* the leaf was not frozen: the test did not test */
	if (!killed(victim))
		rc = rc ? rc : 12;
	if (!killed(late))
		rc = rc ? rc : 13; /* got in before the freeze, and lives on */
	if (rmdir(leaf) < 0)
		rc = rc ? rc : 14;
	if (made_parent)
		rmdir(parent);
	return rc;
}

static void as_root(void **state)
{
	(void)state;
	if (getuid() != 0 || access(FREEZER "/cgroup.procs", W_OK) < 0)
		skip(); /* no v1 freezer on this host */
	assert_int_equal(in_namespaces(kill_after_join, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate(as_root, NULL),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
