/* spawn.c: turns one app spec into one confined process: clone3 straight into the app's
 * namespaces and cgroup, then an ordered list of setup steps, then execve. Fail closed: a step
 * that fails ends the child before execve with its documented exit code (sandbox.h).
 * Files are opened with openat(AT_FDCWD, ...): musl's open() follows each O_CLOEXEC open with
 * an fcntl(F_SETFD) (for kernels older than 2.6.23), a system call more per file per spawn. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "errtext.h"
#include "exit_text.h"
#include "fdpass.h"
#include "fmt.h"
#include "goahead.h"
#include "identity.h"
#include "netns.h"
#include "read_text.h"
#include "report.h"
#include "root.h"
#include "sandbox.h"
#include "seccomp.h"
#include "signals.h"
#include "spawn.h"
#include "steps.h"
#include "syscalls.h"

struct sb_child {
	const struct sb_spec *spec;
	int out_fd;
	int notify_fd; /* write end of the readiness pipe, or -1 */
	int why_fd; /* struct sb_io */
	int sync_fd; /* the setup socket's child end: hangs up if the parent goes */
	int go_fd; /* the parent's part of the setup is done when this go-ahead comes */
	const struct sb_log *log;
	struct sb_log own_log; /* log's fds, moved (step_stdio) */
	const char *detail; /* set by a step to say more than the step's name */
	bool join; /* v1: the leaves' `tasks` fds come on sync_fd, to join them (cg_join) */
	bool late_cgroupns; /* v1: the cgroup namespace comes after the join, rooted there */
	bool beside; /* the net namespace comes on sync_fd from the parent's helper (netns.c) */
	int root; /* the new root, built and not yet entered */
};

/* v1 (v2 clones the child into its leaf): the parent makes the leaves while the child builds
 * its root, and sends their `tasks` fds; the child joins them before anything of the app's
 * can run or fork (the reaper and the app are forked after the last step), and before it
 * drops the privilege to unshare. Its own cgroup namespace is unshared only now, rooted at
 * its leaf, as CLONE_INTO_CGROUP would have it. What the setup allocated before the join
 * (the root's tmpfs directories) is charged to the parent's cgroup. */
static int step_cgroup(struct sb_child *c)
{
	int fds[SB_FDPASS_MAX], n;

	if (!c->join)
		return 0;
	n = sb_fds_recv(c->sync_fd, fds);
	close(c->sync_fd);
	if (n < 0 || cg_join(fds, n) < 0)
		return -1;
	return c->late_cgroupns ? unshare(CLONE_NEWCGROUP) : 0;
}

/* Marks every fd from 3 up close-on-exec but `keep` (the readiness fd; 0: none).
 * CLOSE_RANGE_CLOEXEC is Linux 5.11's: 5.10 LTS refuses it (EINVAL) and gets one fcntl per fd
 * below the size of the fd table, which every open fd is under (FDSize: 64 or 256 as a rule;
 * the soft limit of open files, the other bound, is 20000 or 1048576 on some hosts that start
 * ward-run), /proc/self/status read once. */
