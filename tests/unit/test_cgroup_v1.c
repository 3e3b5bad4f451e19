/* test_cgroup_v1.c: cg1_kill (sandbox/cgroup_v1.c) against the host's v1 freezer, as root.
 * v1 has no cgroup.kill: cg1_kill signals the leaf's tasks, and when it found any, freezes
 * the leaf so that nothing forks, signals what it lists then, and thaws.
 * - A process that got in between the first read and the freeze (a fork of a task not yet
 *   killed) must die too. The kernel caches the list an open cgroup.procs gave (for a
 *   second), so the list after the freeze has to come from a fresh open. That window is a
 *   race in real life; here the freeze's write is wrapped (-Wl,--wrap=cg_write_at) to move a
 *   process into the leaf just before it.
 * - A read of cgroup.procs may end inside a line: the kernel fills the buffer to the byte.
 *   With 4 KiB reads that takes some 800 tasks in the leaf; here the reads are wrapped
 *   (--wrap=pread) to return 5 bytes at most, which the kernel splits the same way, and the
 *   kills (--wrap=kill) are recorded: only the leaf's own tasks may be signalled.
 * And cg1_setup where the memory hierarchy cannot be mounted: the others are. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
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

enum { SPLIT_TASKS = 12 };
static size_t read_at_most;	    /* pread's count capped at this when not 0 */
static pid_t in_leaf[SPLIT_TASKS]; /* when read_at_most: the pids kill may signal */
static int strangers;		    /* kills of any other pid, not made */

ssize_t __real_pread(int fd, void *buf, size_t count, off_t offset);
ssize_t __wrap_pread(int fd, void *buf, size_t count, off_t offset)
{
	return __real_pread(fd, buf, read_at_most && count > read_at_most ? read_at_most : count,
			    offset);
}

int __real_kill(pid_t pid, int sig);
int __wrap_kill(pid_t pid, int sig)
{
	if (!read_at_most)
		return __real_kill(pid, sig);
	for (int i = 0; i < SPLIT_TASKS; i++)
		if (in_leaf[i] == pid)
			return __real_kill(pid, sig);
	strangers++;
	errno = ESRCH;
	return -1;
}

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

/* Makes the test's leaf FREEZER/ward/unit-cg1-<what>-<pid> (and ward/ when missing, then
 * *made_parent); 0, or NS_SETUP_FAILED. */
static int leaf_make(const char *what, struct sb_spec *spec, char *name, size_t len,
		     bool *made_parent)
{
	snprintf(name, len, "unit-cg1-%s-%d", what, (int)getppid());
	spec->name = name;
	snprintf(leaf, sizeof(leaf), "%s/%s", FREEZER "/ward", name);
	*made_parent = mkdir(FREEZER "/ward", 0755) == 0;
	if (!*made_parent && errno != EEXIST)
		return NS_SETUP_FAILED;
	return mkdir(leaf, 0755) < 0 ? NS_SETUP_FAILED : 0;
}

static int kill_after_join(const void *arg)
{
	struct sb_spec spec = { 0 };
	char name[32], procs[160], buf[64];
	bool made_parent;
	pid_t victim, late;
	int rc = 0;

	(void)arg;
	if (leaf_make("kill", &spec, name, sizeof(name), &made_parent))
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
		rmdir(FREEZER "/ward");
	return rc;
}

/* Lines of the leaf's cgroup.procs, or -1. */
static int tasks_listed(const char *procs)
{
	char buf[512];
	int fd = open(procs, O_RDONLY | O_CLOEXEC), lines = 0;
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));

	if (fd >= 0)
		close(fd);
	for (ssize_t i = 0; i < n; i++)
		lines += buf[i] == '\n';
	return n < 0 ? -1 : lines;
}

