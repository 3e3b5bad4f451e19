/* ward_run.c: `ward-run APP` starts one app of the generated table on a workstation, as root,
 * in the same sandbox as on the board (sb_spawn: the same namespaces, cgroup leaf and setup
 * steps), waits for it and exits with its status: to try an app's sandbox before flashing
 * it, and what the spawn benchmark times. Its own binary: the Makefile keeps this main out of
 * the init. The child's mounts stay in its own mount namespace; on a v1 workstation without
 * one of the hierarchies ward uses, ward-run mounts it at /sys/fs/cgroup/<name> as PID 1 does
 * at boot, and leaves it there. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "cgroup.h"
#include "cgroup_v1.h"
#include "config.h"
#include "exit_text.h"
#include "report.h"
#include "root.h"
#include "sandbox.h"
#include "spawn.h"

#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* Exit codes of ward-run itself (the app's own status otherwise, 128+N for a signal N). */
enum run_exit {
	RUN_EXIT_FAILURE = 1, /* the sandbox could not be created */
	RUN_EXIT_USAGE = 2,
};

enum cg_mode { CG_NONE, CG_V1, CG_V2 };

static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 };

static void say(const char *app, const char *what)
{
	fprintf(stderr, "ward-run: %s: %s\n", app, what);
}

static int fail(const char *app, const char *verb, const char *object)
{
	fprintf(stderr, "ward-run: %s: unable to %s %s: %s\n", app, verb, object, strerror(errno));
	return RUN_EXIT_FAILURE;
}

static bool is_fs(const char *path, unsigned long magic)
{
	struct statfs st;

	return statfs(path, &st) == 0 && (unsigned long)st.f_type == magic;
}

/* The board's hierarchy when the workstation has it: v2 with controllers at /sys/fs/cgroup,
 * else the v1 hierarchies mounted there (ward's setup mounts nothing that is mounted already);
 * else none. */
static enum cg_mode cgroup_mode(void)
{
	if (is_fs(CG_ROOT, CGROUP2_SUPER_MAGIC))
		return CG_V2;
	if (is_fs(CG_ROOT "/memory", CGROUP_SUPER_MAGIC))
		return CG_V1;
	return CG_NONE;
}

/* Whether ward/ is there (in every hierarchy, v1), as PID 1's boot or an earlier setup left
 * it: then the hierarchies are mounted too. */
static bool have_parents(enum cg_mode mode)
{
	return mode == CG_V2 ? access(CG_WARD, F_OK) == 0 : cg1_have_parents();
}

static void remove_parents(enum cg_mode mode)
{
	if (mode == CG_V2)
		rmdir(CG_WARD);
	else
		cg1_remove_parents();
}

static const struct app_spec *find_app(const char *name)
{
	for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
		if (strcmp(app_table[i].sb.name, name) == 0)
			return &app_table[i];
	return NULL;
}

/* What the child's run has: its pid, its leaf, the pipes ward-run reads (-1: none). */
struct run {
	const struct sb_spec *spec;
	pid_t pid;
	int cgroup;
	int out;    /* the app's output, relayed to a terminal */
	int notify; /* its readiness lines, read and dropped: a full pipe would block the app */
};

/* Reads what fd holds, and copies it to stdout when asked; -1 into *fd at its end. Returns
 * what read returned. */
static ssize_t take(int *fd, bool copy)
{
	char buf[4096];
	ssize_t n = read(*fd, buf, sizeof(buf));

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		close(*fd);
		*fd = -1;
	}
	for (ssize_t done = 0, w; copy && n > 0 && done < n; done += w) {
		w = write(1, buf + done, (size_t)(n - done));
		if (w < 0 && errno != EINTR)
			break;
		w = w < 0 ? 0 : w;
	}
	return n;
}

/* Waits for the child, forwarding signals (its reaper passes them on to the app), relaying
 * its output, reading its readiness fd, freezing it while ward-run is stopped (^Z). A second SIGINT or SIGTERM kills the whole sandbox:
 * an app that ignores the first is ended without SIGKILL from elsewhere (which would leave
 * its leaf). Returns the wait status. */