static int cloexec_all_but(unsigned int keep)
{
	char status[512]; /* FDSize is the 11th line */
	const char *size;
	long fds;

	if ((keep <= 3 || sb_close_range(3, keep - 1, CLOSE_RANGE_CLOEXEC) == 0) &&
	    sb_close_range(keep > 2 ? keep + 1 : 3, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return 0;
	if (errno != EINVAL || sb_read_text("/proc/self/status", status, sizeof(status)) < 0 ||
	    !(size = fmt_find(status, "\nFDSize:\t")) || (fds = fmt_parse_long(size + 9, NULL)) <= 0)
		return -1;
	for (unsigned int fd = 3; fd < (unsigned long)fds; fd++)
		if (fd != keep)
			sb_fcntl((int)fd, F_SETFD, FD_CLOEXEC); /* EBADF: not open */
	return 0;
}

static int step_stdio(struct sb_child *c)
{
	int null = openat(AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC);
	unsigned int notify = c->spec->notify_fd;

	if (null < 0 || dup2(null, 0) < 0 || dup2(c->out_fd, 1) < 0 || dup2(c->out_fd, 2) < 0)
		return -1;
	close(null);
	/* The readiness fd's number is the config's (3-255), and whatever the child holds there
	 * would be closed under it (the setup socket, the log's console): the fds the setup
	 * still needs move above 255 first. */
	if (notify > 2) {
		int *own[] = { &c->notify_fd, &c->sync_fd, &c->go_fd, &c->own_log.console_fd,
			       &c->own_log.kmsg_fd, &c->why_fd };

		c->own_log = *c->log;
		c->log = &c->own_log;
		for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
			if (*own[i] > 2 && (*own[i] = sb_fcntl(*own[i], F_DUPFD_CLOEXEC, 256)) < 0)
				return -1;
		/* From above 255 never onto itself: the dup2 clears O_CLOEXEC. */
		if (c->notify_fd < 0 || dup2(c->notify_fd, (int)notify) < 0)
			return -1;
	}
	/* Only 0, 1 and 2 (and the readiness fd) may cross into the app: everything else
	 * closes at execve. */
	return cloexec_all_but(notify);
}

/* The parent may have work to finish before the child goes on: the id maps of its user
 * namespace (files created from here on need ids that exist there), or creating its veth
 * pair. */
static int step_sync(struct sb_child *c)
{
	int ret;

	if (c->go_fd < 0)
		return 0;
	ret = sb_go_wait(c->go_fd, c->sync_fd);
	close(c->go_fd);
	if (!c->join && !c->beside) /* else read from it later */
		close(c->sync_fd);
	if (ret < 0)
		return -1;
	if (!(c->spec->namespaces & CLONE_NEWUSER))
		return 0;
	/* The maps exist now, but the process still has the ids it was cloned with (unmapped
	 * here): become the namespace's root, which is the mapped, unprivileged id outside.
	 * The change clears the parent-death signal: set again (ward-run may be gone by the
	 * step that sets it last). */
	return sb_setresgid(0, 0, 0) < 0 || sb_setresuid(0, 0, 0) < 0
		       ? -1
		       : prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
}

/* Mounts made from here on must not propagate back to the system. */
static int step_private(struct sb_child *c)
{
	(void)c;
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

static int step_root(struct sb_child *c)
{
	if (c->spec->flags & SB_NEW_ROOT)
		return (c->root = sb_root_build(c->spec, &c->detail)) < 0 ? -1 : 0;
	/* Without a root of its own, the app still gets the /proc of its pid namespace. */
	if (c->spec->namespaces & CLONE_NEWPID)
		return mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	return 0;
}

/* The helper's namespace, made while the root was built; the leaves' fds come after it. */
static int step_netns(struct sb_child *c)
{
	int ret;

	if (!c->beside)
		return 0;
	ret = sb_netns_join(c->sync_fd);
	if (!c->join)
		close(c->sync_fd);
	return ret;
}

/* In the app's net namespace by now: its sysfs, then into the root. */
/* stdin was opened (step_stdio) from the system's /dev/null, before the root existed: now
 * from the app's own, a read-only bind. Through the system's node an app of uid 0 without a
 * user namespace, its owner, could change its mode for everyone (fchmod). */
static int step_enter_root(struct sb_child *c)
{
	int null;

	if (sb_root_enter(c->spec, c->root, &c->detail) < 0)
		return -1;
	null = openat(AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0 || dup2(null, 0) < 0)
		return -1;
	return close(null);
}

static int step_hostname(struct sb_child *c)
{
	const char *name = c->spec->hostname ? c->spec->hostname : c->spec->name;

	return sethostname(name, strlen(name));
}

/* SB_NET_NONE: not even lo. Beside, the helper brought it up. */
static int step_loopback(struct sb_child *c)
{
	return c->spec->net == SB_NET_NONE || c->beside ? 0 : sb_loopback_up();
}

/* The parent has created the pair (step_sync waited for it): eth0 is here, down. */
static int step_veth(struct sb_child *c)
{
	return c->spec->net == SB_NET_VETH ? sb_veth_up(c->spec, &c->detail) : 0;
}

/* Offsets can be set only before a process enters the namespace: unshare it here, write
 * them, and the app forked after this runs in it. The armhf kernels have no time namespace:
 * that is logged, and the app runs on the system's clocks. */
static int step_timens(struct sb_child *c)
{
	char offsets[64];
	int fd, len;

	if (unshare(CLONE_NEWTIME) < 0) {
		if (errno == EINVAL) {
			const char *parts[] = { c->spec->name,
						": no time namespace in the kernel: offsets not applied" };
			sb_log_line(c->log, SB_LOG_INFO, parts, 2);
			return 0;
		}
		return -1;
	}
	len = fmt_buf(offsets, sizeof(offsets), "monotonic %lld 0\nboottime %lld 0\n",
		      c->spec->monotonic_offset, c->spec->boottime_offset);
	/* A non-dumpable process's /proc files are the real root's, unmapped in its user
	 * namespace: it could not open its own timens_offsets. Dumpable for that open only. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	fd = openat(AT_FDCWD, "/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (fd < 0)
		return -1;
	/* The write checks the opener's CAP_SYS_TIME, not the flag. */
	if (write(fd, offsets, (size_t)len) != len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int step_rlimits(struct sb_child *c)
{
	return sb_set_rlimits(c->spec);
}

/* Then the sandbox ends with its parent: killed with ward-run, its reaper (and so its pid
 * namespace) or the app gets SIGKILL (PID 1 never ends). Set here: a change of ids clears
 * it, and the filter may not allow prctl. (sb_set_identity leaves it not dumpable.) */
static int step_identity(struct sb_child *c)
{
	return sb_set_identity(c->spec, &c->detail) < 0 ? -1 :
	       prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
}

static int step_no_new_privs(struct sb_child *c)
{
	(void)c;
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* Last: the steps above need calls that the filter denies (mount, unshare); and before the
 * fork, so that the reaper is confined as well as the app. */
static int step_seccomp(struct sb_child *c)
{
	return sb_seccomp_install(c->spec);
}

_Static_assert(SB_FDPASS_MAX >= CG_JOIN_MAX, "the leaves' fds fit in one message");

/* The steps in order; a step runs when the spec has all the namespaces in `ns` and all the
 * flags in `flags`. Identity comes late: the steps before it need privileges. */
static const struct sb_step {
	int (*run)(struct sb_child *c);
	unsigned int ns;     /* CLONE_NEW* flags, all in the low 32 bits */
	unsigned char flags; /* enum sb_flag */
	unsigned char code;  /* enum sb_exit */
} steps[] = {
	{ step_stdio, 0, 0, SB_EXIT_STDIO },
	{ step_sync, 0, 0, SB_EXIT_USERNS },
	{ step_private, CLONE_NEWNS, 0, SB_EXIT_MOUNT_PRIVATE },
	{ step_root, CLONE_NEWNS, 0, SB_EXIT_ROOT },
	{ step_netns, CLONE_NEWNET, 0, SB_EXIT_NETNS },
	{ step_enter_root, CLONE_NEWNS, SB_NEW_ROOT, SB_EXIT_ROOT },
	{ step_hostname, CLONE_NEWUTS, 0, SB_EXIT_HOSTNAME },
	{ step_loopback, CLONE_NEWNET, 0, SB_EXIT_LOOPBACK },
	{ step_veth, CLONE_NEWNET, 0, SB_EXIT_VETH },
	{ step_timens, CLONE_NEWTIME, 0, SB_EXIT_TIMENS },
	{ step_cgroup, 0, 0, SB_EXIT_CGROUP },
	{ step_rlimits, 0, 0, SB_EXIT_RLIMITS },
	{ step_identity, 0, 0, SB_EXIT_IDENTITY },
	{ step_no_new_privs, 0, SB_NO_NEW_PRIVS, SB_EXIT_NO_NEW_PRIVS },
	{ step_seccomp, 0, 0, SB_EXIT_SECCOMP },
};

/* Async-signal-safe report in PID 1's message shape, then the documented exit code, told on
 * why_fd (struct sb_io). */
static _Noreturn void fail(const struct sb_child *c, int code)
{
	int err = errno;
	const char *what = sb_exit_step(code);
	const char *parts[] = { c->spec->name, ": unable to ", what ? what : "execute the command",
				c->detail ? " (" : "", c->detail ? c->detail : "",
				c->detail ? ")" : "", ": ", sb_errtext(err) };
	unsigned char byte = (unsigned char)code;

	sb_log_line(c->log, SB_LOG_ERR, parts, sizeof(parts) / sizeof(parts[0]));
	(void)!write(c->why_fd, &byte, 1);
	_exit(code);
}

static _Noreturn void exec_app(struct sb_child *c)
{
	/* PID 1 blocks every asynchronous signal; the app starts with a clean slate (its
	 * dispositions were reset first thing in run_child). */
	if (sb_sigunblock_all() < 0)
		fail(c, SB_EXIT_SIGNALS);
	/* Its own session: no controlling terminal shared with PID 1. */
	if (setsid() < 0 || chdir("/") < 0)
		fail(c, SB_EXIT_SESSION);
	execve(c->spec->argv[0], (char *const *)c->spec->argv, (char *const *)c->spec->envp);
	fail(c, errno == ENOENT ? SB_EXIT_NOT_FOUND : SB_EXIT_EXEC);
}

/* The app until its execve, on a stack of the reaper's: it shares the reaper's memory
 * (CLONE_VM) while the reaper waits (CLONE_VFORK), so no page table is copied and no page
 * copied on write for a process that only executes (about 1 ms a start under TCG). */
static int app_main(void *c)
{
	exec_app(c);
}

static _Noreturn void run_child(struct sb_child *c)
{
	/* Not dumpable until its execve: it holds PID 1's fds (close-on-exec, not closed) and a
	 * copy of PID 1's memory, and a dumpable process is open to every process of its uid
	 * (/proc/PID/fd, pidfd_getfd, ptrace), a command that wardctl enter runs in the app
	 * say. A change of ids sets the flag to fs.suid_dumpable (0, or 2 from fs_guard at
	 * boot: safe both); sb_set_identity clears it again after the last change. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* Killed with its parent from here on (ward-run; PID 1 never ends), not only from
	 * step_identity on: a change of ids clears it, and step_sync and step_identity, which
	 * change them, set it again. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* Default dispositions for the reaper and the app alike. */
	sb_reset_signals();
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		const struct sb_step *s = &steps[i];

		c->detail = NULL;
		if ((c->spec->namespaces & s->ns) == s->ns && (c->spec->flags & s->flags) == s->flags &&
		    s->run(c) < 0)
			fail(c, s->code);
	}
	/* A reaper is PID 1 of the app's pid namespace, and the process that entered the time
	 * namespace on the app's behalf. */
	if (c->spec->namespaces & (CLONE_NEWPID | CLONE_NEWTIME)) {
		/* The app's stack until its execve. Static, not a local: this is inlined into
		 * sb_spawn, where a 16 KB frame would move every call PID 1 makes from there
		 * 16 KB further down its own stack. */
		static char stack[16384];
		pid_t app;

		/* Not dumpable since run_child's start: the app cannot ptrace it nor open its
		 * /proc/1/exe. The flag is the memory's, which the app shares (or copies) until
		 * its execve sets the flag again. */
		/* A child entering a time namespace may not share its parent's memory (EINVAL):
		 * the clock pages differ. That one gets a copy. */
		app = clone(app_main, stack + sizeof(stack),
			    ((c->spec->namespaces & CLONE_NEWTIME) ? 0 : CLONE_VM | CLONE_VFORK) | SIGCHLD,
			    c);
		if (app < 0)
			fail(c, SB_EXIT_FORK_APP);
		sb_reap(app, c->why_fd);
	}
	exec_app(c);
}

/* Parent side: "<app>: unable to <verb> <object><more>: <error>", errno kept. */
static void report(const struct sb_spec *spec, const struct sb_log *log, const char *verb,
		   const char *object, const char *more)
{
	int err = errno;
	const char *parts[] = { spec->name, ": unable to ", verb, " ", object, more, ": ",
				sb_errtext(err) };

	sb_log_line(log, SB_LOG_ERR, parts, sizeof(parts) / sizeof(parts[0]));
	errno = err;
}

/* Parent side, while the child waits: its user namespace's id maps and its hard limits
 * (from here, where the privilege is), then the go-ahead. */
static int release(pid_t pid, const struct sb_spec *spec, int go, const struct sb_log *log)
{
	const char *what = "the go-ahead";

	if (spec->namespaces & CLONE_NEWUSER)
		sb_raise_hard_rlimits(pid, spec);
	if ((!(spec->namespaces & CLONE_NEWUSER) || sb_write_idmaps(pid, spec, &what) == 0) &&
	    sb_go_give(go) == 0)
		return 0;
	report(spec, log, "write", what, "");
	return -1;
}

static bool has_veth(const struct sb_spec *spec)
{
	return (spec->namespaces & CLONE_NEWNET) && spec->net == SB_NET_VETH;
}

/* Parent side, before the go-ahead: the app's veth pair, which needs PID 1's namespace. */
static int make_veth(pid_t pid, const struct sb_spec *spec, const struct sb_log *log)
{
	const char *what = "";

	if (!has_veth(spec) || sb_veth_create(spec, pid, &what) == 0)
		return 0;
	report(spec, log, what, "veth ", spec->veth_name);
	return -1;
}

/* Parent side: the app's leaf, with its limits (fail closed: no leaf, no app). Returns the
 * leaf's handle or -1. */
static int make_leaf(const struct sb_spec *spec, const struct sb_log *log)
{
	const char *what = "";
	int fd = cg_create(spec, &what);

	if (fd < 0)
		report(spec, log, "set up its cgroup:", what, "");
	return fd;
}

/* Parent side, after the go-ahead, while the child builds its root: the helper makes its net
 * namespace (netns.c); then, under v1, the leaf is made and its fds go to the child
 * (step_cgroup), after the namespace's (step_netns reads that first). The leaf waits for the
 * helper: the child needs the namespace first, and the leaf only once it has entered its
 * root; made first, the leaf took the CPU the helper was waiting for, and delayed the
 * child's namespace by as much (A/B: -0.12 ms a spawn).
 * *ours says whether a failure is ours (the child never ran the app) or the child's (it has
 * exited, and its status says why). */
static int hand_over(const struct sb_spec *spec, int sock, int pidfd, const struct sb_child *c,
		     int *cgroup, const struct sb_log *log, bool *ours)
{
	int fds[CG_JOIN_MAX], n = 0, ret = 0;
	pid_t helper = -1;

	*ours = true;
	/* After the go-ahead (the child takes a message before it for a hang-up). */
	if (c->beside && (helper = sb_netns_start(spec, pidfd, sock)) < 0) {
		report(spec, log, "fork", "the helper of its network namespace", "");
		return -1;
	}
	/* An end of the socket gone, or the child no longer there for the helper to join its
	 * user namespace (ESRCH): the child has exited, and its status says why. */
	if (helper > 0 && sb_netns_wait(helper) < 0) {
		if (errno == EPIPE || errno == ECONNRESET || errno == ESRCH || errno == ECONNREFUSED)
			*ours = false;
		else
			report(spec, log, "make", "its network namespace", "");
		return -1;
	}
	if (c->join) {
		*cgroup = make_leaf(spec, log); /* which reports its failure */
		n = *cgroup < 0 ? -1 : cg_join_open(spec, fds);
		if (*cgroup >= 0 && n < 0)
			report(spec, log, "hand over", "its cgroup", "");
		if (n < 0)
			ret = -1;
	}
	if (c->join && ret == 0 && sb_fds_send(sock, fds, n) < 0) {
		ret = -1;
		if (errno == EPIPE || errno == ECONNRESET)
			*ours = false;
		else
			report(spec, log, "hand over", "its cgroup", "");
	}
	if (c->join && n >= 0)
		cg_join_close(fds, n);
	return ret;
}

/* The kernel charges a user namespace's per-user counts (inotify instances, fanotify groups,
 * queued signals, message queue bytes, namespaces) to the user inside and to the namespace's
 * owner outside, which is the euid that created it. Created by root, every app would draw on
 * root's counts, and one app could spend them for PID 1 and all the others (128 inotify
 * instances, say). So the app's namespace is created with the euid of its own root outside,
 * and each app draws on its own. NO_SETUID_FIXUP keeps the capabilities across the change
 * (CLONE_INTO_CGROUP needs them); the child carries none of it, as a new user namespace
 * starts its creator with the default securebits. PID 1's asynchronous signals are blocked:
 * nothing else runs as that euid meanwhile. */
static long clone_owned(struct sb_clone_args *args, const struct sb_spec *spec)
{
	uid_t owner = spec->map_uid, euid;
	int securebits, err;
	long pid;

	if (!(args->flags & CLONE_NEWUSER) || owner == 0)
		return sb_clone3(args);
	euid = geteuid();
	securebits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
	if (securebits < 0 ||
	    prctl(PR_SET_SECUREBITS, securebits | SECBIT_NO_SETUID_FIXUP, 0, 0, 0) < 0)
		return -1;
	if (sb_setresuid((uid_t)-1, owner, (uid_t)-1) < 0) {
		pid = -1;
	} else {
		pid = sb_clone3(args);
		if (pid == 0)
			return 0;
	}
	err = errno;
	/* Back to the euid (the saved uid still), then to the securebits as they were: neither
	 * can fail, as nothing was locked and the capabilities stayed. */
	sb_setresuid((uid_t)-1, euid, (uid_t)-1);
	prctl(PR_SET_SECUREBITS, securebits, 0, 0, 0);
	errno = err;
	return pid;
}

/* Reaps a child killed before it ran the app, waiting KILLED_WAIT_MS at most: killed while
 * it built its root, it may be stuck on a disk that stopped answering (a bind's source), and
 * waits for the answer even killed (D state). Such a one is left to the caller's reaper (PID 1
 * reaps every child) rather than hold the caller, which in PID 1 is all supervision. */
enum { KILLED_WAIT_MS = 100 };

static void reap_killed(pid_t pid)
{
	for (int ms = 0; ms < KILLED_WAIT_MS && waitpid(pid, NULL, WNOHANG) == 0; ms++)
		poll(NULL, 0, 1);
}

pid_t sb_spawn(const struct sb_spec *spec, int *cgroup, const struct sb_io *io,
	       const struct sb_log *log)
{
	/* CLONE_NEWTIME is unshared in the child, which still has to set the offsets. */
	struct sb_clone_args args = { .flags = spec->namespaces & ~(unsigned long)CLONE_NEWTIME,
				      .exit_signal = SIGCHLD };
	struct sb_child child = { .spec = spec, .out_fd = io->out_fd, .notify_fd = io->notify_fd,
				  .why_fd = io->why_fd, .sync_fd = -1, .go_fd = -1, .log = log };
	int sync[2] = { -1, -1 }, go = -1, pidfd = -1;
	long pid;

	child.join = cgroup && cg_needs_join();
	child.beside = sb_netns_beside(spec);
	if (child.beside) {
		args.flags &= ~(uint64_t)CLONE_NEWNET;
		/* The helper enters the child's user namespace through it. */
		if (spec->namespaces & CLONE_NEWUSER) {
			args.flags |= CLONE_PIDFD;
			args.pidfd = (uint64_t)(uintptr_t)&pidfd;
		}
	}
	if (cgroup) {
		*cgroup = -1;
		/* v2: cloned straight into its leaf, which must exist first. */
		if (!child.join) {
			*cgroup = make_leaf(spec, log);
			if (*cgroup < 0)
				return -1;
			args.flags |= CLONE_INTO_CGROUP;
			args.cgroup = (uint64_t)*cgroup;
		}
	}
	/* A socket, not a pipe: it carries the net namespace's fd and under v1 the leaves' fds
	 * as well. The go-ahead beside it is an eventfd (goahead.c says why). */
	if ((spec->namespaces & CLONE_NEWUSER) || has_veth(spec) || child.join || child.beside) {
		if (sb_socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sync) < 0) {
			report(spec, log, "create", "the setup socket", "");
			return -1;
		}
		go = sb_go_open();
		if (go < 0) {
			report(spec, log, "create", "the go-ahead", "");
			close(sync[0]);
			close(sync[1]);
			return -1;
		}
	}
	/* Cloned into a new cgroup namespace before the join, the app would see the path of
	 * its leaf; unshared after it, its leaf is its root, as with CLONE_INTO_CGROUP. */
	if (child.join && (spec->namespaces & CLONE_NEWCGROUP)) {
		args.flags &= ~(uint64_t)CLONE_NEWCGROUP;
		child.late_cgroupns = true;
	}
	child.sync_fd = sync[0];
	child.go_fd = go;
	/* Neither PID 1 nor ward-run changes a disposition once it spawns. */
	sb_signals_note();
	pid = clone_owned(&args, spec);
	if (pid == 0) {
		if (sync[1] >= 0)
			close(sync[1]);
		run_child(&child);
	}
	if (pid < 0)
		report(spec, log, "clone", "the sandbox", "");
	if (sync[0] >= 0) {
		bool ours = false;

		close(sync[0]);
		if (pid > 0 && (make_veth((pid_t)pid, spec, log) < 0 ||
				release((pid_t)pid, spec, go, log) < 0 ||
				hand_over(spec, sync[1], pidfd, &child, cgroup, log, &ours) < 0)) {
			int err = errno;

			/* It never runs the app: it waits for the parent, its net namespace or its
			 * leaf first. */
			kill((pid_t)pid, SIGKILL);
			/* No leaf: the caller sees a sandbox not started, as when a v2 leaf cannot
			 * be made. Otherwise it is reaped as usual. */
			if (ours) {
				reap_killed((pid_t)pid);
				pid = -1;
			}
			errno = err;
		}
		close(sync[1]);
		close(go);
	}
	if (pidfd >= 0)
		close(pidfd);
	return (pid_t)pid;
}
