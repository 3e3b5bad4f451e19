/* test_cgroup.c: which cgroup v2 controllers cg_setup_root (sandbox/cgroup.c) enables, at the
 * root and in ward/: cpu, memory and pids always; cpuset and io only when an app's limits use
 * them (each cost a TCG guest's boot 2-3.5 ms, and every leaf their files). Runs as PID 1 of
 * fresh mount and pid namespaces with a tmpfs on /sys/fs/cgroup, as root; the writes to
 * cgroup.subtree_control are recorded (-Wl,--wrap=cg_write_at), not made. The guest boot
 * tests see the kernel's side: sleeper's cpuset.cpus and io.weight. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"
#include "cgroup_file.h"

#include "in_namespaces.h"

static char written[512]; /* "DIR FILE VALUE\n" for each write */

int __wrap_cg_write_at(int dirfd, const char *file, const char *value)
{
	char link[32], dir[128] = "?";
	ssize_t n;
	size_t len = strlen(written);

	snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
	n = readlink(link, dir, sizeof(dir) - 1);
	if (n > 0)
		dir[n] = '\0';
	snprintf(written + len, sizeof(written) - len, "%s %s %s\n", dir, file, value);
	return 0;
}

#define ENABLE(d, c) d " cgroup.subtree_control +" c "\n"

/* The writes to one directory: cpu, then what is optional, then memory and pids. */
#define WRITES(d, mid) ENABLE(d, "cpu") mid ENABLE(d, "memory") ENABLE(d, "pids")

struct setup_case {
	struct sb_limits limits;
	const char *want;
};

static int setup_writes(const void *arg)
{
	const struct setup_case *c = arg;
	const char *what = "";

	if (mount("cg", "/sys/fs/cgroup", "tmpfs", 0, "mode=0755") < 0)
		return NS_SETUP_FAILED;
	written[0] = '\0';
	if (cg_setup_root(false, cg_controllers_of(&c->limits), &what) < 0)
		return 10;
	if (strcmp(written, c->want)) {
		fprintf(stderr, "want:\n%sgot:\n%s", c->want, written);
		return 11;
	}
	return 0;
}

static void run_case(void **state)
{
	if (getuid() != 0)
		skip();
	assert_int_equal(in_namespaces(setup_writes, *state), 0);
}

int main(void)
{
	static const struct setup_case plain = {
		{ .memory_max = 1 << 20, .cpu_weight = 50, .pids_max = 8 },
		WRITES("/sys/fs/cgroup", "") WRITES("/sys/fs/cgroup/ward", ""),
	};
	static const struct setup_case cpuset = {
		{ .cpuset_cpus = "0" },
		WRITES("/sys/fs/cgroup", ENABLE("/sys/fs/cgroup", "cpuset"))
		WRITES("/sys/fs/cgroup/ward", ENABLE("/sys/fs/cgroup/ward", "cpuset")),
	};
	static const struct setup_case empty_cpuset = {
		{ .cpuset_cpus = "" },
		WRITES("/sys/fs/cgroup", "") WRITES("/sys/fs/cgroup/ward", ""),
	};
	static const struct setup_case io_weight = {
		{ .io_weight = 200 },
		WRITES("/sys/fs/cgroup", ENABLE("/sys/fs/cgroup", "io"))
		WRITES("/sys/fs/cgroup/ward", ENABLE("/sys/fs/cgroup/ward", "io")),
	};
	static const struct setup_case io_max = {
		{ .io_max = "254:0 wbps=1048576", .cpuset_cpus = "1" },
		WRITES("/sys/fs/cgroup", ENABLE("/sys/fs/cgroup", "cpuset")
			ENABLE("/sys/fs/cgroup", "io"))
		WRITES("/sys/fs/cgroup/ward", ENABLE("/sys/fs/cgroup/ward", "cpuset")
			ENABLE("/sys/fs/cgroup/ward", "io")),
	};
	const struct CMUnitTest tests[] = {
		{ "no cpuset or io limits: cpu, memory, pids", run_case, NULL, NULL, (void *)&plain },
		{ "cpuset.cpus: cpuset too", run_case, NULL, NULL, (void *)&cpuset },
		{ "an empty cpuset.cpus: no cpuset", run_case, NULL, NULL, (void *)&empty_cpuset },
		{ "io.weight: io too", run_case, NULL, NULL, (void *)&io_weight },
		{ "io.max and cpuset.cpus: both", run_case, NULL, NULL, (void *)&io_max },
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