static int wait_child(struct run *r, int sigfd)
{
	int asked = 0;

	for (;;) {
		struct pollfd p[3] = { { sigfd, POLLIN, 0 }, { r->out, POLLIN, 0 },
				       { r->notify, POLLIN, 0 } };
		struct signalfd_siginfo si;
		int status;

		if (poll(p, 3, -1) < 0)
			continue;
		if (p[1].revents)
			take(&r->out, true);
		if (p[2].revents)
			take(&r->notify, false);
		if (!p[0].revents || read(sigfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo == SIGCHLD) {
			if (waitpid(r->pid, &status, WNOHANG) != r->pid)
				continue;
			/* What it wrote last: a pipeful at most. Not to its end: without a pid
			 * namespace what it left holds the pipe, and may write on (killed with
			 * the leaf, after this). The read end does not block. */
			for (int left = r->out >= 0 ? fcntl(r->out, F_GETPIPE_SZ) : 0; left > 0;) {
				ssize_t n = take(&r->out, true);

				if (n <= 0)
					break;
				left -= (int)n;
			}
			return status;
		}
		/* ^Z: the app frozen, ward-run stopped, as a shell's job would be; thawed when
		 * ward-run is continued (fg, bg). Passed on, it would stop the reaper, or be
		 * dropped by the app's process group, orphaned in its own session. Without a
		 * leaf there is nothing to freeze: ward-run stops alone. */
		if (si.ssi_signo == SIGTSTP) {
			if (r->cgroup >= 0 && cg_freeze(r->spec, r->cgroup, true) < 0)
				say(r->spec->name, "unable to freeze it: it runs on");
			kill(getpid(), SIGSTOP);
			if (r->cgroup >= 0)
				cg_freeze(r->spec, r->cgroup, false);
			continue;
		}
		kill(r->pid, (int)si.ssi_signo);
		if ((si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM) && ++asked == 2) {
			say(r->spec->name, "asked twice: killing it");
			if (r->cgroup >= 0)
				cg_kill(r->spec, r->cgroup);
			kill(r->pid, SIGKILL);
		}
	}
}

/* PID 1's fds 0-2 are the console: here any of them closed would be taken by the pipes and
 * the setup's socket, and the app's stdio or the setup's report would land on the wrong one. */
static bool stdio_open(void)
{
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		if (openat(AT_FDCWD, "/dev/null", O_RDWR) != fd)
			return false;
	}
	return true;
}

/* What a ward-run killed itself (SIGKILL) left in the app's leaf: for an app without a pid
 * namespace, what the app started runs on there, and the leaf it holds would fail this start
 * ("remove its last run's ...: Device or resource busy") until it ends. Killed first. */
static void kill_leftovers(const struct sb_spec *spec, enum cg_mode mode)
{
	int fd = -1;

	if (mode == CG_V2) {
		char path[96];

		snprintf(path, sizeof(path), CG_WARD "/%s", spec->name);
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return;
	}
	cg_kill(spec, fd);
	if (fd >= 0)
		close(fd);
}

/* What the app left in its cgroup ends with it, as on the board. Its leaf is empty by now
 * when the app had its own pid namespace (its reaper's exit took the namespace's every
 * process with it), and then goes at once. Otherwise what is left is killed, and the leaf
 * goes once the kernel has let go of them: a killed process leaves its cgroup only when it
 * has exited, some milliseconds later. At most a second: then the leaf is left, and said. */
static void remove_leaf(const struct sb_spec *spec, int cgroup)
{
	if (cg_remove(spec) == 0 || (errno != EBUSY && errno != ENOTEMPTY))
		return;
	if (cgroup >= 0)
		cg_kill(spec, cgroup);
	for (int i = 0; i < 1000; i++) {
		if (cg_remove(spec) == 0 || (errno != EBUSY && errno != ENOTEMPTY))
			return;
		usleep(1000);
	}
	fprintf(stderr, "ward-run: %s: unable to remove its cgroup leaf: %s\n", spec->name,
		strerror(errno));
}

/* The status as a shell reports it; says which setup step failed when one did (why: the
 * sb_exit_why of the run's why_fd). */
static int exit_code(const struct sb_spec *spec, int status, int why)
{
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	const char *step = WIFEXITED(status) && code == why ? sb_exit_step(code) : NULL;

	if (step) {
		fprintf(stderr, "ward-run: %s: sandbox setup failed (exit code %d): %s\n",
			spec->name, code, step);
	}
	return code;
}

