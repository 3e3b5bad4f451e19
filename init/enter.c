/* enter.c: the entering process of `wardctl enter`. It joins the app's cgroup at clone, its
 * namespaces through a pidfd of the app's sandbox init, then takes the very restrictions the
 * app's sandbox took (the same sandbox/ steps), and forks the command; both then install the
 * app's seccomp filter, the command before its execve. It keeps nothing
 * of the system: fds 0-2 are the pipes the client passed (never its terminal), which it takes
 * from the client's request itself; every other fd is closed before any step runs as the
 * app. Fail closed, with the sandbox's exit codes. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "enter.h"
#include "errtext.h"
#include "exit_text.h"
#include "fmt.h"
#include "identity.h"
#include "root.h"
#include "sandbox.h"
#include "seccomp.h"
#include "signals.h"
#include "syscalls.h"

/* How long the entering process waits for a sandbox still being set up: 200 x 10 ms. */
enum { READY_TRIES = 200, READY_PAUSE_MS = 10 };

static const char *const default_argv[] = { "/bin/sh", NULL };
static const char *const env[] = { SB_PATH_DEFAULT, "HOME=/", NULL };

/* A step that fails says which, and why, on the client's stderr (once it is wired: before,
 * only a malformed request fails), then exits with the step's code, which alone could be the
 * command's own. */
static _Noreturn void fail(const struct sb_spec *spec, int code)
{
	const char *step = sb_exit_step(code);
	char line[160];
	int n = fmt_buf(line, sizeof(line), "wardctl: enter %s: unable to %s: %s\n", spec->name,
			step ? step : "execute the command", sb_errtext(errno));

	(void)!write(2, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
	_exit(code);
}

/* The command, by its path or found in the usual directories. Its own calls come before the
 * app's filter, which may deny them (the app's sandbox makes them before it, too). */
static _Noreturn void exec_command(const struct sb_spec *spec, const char *const *argv,
				  pid_t parent)
{
	static const char *const dirs[] = { "/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/" };
	char path[256];

	/* The entering process dies when its client hangs up (control.c): the command with it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 || sb_sigunblock_all() < 0)
		fail(spec, SB_EXIT_SIGNALS);
	/* Killed between the fork and the prctl, it sent no signal: nobody would end this. */
	if (getppid() != parent)
		_exit(SB_EXIT_SIGNALS);
	if (setsid() < 0)
		fail(spec, SB_EXIT_SESSION);
	if (sb_seccomp_install(spec) < 0)
		fail(spec, SB_EXIT_SECCOMP);
	if (fmt_chr(argv[0], '/'))
		execve(argv[0], (char *const *)argv, (char *const *)env);
	for (size_t i = 0; !fmt_chr(argv[0], '/') && i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		/* Cut short, the name would be another file's, which the app may have put there. */
		if (fmt_buf(path, sizeof(path), "%s%s", dirs[i], argv[0]) >= (int)sizeof(path)) {
			errno = ENAMETOOLONG;
			break;
		}
		execve(path, (char *const *)argv, (char *const *)env);
	}
	fail(spec, errno == ENOENT ? SB_EXIT_NOT_FOUND : SB_EXIT_EXEC);
}

/* Joins the namespaces the app has. Its sandbox init entered the time namespace only for its
 * children: that one comes from time_for_children (absent on kernels without it). */
static int join(const struct sb_spec *spec, int pidfd, pid_t target)
{
	unsigned long ns = spec->namespaces & ~(unsigned long)CLONE_NEWTIME;
	int timefd = -1;

	if (spec->namespaces & CLONE_NEWTIME) {
		char path[48];

		fmt_buf(path, sizeof(path), "/proc/%d/ns/time_for_children", (int)target);
		timefd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
		if (timefd < 0 && errno != ENOENT)
			return -1;
	}
	if (ns && setns(pidfd, (int)ns) < 0)
		return -1;
	if (timefd >= 0 && setns(timefd, CLONE_NEWTIME) < 0)
		return -1;
	return 0;
}

/* Until its last setup step, the sandbox child is still privileged in the app's user
 * namespace (and dumpable, since its ids changed): a program of the app's that the command
 * ran then could trace it. The last step is the seccomp filter (sandbox/spawn.c), and
 * before it no_new_privs; an app with neither has nothing more to lose. 1 once the kernel
 * shows the last one, 0 before, -1 when the app is gone. */
static int set_up(const struct sb_spec *spec, pid_t target)
{
	char text[2048];
	ssize_t n;
	int fd;

	if (!spec->seccomp && !(spec->flags & SB_NO_NEW_PRIVS))
		return 1;
	fmt_buf(text, sizeof(text), "/proc/%d/status", (int)target);
	fd = openat(AT_FDCWD, text, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	return fmt_find(text, spec->seccomp ? "Seccomp:\t2" : "NoNewPrivs:\t1") != NULL;
}

/* Right after a start, the namespaces a sandbox child takes after its clone (net beside the
 * root on boards with more CPUs, cgroup under v1, time: sandbox/spawn.c) are still the
 * system's: joined then, the command would run in them. 1 once each of those the spec has
 * differs from the entering process's own, which are the system's (they only ever change
 * from the system's to the app's); 0 while one does not; -1 when the app is gone. A kind
 * the kernel lacks (no such file on either side) is skipped. The others come with the clone.
 * Then the setup must be over too (set_up). */
static int settled(const struct sb_spec *spec, pid_t target)
{
	static const struct {
		unsigned int flag;
		char name[7];
	} late[] = { { CLONE_NEWNET, "net" }, { CLONE_NEWCGROUP, "cgroup" }, { CLONE_NEWTIME, "time" } };

	for (size_t i = 0; i < sizeof(late) / sizeof(late[0]); i++) {
		/* The sandbox init entered its time namespace for its children only. */
		const char *suffix = late[i].flag == CLONE_NEWTIME ? "_for_children" : "";
		struct sb_statx own, app;
		char path[48];

		if (!(spec->namespaces & late[i].flag))
			continue;
		fmt_buf(path, sizeof(path), "/proc/self/ns/%s", late[i].name);
		if (sb_statx(AT_FDCWD, path, 0, &own) < 0)
			continue;
		fmt_buf(path, sizeof(path), "/proc/%d/ns/%s%s", (int)target, late[i].name, suffix);
		if (sb_statx(AT_FDCWD, path, 0, &app) < 0)
			return errno == ENOENT && *suffix ? 1 : -1;
		if (app.ino == own.ino && app.dev_major == own.dev_major &&
		    app.dev_minor == own.dev_minor)
			return 0;
	}
	return set_up(spec, target);
}

/* v1: into the app's leaves, the way its own child got there (cg_join). */
static int join_cgroup(const struct sb_spec *spec)
{
	int fds[CG_JOIN_MAX];
	int n = cg_join_open(spec, fds);

	return n < 0 ? -1 : cg_join(fds, n);
}

/* The request's message off the client's connection, and the 3 fds it carries: taken here,
 * not in PID 1, where a close of one could wait on the file's owner (peer_files.c). Exactly
 * 3, or -1. */
static int take_stdio(int conn, int fds[3])
{
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(4 * sizeof(int))];
	} control;
	struct msghdr m = { .msg_control = control.space, .msg_controllen = sizeof(control.space) };
	size_t n = 0;

	if (sb_recvmsg(conn, &m, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) < 0)
		return -1;
	for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h))
		if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS) {
			n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds, CMSG_DATA(h), (n < 3 ? n : 3) * sizeof(int));
		}
	return n == 3 && !(m.msg_flags & MSG_CTRUNC) ? 0 : -1;
}

