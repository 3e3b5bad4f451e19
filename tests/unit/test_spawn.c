/* test_spawn.c: sb_spawn (sandbox/spawn.c) when its own side fails after the child was let
 * go, while the child is stuck on a disk that stopped answering. The disk is a FUSE file
 * system served by a child of the test, mounted where the v1 memory hierarchy would be: the
 * child's root binds a file from it (its lookup is never answered: once the daemon has read
 * a request, even SIGKILL waits for the answer, D state), and the parent's leaf is refused
 * (EIO) once the child is stuck. sb_spawn kills the child and must return: in PID 1 an
 * unbounded wait for it would stop all supervision and the watchdog's feeding. As PID 1 of
 * fresh mount and pid namespaces, as root. */
#include <errno.h>
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

#include "cgroup.h"
#include "netns.h"
#include "root.h"
#include "spawn.h"

#include "fuse_file.h"
#include "in_namespaces.h"

#define FUSE_DIR "/sys/fs/cgroup/memory"
enum { RETURN_BOUND_MS = 3000 };

/* Never answers a lookup of "stall" (the child's bind), and tells its pid; holds any other
 * lookup (the parent's leaf, ward/) until then, and refuses it with EIO. */
static _Noreturn void held_daemon(int dev, int told)
{
	static char req[FUSE_MIN_READ_BUFFER];
	uint64_t held = 0;
	int stalled = 0;

	for (;;) {
		const struct fuse_in_header *in = (const void *)req;

		if (read(dev, req, sizeof(req)) < (ssize_t)sizeof(*in))
			_exit(0);
		if (in->opcode == FUSE_INIT) {
			/* Lookups in one directory at once: the child's is not queued behind the
			 * parent's, held. */
			struct fuse_init_out init = { .major = FUSE_KERNEL_VERSION, .minor = 31,
						      .max_write = 4096,
						      .flags = FUSE_PARALLEL_DIROPS };

			fuse_reply(dev, in->unique, 0, &init, sizeof(init));
		} else if (in->opcode == FUSE_LOOKUP && !strcmp((const char *)(in + 1), "stall")) {
			stalled = 1;
			(void)!write(told, &in->pid, sizeof(in->pid));
		} else if (in->opcode == FUSE_LOOKUP) {
			held = in->unique;
		} else {
			fuse_answer(dev, in);
		}
		if (stalled && held) {
			fuse_reply(dev, held, -EIO, "", 0);
			held = 0;
		}
	}
}

/* The state letter of pid in /proc/pid/status, or 0. */
static char state_of(pid_t pid)
{
	char path[64], line[128];
	char state = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "State: %c", &state) == 1)
			break;
	fclose(f);
	return state;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* What the spawning process saw: sb_spawn's result and how long it took. */
struct outcome {
	pid_t pid;
	long long ms;
};

static int spawn_fails_while_stuck(const void *arg)
{
	static const char *const argv[] = { "/bin/true", NULL };
	static const struct sb_bind binds[] = { { FUSE_DIR "/stall", "/stall", 0 } };
	const struct sb_spec spec = { .name = "t", .argv = argv, .envp = argv + 1,
				      .namespaces = CLONE_NEWNS | CLONE_NEWPID,
				      .flags = SB_NEW_ROOT, .binds = binds, .nbinds = 1,
				      .tmpfs_kib = 1024 };
	const struct sb_log log = { .console_fd = 2, .kmsg_fd = -1, .console_loglevel = 0 };
	struct outcome seen = { 0, -1 };
	int told[2], result[2], dev, ret = 1;
	pid_t daemon, spawner, stuck = 0;
	struct stat st;
	sigset_t all;

	(void)arg;
	if (mount("run", "/run", "tmpfs", 0, NULL) < 0 || sb_root_prepare() < 0 ||
	    mount("cg", "/sys/fs/cgroup", "tmpfs", 0, NULL) < 0 ||
	    mount("proc", "/proc", "proc", 0, NULL) < 0 || pipe2(told, O_CLOEXEC | O_NONBLOCK) < 0 ||
	    pipe2(result, O_CLOEXEC) < 0)
		return 2;
	dev = fuse_mount_dev(FUSE_DIR);
	if (dev < 0)
		return 3;
	daemon = fork();
	if (daemon == 0)
		held_daemon(dev, told[1]);
	close(dev);
	close(told[1]);
	/* The daemon's answer to INIT first (a stat waits for it): a lookup that starts before
	 * it holds the directory's lock (parallel lookups come with the answer), and the
	 * child's lookup of "stall" would wait behind the parent's, held, for ever. */
	if (stat(FUSE_DIR, &st) < 0)
		return 4;
	cg_select(true);
	spawner = fork();
	if (spawner == 0) {
		const struct sb_io io = { .out_fd = 2, .notify_fd = -1, .why_fd = -1 };
		int cgroup;
		long long start;

		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		start = now_ms();
		seen.pid = sb_spawn(&spec, &cgroup, &io, &log);
		seen.ms = now_ms() - start;
		(void)!write(result[1], &seen, sizeof(seen));
		_exit(0);
	}
	close(result[1]);
	/* The spawner's answer, within the bound or not at all. */
	for (long long end = now_ms() + RETURN_BOUND_MS; now_ms() < end; usleep(10000)) {
		if (waitpid(spawner, NULL, WNOHANG) != spawner)
			continue;
		if (read(result[0], &seen, sizeof(seen)) != sizeof(seen))
			seen.ms = -1;
		break;
	}
	if (read(told[0], &stuck, sizeof(stuck)) != sizeof(stuck))
		stuck = 0;
	fprintf(stderr, "# sb_spawn returned %d after %lld ms; the child %d is in state %c\n",
		(int)seen.pid, seen.ms, (int)stuck, stuck ? state_of(stuck) : '?');
	/* It returned that no sandbox started, with the child killed yet still on the disk
	 * (the case under test, not a child that failed some other way). */
	if (seen.ms >= 0 && seen.pid < 0 && stuck > 0 && state_of(stuck) == 'D')
		ret = 0;
	/* The disk gone: its requests end, and the killed child exits. */
	kill(daemon, SIGKILL);
	kill(spawner, SIGKILL);
	for (int i = 0; i < 300 && waitpid(-1, NULL, WNOHANG) >= 0; i++)
		usleep(10000);
	return ret;
}

/* The helper that makes a net namespace beside the root waits on locks the whole system
 * shares, and a stopped one never ends: sb_netns_wait gives up after a second (it waited for
 * good, in PID 1), kills it, and says ETIMEDOUT. One that ends is waited for as before. */
static void netns_wait_bounded(void **state)
{
	pid_t helper = fork();
	long long start;
	int status;

	(void)state;
	assert_true(helper >= 0);
	if (helper == 0) {
		kill(getpid(), SIGSTOP);
		_exit(0);
	}
	start = now_ms();
	assert_int_equal(sb_netns_wait(helper), -1);
	assert_int_equal(errno, ETIMEDOUT);
	assert_true(now_ms() - start >= 900 && now_ms() - start < 3000);
	assert_int_equal(waitpid(helper, &status, 0), helper);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	helper = fork();
	if (helper == 0)
		_exit(0);
	assert_int_equal(sb_netns_wait(helper), 0);
}

int main(void)
{
	static const struct ns_check stuck = { spawn_fails_while_stuck, NULL };
	const struct CMUnitTest tests[] = {
		ROOT_CHECK("sb_spawn returns while the child it killed is stuck on a disk", &stuck),
		cmocka_unit_test(netns_wait_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
