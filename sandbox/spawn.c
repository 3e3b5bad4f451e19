/* spawn.c: turns one app spec into one confined process: clone3 straight into the app's
 * namespaces and cgroup, then an ordered list of setup steps, then execve. Fail closed: a step
 * that fails ends the child before execve with its documented exit code (sandbox.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "report.h"
#include "sandbox.h"
#include "spawn.h"
#include "steps.h"
#include "syscalls.h"

struct sb_child {
	const struct sb_spec *spec;
	int out_fd;
	const struct sb_log *log;
};

static int step_stdio(const struct sb_child *c)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null < 0 || dup2(null, 0) < 0 || dup2(c->out_fd, 1) < 0 || dup2(c->out_fd, 2) < 0)
		return -1;
	close(null);
	/* Only 0, 1 and 2 may cross into the app: everything else closes at execve. */
	return sb_close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
}

/* Mounts made from here on must not propagate back to the system. */
static int step_private(const struct sb_child *c)
{
	(void)c;
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

/* A /proc of the new pid namespace, so the app sees only its own processes. */
static int step_proc(const struct sb_child *c)
{
	(void)c;
	return mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

static int step_hostname(const struct sb_child *c)
{
	const char *name = c->spec->hostname ? c->spec->hostname : c->spec->name;

	return sethostname(name, strlen(name));
}

static int step_loopback(const struct sb_child *c)
{
	(void)c;
	return sb_loopback_up();
}

/* What each setup step does, indexed by its exit code, for messages in both processes. */
static const char *const step_names[SB_EXIT_LAST - SB_EXIT_FIRST + 1] = {
	[SB_EXIT_MOUNT_PRIVATE - SB_EXIT_FIRST] = "make the mount tree private",
	[SB_EXIT_MOUNT_PROC - SB_EXIT_FIRST] = "mount /proc",
	[SB_EXIT_HOSTNAME - SB_EXIT_FIRST] = "set the hostname",
	[SB_EXIT_LOOPBACK - SB_EXIT_FIRST] = "bring up lo",
	[SB_EXIT_FORK_APP - SB_EXIT_FIRST] = "fork the app",
	[SB_EXIT_STDIO - SB_EXIT_FIRST] = "wire stdio",
	[SB_EXIT_SIGNALS - SB_EXIT_FIRST] = "reset signals",
	[SB_EXIT_SESSION - SB_EXIT_FIRST] = "start a session",
};

static const struct sb_step {
	unsigned long needs; /* namespaces that must all be new for the step to run */
	enum sb_exit code;
	int (*run)(const struct sb_child *c);
} steps[] = {
	{ 0, SB_EXIT_STDIO, step_stdio },
	{ CLONE_NEWNS, SB_EXIT_MOUNT_PRIVATE, step_private },
	{ CLONE_NEWNS | CLONE_NEWPID, SB_EXIT_MOUNT_PROC, step_proc },
	{ CLONE_NEWUTS, SB_EXIT_HOSTNAME, step_hostname },
	{ CLONE_NEWNET, SB_EXIT_LOOPBACK, step_loopback },
};

const char *sb_exit_step(int code)
{
	if (code < SB_EXIT_FIRST || code > SB_EXIT_LAST)
		return NULL;
	return step_names[code - SB_EXIT_FIRST];
}

/* Async-signal-safe report in PID 1's message shape, then the documented exit code. */
static _Noreturn void fail(const struct sb_child *c, int code)
{
	int err = errno;
	const char *what = sb_exit_step(code);

	if (!what)
		what = "execute the command";

	const char *parts[] = { c->spec->name, ": unable to ", what, ": ", strerror(err) };

	sb_log_line(c->log, SB_LOG_ERR, parts, sizeof(parts) / sizeof(parts[0]));
	_exit(code);
}

static _Noreturn void exec_app(const struct sb_child *c)
{
	sigset_t none;

	/* PID 1 blocks every asynchronous signal; the app starts with a clean slate. */
	for (int sig = 1; sig < _NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)
		fail(c, SB_EXIT_SIGNALS);
	/* Its own session: no controlling terminal shared with PID 1. */
	if (setsid() < 0 || chdir("/") < 0)
		fail(c, SB_EXIT_SESSION);
	execve(c->spec->argv[0], (char *const *)c->spec->argv, (char *const *)c->spec->envp);
	fail(c, errno == ENOENT ? SB_EXIT_NOT_FOUND : SB_EXIT_EXEC);
}

static _Noreturn void run_child(const struct sb_child *c)
{
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const struct sb_step *s = &steps[i];

		if ((c->spec->namespaces & s->needs) == s->needs && s->run(c) < 0)
			fail(c, s->code);
	}
	if (c->spec->namespaces & CLONE_NEWPID) {
		pid_t app = fork();

		if (app < 0)
			fail(c, SB_EXIT_FORK_APP);
		if (app == 0)
			exec_app(c);
		sb_reap(app);
	}
	exec_app(c);
}

pid_t sb_spawn(const struct sb_spec *spec, int cgroup_fd, int out_fd, const struct sb_log *log)
{
	struct sb_clone_args args = { .flags = spec->namespaces, .exit_signal = SIGCHLD };
	struct sb_child child = { .spec = spec, .out_fd = out_fd, .log = log };
	long pid;

	if (cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
	}
	pid = sb_clone3(&args);
	if (pid == 0)
		run_child(&child);
	return (pid_t)pid;
}

