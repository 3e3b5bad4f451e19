/* test_enter.c: `wardctl enter`'s entering process (init/enter.c) against a target that takes
 * a namespace after its start, as a sandbox child takes its time namespace (and, on boards
 * with more CPUs, its net namespace) after the clone. Entered before then, the command must
 * wait for the app's namespace, never run in the system's; and while it waits it holds none of
 * PID 1's fds but the pidfd of its target. A command whose entering process is killed before
 * the command is tied to it (its parent-death signal) must not run on.
 * As root, in fresh mount and pid namespaces; the test process plays PID 1. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "bpf.h"
#include "enter.h"
#include "sandbox.h"

#include "in_namespaces.h"

/* A target that unshares a time namespace (for its children, as the sandbox init does) when
 * told to on `go`, says so on `done`, then waits to be killed. */
static pid_t target_start(int go, int done, int keep_closed)
{
	pid_t pid = fork();

	if (pid == 0) {
		char c;

		close(keep_closed); /* the command's output ends when the command does */
		if (read(go, &c, 1) != 1 || unshare(CLONE_NEWTIME) < 0)
			_exit(1);
		if (write(done, "u", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	return pid;
}

static ssize_t read_all(int fd, char *buf, size_t len)
{
	size_t n = 0;
	ssize_t r;

	while (n < len - 1 && (r = read(fd, buf + n, len - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	return (ssize_t)n;
}

/* enter_spawn as PID 1 calls it: on a client's connection whose head is the request's
 * message, carrying fds[0..2], which the entering process takes itself. */
static pid_t spawn_entering(const struct sb_spec *spec, pid_t target, const int fds[3],
			    const char *const *argv)
{
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(3 * sizeof(int))];
	} control;
	struct iovec iov = { "enter", 6 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
			    .msg_controllen = sizeof(control.space) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	int conn[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, conn) < 0)
		return -1;
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(3 * sizeof(int));
	memcpy(CMSG_DATA(h), fds, 3 * sizeof(int));
	if (sendmsg(conn[1], &m, 0) < 0)
		return -1;
	close(conn[1]);
	pid = enter_spawn(spec, target, -1, conn[0], argv);
	close(conn[0]);
	return pid;
}

/* How many fds pid has open; -1 when they cannot be listed. */
static int fds_of(pid_t pid)
{
	char path[32];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Entered before the target has its time namespace: the command sees the target's new one. */
static int enter_waits(const void *arg)
{
	static const char *const argv[] = { "readlink", "/proc/self/ns/time", NULL };
	struct sb_spec spec = { .name = "t", .namespaces = CLONE_NEWTIME };
	int go[2], done[2], out[2], fds[3], status, nfds;
	char got[128], want[128], link[48], c;
	ssize_t n;
	pid_t target, entering;

	(void)arg;
	alarm(20); /* a hang fails the test (the namespace goes with its init) */
	/* This pid namespace's /proc: the entering process finds its target there. */
	if (mount("proc", "/proc", "proc", 0, NULL) < 0)
		return NS_SETUP_FAILED;
	if (pipe(go) < 0 || pipe(done) < 0 || pipe2(out, O_CLOEXEC) < 0)
		return NS_SETUP_FAILED;
	target = target_start(go[0], done[1], out[1]);
	fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	fds[1] = fds[2] = out[1];
	entering = spawn_entering(&spec, target, fds, argv);
	if (entering < 0)
		return 10;
	close(out[1]);
	poll(NULL, 0, 300); /* the entering process is there, and must be waiting */
	/* Waiting, it holds 0-2 and the pidfd, none of "PID 1's" (the test's) fds. (Gone
	 * already, it joined without waiting: the namespace check below says so.) */
	nfds = fds_of(entering);
	if (nfds > 0 && nfds != 4)
		return 15;
	if (write(go[1], "g", 1) != 1 || read(done[0], &c, 1) != 1)
		return 11;
	n = read_all(out[0], got, sizeof(got));
	if (waitpid(entering, &status, 0) != entering || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "entering process: status 0x%x, output '%s'\n", status, got);
		return 12;
	}
	snprintf(link, sizeof(link), "/proc/%d/ns/time_for_children", (int)target);
	n = n > 0 && got[n - 1] == '\n' ? n - 1 : n;
	got[n] = '\0';
	memset(want, 0, sizeof(want));
	if (readlink(link, want, sizeof(want) - 1) < 0)
		return 13;
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	if (strcmp(got, want)) {
		fprintf(stderr, "the command's time namespace: %s, the app's: %s\n", got, want);
		return 14;
	}
	return 0;
}

/* A target whose setup ends late: its seccomp filter (allow all) comes on `go`, as a sandbox
 * child's last step does. The command must not run before it: until then the child is still
 * privileged, and what the command runs could trace it. */
static const struct sb_bpf allow_all[] = { SB_RET(SB_RET_ALLOW) };

static int enter_waits_for_setup(const void *arg)
{
	static const char *const argv[] = { "echo", "ran", NULL };
	struct sb_spec spec = { .name = "t", .seccomp = allow_all, .seccomp_len = 1 };
	struct sb_bpf_prog prog = { 1, allow_all };
	int go[2], out[2], fds[3], status = 0;
	struct pollfd early;
	char got[16], c;
	pid_t target, entering;

	(void)arg;
	alarm(20);
	if (mount("proc", "/proc", "proc", 0, NULL) < 0 || pipe(go) < 0 || pipe2(out, O_CLOEXEC) < 0)
		return NS_SETUP_FAILED;
	target = fork();
	if (target == 0) {
		close(out[0]);
		close(out[1]);
		if (read(go[0], &c, 1) != 1 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    prctl(PR_SET_SECCOMP, SB_SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	fds[1] = fds[2] = out[1];
	entering = spawn_entering(&spec, target, fds, argv);
	if (target < 0 || entering < 0)
		return NS_SETUP_FAILED;
	close(out[1]);
	/* 300 ms for the command to run too early (it would say "ran"). */
	early = (struct pollfd){ .fd = out[0], .events = POLLIN };
	if (poll(&early, 1, 300) != 0) {
		fprintf(stderr, "the command ran before the target's setup was over\n");
		return 1;
	}
	if (write(go[1], "g", 1) != 1)
		return NS_SETUP_FAILED;
	if (read_all(out[0], got, sizeof(got)) <= 0 || strcmp(got, "ran\n") ||
	    waitpid(entering, &status, 0) != entering || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "entering process: status 0x%x\n", status);
		return 2;
	}
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	return 0;
}


/* spec's argv entered into a target that only waits, the client's stderr a pipe: 0 when
 * the entering process exits with `code` and says `said` there; else where it differed. */
static int enter_fails(const struct sb_spec *spec, const char *const *argv, int code,
		       const char *want)
{
	int fds[3], err[2], status;
	char said[200];
	pid_t target, entering;

	if (pipe2(err, O_CLOEXEC) < 0)
		return NS_SETUP_FAILED;
	target = fork();
	if (target == 0) {
		close(err[1]); /* the client's stderr ends with the entering process */
		for (;;)
			pause();
	}
	fds[0] = fds[1] = open("/dev/null", O_RDWR | O_CLOEXEC);
	fds[2] = err[1];
	entering = spawn_entering(spec, target, fds, argv);
	if (target < 0 || entering < 0 || waitpid(entering, &status, 0) != entering)
		return NS_SETUP_FAILED;
	close(err[1]);
	read_all(err[0], said, sizeof(said));
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code) {
		fprintf(stderr, "entering process: status 0x%x\n", status);
		return 1;
	}
	if (strcmp(said, want)) {
		fprintf(stderr, "on stderr: '%s'\n", said);
		return 2;
	}
	return 0;
}

/* A command name too long for the search path's buffer is not cut short to another file's
 * name (which the app could have put there): exec fails (126), not found (127) would mean
 * the cut name was looked up. The client's stderr says so: the code alone could be the
 * command's. */
static int enter_long_name(const void *arg)
{
	static char name[251];
	const char *argv[] = { name, NULL };
	struct sb_spec spec = { .name = "t" };

	(void)arg;
	alarm(20);
	memset(name, 'a', sizeof(name) - 1);
	return enter_fails(&spec, argv, SB_EXIT_EXEC,
			   "wardctl: enter t: unable to execute the command: Filename too long\n");
}

/* A target whose setup never ends (its filter never comes): after 2 s the entering process
 * gives up, with the step's code, and says why on the client's stderr. */
static int enter_gives_up(const void *arg)
{
	static const char *const argv[] = { "echo", "ran", NULL };
	struct sb_spec spec = { .name = "t", .seccomp = allow_all, .seccomp_len = 1 };

	(void)arg;
	alarm(20);
	if (mount("proc", "/proc", "proc", 0, NULL) < 0)
		return NS_SETUP_FAILED;
	return enter_fails(&spec, argv, SB_EXIT_ENTER,
			   "wardctl: enter t: unable to join the app's namespaces: "
			   "Operation timed out\n");
}

/* Its client hangs up (PID 1 kills the entering process) between the fork of the command and
 * the command's own parent-death signal: the command must not run on, as the app, with
 * nobody to end it. The window is held open with ptrace: the command is stopped at its first
 * instruction while its parent is killed. */
static int enter_killed_before_the_command_is_tied(const void *arg)
{
	static const char *const argv[] = { "/bin/sh", "-c", "sleep 1; echo survived", NULL };
	struct sb_spec spec = { .name = "t" };
	int out[2], fds[3], status;
	unsigned long msg;
	char got[32] = "";
	pid_t target, entering, cmd;
	struct pollfd p;

	(void)arg;
	alarm(20);
	if (pipe2(out, O_CLOEXEC) < 0)
		return NS_SETUP_FAILED;
	target = fork();
	if (target == 0) {
		close(out[1]);
		for (;;)
			pause();
	}
	fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	fds[1] = fds[2] = out[1];
	entering = spawn_entering(&spec, target, fds, argv);
	close(out[1]);
	if (target < 0 || entering < 0 ||
	    ptrace(PTRACE_SEIZE, entering, 0, PTRACE_O_TRACEFORK) < 0)
		return NS_SETUP_FAILED;
	/* Its fork of the command; the command held before its first instruction. */
	if (waitpid(entering, &status, __WALL) != entering ||
	    status >> 8 != (SIGTRAP | (PTRACE_EVENT_FORK << 8)) ||
	    ptrace(PTRACE_GETEVENTMSG, entering, 0, &msg) < 0)
		return 1;
	cmd = (pid_t)msg;
	if (waitpid(cmd, &status, __WALL) != cmd || !WIFSTOPPED(status))
		return 2;
	kill(entering, SIGKILL);
	waitpid(entering, &status, __WALL);
	ptrace(PTRACE_DETACH, cmd, 0, 0);
	p = (struct pollfd){ .fd = out[0], .events = POLLIN };
	if (poll(&p, 1, 3000) == 1)
		(void)!read(out[0], got, sizeof(got) - 1);
	kill(target, SIGKILL);
	kill(cmd, SIGKILL);
	while (waitpid(-1, NULL, __WALL) > 0)
		;
	if (got[0]) {
		fprintf(stderr, "the command said '%s'\n", got);
		return 3;
	}
	return 0;
}

/* Each case, as root, in namespaces of its own; the first needs time namespaces. */
struct as_root_case {
	int (*run)(const void *arg);
	bool needs_timens;
};

static void as_root(void **state)
{
	const struct as_root_case *c = *state;

	if (getuid() != 0 || (c->needs_timens && access("/proc/self/ns/time", F_OK) < 0))
		skip();
	assert_int_equal(in_namespaces(c->run, NULL), 0);
}

int main(void)
{
	static struct as_root_case waits = { enter_waits, true };
	static struct as_root_case long_name = { enter_long_name, false };
	static struct as_root_case setup = { enter_waits_for_setup, false };
	static struct as_root_case gives_up = { enter_gives_up, false };
	static struct as_root_case untied = { enter_killed_before_the_command_is_tied, false };
	const struct CMUnitTest tests[] = {
		{ "enter waits for a namespace taken after the start", as_root, NULL, NULL, &waits },
		{ "a command name too long is not cut short", as_root, NULL, NULL, &long_name },
		{ "enter waits for the end of the setup (seccomp)", as_root, NULL, NULL, &setup },
		{ "enter gives up on a setup that never ends, and says why", as_root, NULL, NULL,
		  &gives_up },
		{ "the command does not outlive an entering process killed before it is tied to it",
		  as_root, NULL, NULL, &untied },
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