static _Noreturn void run(const struct sb_spec *spec, pid_t target, int pidfd, bool attach,
			  int conn, const char *const *argv)
{
	int fds[3];
	/* A /proc of its own needs a mount namespace to mount it in and a pid namespace to show. */
	bool own_proc = (spec->namespaces & (CLONE_NEWNS | CLONE_NEWPID)) ==
			(CLONE_NEWNS | CLONE_NEWPID);
	struct sb_statx system_proc;
	const char *what;
	pid_t cmd, parent;
	int status, mntfd = -1, ready;

	/* Until it is the app's in every way, this process is PID 1's copy with PID 1's fds and
	 * root's credentials: once it joins a user namespace that the app's root owns, an app
	 * with CAP_SYS_PTRACE there could trace it or take its fds (pidfd_getfd). First thing,
	 * it is not dumpable; and it keeps of PID 1's fds only the pidfd. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		_exit(SB_EXIT_ENTER);
	sb_reset_signals();
	if (take_stdio(conn, fds) < 0)
		_exit(SB_EXIT_STDIO);
	for (int i = 0; i < 3; i++)
		if (dup2(fds[i], i) < 0)
			_exit(SB_EXIT_STDIO);
	if (dup2(pidfd, 3) < 0 || sb_close_range(4, ~0U, 0) < 0)
		_exit(SB_EXIT_STDIO);
	pidfd = 3;
	/* No supplementary group of PID 1's crosses over (denied in a user namespace). */
	if (sb_setgroups(0, NULL) < 0)
		fail(spec, SB_EXIT_IDENTITY);
	/* Still with the privilege to raise them (sb_set_rlimits sets them after the join). */
	sb_raise_hard_rlimits(0, spec);
	if (attach && join_cgroup(spec) < 0)
		fail(spec, SB_EXIT_CGROUP);
	if (own_proc) {
		char path[40];

		fmt_buf(path, sizeof(path), "/proc/%d/ns/mnt", (int)target);
		mntfd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
		if (mntfd < 0 || sb_statx(AT_FDCWD, "/proc", AT_SYMLINK_NOFOLLOW, &system_proc) < 0)
			fail(spec, SB_EXIT_ENTER);
	}
	for (int i = 0; (ready = settled(spec, target)) == 0; i++) {
		if (i == READY_TRIES) {
			errno = ETIMEDOUT; /* not settled in 2 s */
			fail(spec, SB_EXIT_ENTER);
		}
		poll(NULL, 0, READY_PAUSE_MS);
	}
	if (ready < 0 || join(spec, pidfd, target) < 0)
		fail(spec, SB_EXIT_ENTER);
	/* Right after a start the sandbox may not have its own root and /proc in place yet:
	 * its mount namespace shows a copy of the system's tree (also between its pivot_root
	 * and the detaching of the old root, which sits on top until then). Joined again until
	 * the /proc seen is its own; once it is, it stays. Here, so that PID 1 never waits.
	 * Through the namespace's fd, opened before: the pidfd of a process that is not
	 * dumpable takes privilege over it that the joiner no longer has. */
	for (int i = 0; own_proc && !sb_proc_is_own(&system_proc); i++) {
		if (i == READY_TRIES) {
			errno = ETIMEDOUT; /* not settled in 2 s */
			fail(spec, SB_EXIT_ENTER);
		}
		poll(NULL, 0, READY_PAUSE_MS); /* PID 1's poll: no sleep function linked in */
		if (setns(mntfd, CLONE_NEWNS) < 0)
			fail(spec, SB_EXIT_ENTER);
	}
	/* From here on, only the app's own things: no fd of PID 1's, not even the pidfd. */
	if (sb_close_range(3, ~0U, 0) < 0)
		fail(spec, SB_EXIT_STDIO);
	if (chdir("/") < 0)
		fail(spec, SB_EXIT_SESSION);
	if (sb_set_rlimits(spec) < 0)
		fail(spec, SB_EXIT_RLIMITS);
	/* Not dumpable after it (sb_set_identity): this process holds a copy of PID 1's
	 * memory, every app's log ring. */
	if (sb_set_identity(spec, &what) < 0)
		fail(spec, SB_EXIT_IDENTITY);
	if ((spec->flags & SB_NO_NEW_PRIVS) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fail(spec, SB_EXIT_NO_NEW_PRIVS);
	/* Joining a pid namespace takes effect for children: the command is one. Forked before
	 * the filter, which may deny clone: the app's own sandbox forks before it, or not. */
	/* Its parent as the command sees it: none (0) from inside the app's pid namespace. */
	parent = (spec->namespaces & CLONE_NEWPID) ? 0 : getpid();
	cmd = sb_fork();
	if (cmd < 0)
		fail(spec, SB_EXIT_FORK_APP);
	if (cmd == 0)
		exec_command(spec, argv && argv[0] ? argv : default_argv, parent);
	if (sb_seccomp_install(spec) < 0)
		fail(spec, SB_EXIT_SECCOMP); /* the command dies with it (its parent-death signal) */
	/* As the app's reaper it stays not dumpable: nothing for the app to open or trace. */
	close(0);
	close(1);
	close(2);
	while (waitpid(cmd, &status, 0) < 0)
		if (errno != EINTR)
			fail(spec, SB_EXIT_FORK_APP);
	if (WIFSIGNALED(status))
		_exit(SB_EXIT_SIGNAL_BASE + WTERMSIG(status));
	_exit(WEXITSTATUS(status));
}

pid_t enter_spawn(const struct sb_spec *spec, pid_t target, int cgroup, int conn,
		  const char *const *argv)
{
	struct sb_clone_args args = { .exit_signal = SIGCHLD };
	int clone_fd = cg_clone_fd(cgroup);
	int pidfd = (int)syscall(SYS_pidfd_open, target, 0);
	long pid;

	if (pidfd < 0)
		return -1;
	if (clone_fd >= 0) {
		args.flags = CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)clone_fd;
	}
	pid = sb_clone3(&args);
	if (pid == 0)
		run(spec, target, pidfd, cgroup >= 0 && clone_fd < 0, conn, argv);
	{
		int err = errno;

		close(pidfd);
		errno = err;
	}
	return (pid_t)pid;
}