static int kill_split_lines(const void *arg)
{
	struct sb_spec spec = { 0 };
	char name[32], procs[160];
	bool made_parent;
	int rc = 0;

	(void)arg;
	if (leaf_make("split", &spec, name, sizeof(name), &made_parent))
		return NS_SETUP_FAILED;
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", leaf);
	/* Pids of three digits (this is PID 1 of a fresh pid namespace), so that 5-byte reads
	 * end inside them. */
	for (pid_t pid = 0; pid < 100;) {
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			return NS_SETUP_FAILED;
	}
	for (int i = 0; i < SPLIT_TASKS; i++)
		in_leaf[i] = sleeper(true);
	for (int k = 0; k < 200 && tasks_listed(procs) < SPLIT_TASKS; k++)
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	if (tasks_listed(procs) != SPLIT_TASKS)
		rc = 20;
	read_at_most = 5;
	if (!rc && cg1_kill(&spec) < 0)
		rc = 21;
	read_at_most = 0;
	if (strangers)
		rc = rc ? rc : 22; /* a line cut by a read taken for two pids */
	for (int i = 0; i < SPLIT_TASKS; i++)
		if (!killed(in_leaf[i]))
			rc = rc ? rc : 23;
	if (rmdir(leaf) < 0)
		rc = rc ? rc : 24;
	if (made_parent)
		rmdir(FREEZER "/ward");
	return rc;
}

/* A kernel without the memory controller (or booted with cgroup_disable=memory): its
 * hierarchy does not mount (here a file stands where it would: ENOTDIR). The others must be
 * mounted all the same, an app without a memory limit get its leaves in them, and one with a
 * limit fail closed. Before, the setup stopped at the first hierarchy, and every app failed. */
static int without_memory(const void *arg)
{
	static const struct sb_spec plain = { .name = "ward-test-nomem" },
				    limited = { .name = "ward-test-nomem-lim",
						.limits = { .memory_max = 1 << 24 } };
	const char *what = "";
	/* The host's ward/ parents, made here unless they were there: removed after. */
	bool had_parents = cg1_have_parents();
	int fd, rc = 0;

	(void)arg;
	if (mount("cg", "/sys/fs/cgroup", "tmpfs", 0, "mode=0755") < 0)
		return NS_SETUP_FAILED;
	fd = open("/sys/fs/cgroup/memory", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return NS_SETUP_FAILED;
	close(fd);
	if (cg1_setup(&what) == 0 || strcmp(what, "/sys/fs/cgroup/memory"))
		rc = 10; /* the failure is still told */
	fd = cg1_create(&plain, &what);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", what, strerror(errno));
		rc = rc ? rc : 11;
	} else {
		close(fd);
	}
	if (access("/sys/fs/cgroup/pids/ward/ward-test-nomem/pids.max", F_OK) < 0 ||
	    access(FREEZER "/ward/ward-test-nomem/freezer.state", F_OK) < 0)
		rc = rc ? rc : 12; /* the kernel's own files of the leaves */
	if (cg1_create(&limited, &what) >= 0)
		rc = rc ? rc : 13;
	cg1_remove(&plain);
	cg1_remove(&limited);
	if (!had_parents)
		cg1_remove_parents();
	return rc;
}

static bool have_freezer(void)
{
	return getuid() == 0 && access(FREEZER "/cgroup.procs", W_OK) == 0;
}

static void as_root(void **state)
{
	(void)state;
	if (!have_freezer())
		skip(); /* no v1 freezer on this host */
	assert_int_equal(in_namespaces(kill_after_join, NULL), 0);
}

static void split_lines(void **state)
{
	(void)state;
	if (!have_freezer())
		skip();
	assert_int_equal(in_namespaces(kill_split_lines, NULL), 0);
}

static void no_memory_hierarchy(void **state)
{
	(void)state;
	if (!have_freezer() || access("/sys/fs/cgroup/pids/cgroup.procs", W_OK) < 0)
		skip();
	assert_int_equal(in_namespaces(without_memory, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_prestate(as_root, NULL),
		cmocka_unit_test_prestate(split_lines, NULL),
		cmocka_unit_test_prestate(no_memory_hierarchy, NULL),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