int main(int argc, char **argv)
{
	const struct app_spec *app;
	const char *name, *what = "";
	struct sb_log log = { .console_fd = 2, .kmsg_fd = -1, .console_loglevel = 8 };
	struct sb_io io = { .out_fd = 1, .notify_fd = -1, .why_fd = -1 };
	struct run run = { .cgroup = -1, .out = -1, .notify = -1 };
	enum cg_mode mode;
	int notify[2] = { -1, -1 }, why[2] = { -1, -1 }, out[2] = { -1, -1 }, status, code, sigfd;
	sigset_t set;

	/* --no-cgroup: the namespaces and setup steps alone, as unshare(1) or bwrap give them
	 * (the spawn benchmark's like-for-like row). */
	bool had_parents, no_cgroup = argc == 3 && strcmp(argv[1], "--no-cgroup") == 0;

	if (argc != 2 + no_cgroup) {
		fprintf(stderr, "usage: ward-run [--no-cgroup] APP (as root)\napps:");
		for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
			fprintf(stderr, " %s", app_table[i].sb.name);
		fputc('\n', stderr);
		return RUN_EXIT_USAGE;
	}
	name = argv[1 + no_cgroup];
	if (!stdio_open())
		return RUN_EXIT_FAILURE;
	mode = no_cgroup ? CG_NONE : cgroup_mode();
	/* ward/ is set up once, as PID 1 does at boot; removed after the run only when this run
	 * made it. */
	had_parents = mode != CG_NONE && have_parents(mode);
	app = find_app(name);
	if (!app) {
		say(name, "no such app in this build's table");
		return RUN_EXIT_USAGE;
	}
	if (geteuid() != 0) {
		say(name, "must run as root (it creates namespaces, cgroups and id maps)");
		return RUN_EXIT_FAILURE;
	}
	/* The invoker's supplementary groups (root's, from sudo or a login) would be the app's
	 * too, for good: its user namespace denies setgroups. PID 1 has none to give. */
	if (setgroups(0, NULL) < 0)
		return fail(name, "drop", "the supplementary groups");
	/* What PID 1 gives an app, not what the invoker's shell has (umask 077, its own
	 * open-files limit). */
	umask(022);
	setrlimit(RLIMIT_NOFILE, &(struct rlimit){ 1024, 1048576 });
	/* The app writes to our stdout. A terminal there is open for reading (a shell opens it
	 * once, read-write): the app could read what is typed at it, and even write-only it
	 * could set the terminal's modes (echo off for the shell after it, a line discipline)
	 * and size. It gets a pipe, which ward-run copies to the terminal, as the board's
	 * console is PID 1's and the app has a pipe. */
	if (isatty(1)) {
		if (pipe2(out, O_CLOEXEC) < 0 || fcntl(out[0], F_SETFL, O_NONBLOCK) < 0)
			return fail(name, "create", "output pipe");
		io.out_fd = out[1];
	}
	if (mode == CG_NONE)
		say(name, no_cgroup ? "running without a cgroup (no limits), as asked" :
			"no cgroup hierarchy at /sys/fs/cgroup: running without a cgroup (no limits)");
	else if (had_parents && mode == CG_V1) /* set up: mounting again costs 6 EBUSY mounts */
		cg_select(true);
	else if (cg_setup_root(mode == CG_V1, cg_controllers_of(&app->sb.limits), &what) < 0)
		fprintf(stderr, "ward-run: %s: unable to set up cgroup %s: %s\n", name, what,
			strerror(errno));
	if (mode != CG_NONE)
		kill_leftovers(&app->sb, mode);
	if (sb_root_prepare() < 0)
		return fail(name, "create", SB_ROOT_DIR);
	if (sb_root_prepare_data(&app->sb, &what) < 0)
		return fail(name, "create", what);
	/* Its readiness lines are read and dropped here, but the app may need the fd. */
	if (app->sb.notify_fd && pipe2(notify, O_CLOEXEC) < 0)
		return fail(name, "create", "notify pipe");
	io.notify_fd = notify[1];
	if (pipe2(why, O_CLOEXEC | O_NONBLOCK) < 0)
		return fail(name, "create", "exit pipe");
	io.why_fd = why[1];
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTSTP);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&set, forwarded[i]);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sigfd < 0)
		return fail(name, "create", "signalfd");
	/* Fail closed: the app runs within its limits, or not at all (sb_spawn). */
	run.spec = &app->sb;
	run.pid = sb_spawn(&app->sb, mode != CG_NONE ? &run.cgroup : NULL, &io, &log);
	if (run.pid < 0) { /* reported by sb_spawn */
		if (run.cgroup >= 0)
			close(run.cgroup);
		if (mode != CG_NONE)
			cg_remove(&app->sb);
		return RUN_EXIT_FAILURE;
	}
	if (notify[1] >= 0)
		close(notify[1]);
	if (out[1] >= 0)
		close(out[1]);
	close(why[1]);
	run.out = out[0];
	run.notify = notify[0];
	/* A reaper in a process group of its own: a terminal's ^C (or hang-up), `kill --
	 * -PGID` or timeout(1) reach a whole process group, and a reaper in ours would get them
	 * beside ward-run, which passes them on: the app would get each twice. Not a child that
	 * is the app itself: it starts a session of its own, which a group's leader cannot. */
	if (app->sb.namespaces & (CLONE_NEWPID | CLONE_NEWTIME))
		setpgid(run.pid, run.pid);
	status = wait_child(&run, sigfd);
	/* The workstation is left as it was found: the ward/ parents go too when this run made
	 * them and no other run uses them. A leaf that failed half-made (v1, after the clone)
	 * goes too. */
	if (mode != CG_NONE) {
		remove_leaf(&app->sb, run.cgroup);
		if (!had_parents)
			remove_parents(mode);
	}
	if (run.cgroup >= 0)
		close(run.cgroup);
	code = exit_code(&app->sb, status, sb_exit_why(why[0]));
	/* An app ended by SIGINT ends ward-run so too, as a shell expects of what it ran: a
	 * loop of ward-run in a script stops at ^C, as a loop of anything else does. */
	if (code == 128 + SIGINT) {
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		signal(SIGINT, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(SIGINT);
	}
	return code;
}
