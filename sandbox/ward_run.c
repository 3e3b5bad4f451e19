/* ward_run.c: `ward-run APP` starts one app of the generated table on a workstation, as root,
 * in the same sandbox as on the board (sb_spawn: the same namespaces, cgroup leaf and setup
 * steps), waits for it and exits with its status: to try an app's sandbox before flashing
 * it, and what the spawn benchmark times. Its own binary: the Makefile keeps this main out of
 * the init. It mounts nothing itself; the child's mounts stay in its own mount namespace. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	if (is_fs("/sys/fs/cgroup", CGROUP2_SUPER_MAGIC))
		return CG_V2;
	if (is_fs("/sys/fs/cgroup/memory", CGROUP_SUPER_MAGIC))
		return CG_V1;
	return CG_NONE;
}

/* Whether ward/ is there (in every hierarchy, v1), as PID 1's boot or an earlier setup left
 * it: then the hierarchies are mounted too. */
static bool have_parents(enum cg_mode mode)
{
	return mode == CG_V2 ? access("/sys/fs/cgroup/ward", F_OK) == 0 : cg1_have_parents();
}

static void remove_parents(enum cg_mode mode)
{
	if (mode == CG_V2)
		rmdir("/sys/fs/cgroup/ward");
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

/* Waits for the child, forwarding termination signals (its reaper passes them on to the
 * app). Returns the wait status. */
static int wait_child(pid_t pid, const sigset_t *set)
{
	for (;;) {
		int status, sig = sigwaitinfo(set, NULL);

		if (sig > 0 && sig != SIGCHLD)
			kill(pid, sig);
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
	}
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
	enum cg_mode mode;
	int cgroup = -1, notify[2] = { -1, -1 }, why[2] = { -1, -1 }, status;
	sigset_t set;
	pid_t pid;

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
	/* The app writes to our stdout. A terminal there is open for reading too (a shell
	 * opens it once, read-write): the app could read what is typed at it. It gets the
	 * terminal again, write-only. */
	if (isatty(1)) {
		io.out_fd = openat(AT_FDCWD, "/proc/self/fd/1", O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (io.out_fd < 0)
			return fail(name, "open", "its terminal write-only");
	}
	if (mode == CG_NONE)
		say(name, no_cgroup ? "running without a cgroup (no limits), as asked" :
			"no cgroup hierarchy at /sys/fs/cgroup: running without a cgroup (no limits)");
	else if (had_parents && mode == CG_V1) /* set up: mounting again costs 6 EBUSY mounts */
		cg_select(true);
	else if (cg_setup_root(mode == CG_V1, cg_controllers_of(&app->sb.limits), &what) < 0)
		fprintf(stderr, "ward-run: %s: unable to set up cgroup %s: %s\n", name, what,
			strerror(errno));
	if (sb_root_prepare() < 0)
		return fail(name, "create", SB_ROOT_DIR);
	if (sb_root_prepare_data(&app->sb, &what) < 0)
		return fail(name, "create", what);
	/* Nobody reads its readiness line here, but the app may need the fd to be there. */
	if (app->sb.notify_fd && pipe2(notify, O_CLOEXEC) < 0)
		return fail(name, "create", "notify pipe");
	io.notify_fd = notify[1];
	if (pipe2(why, O_CLOEXEC | O_NONBLOCK) < 0)
		return fail(name, "create", "exit pipe");
	io.why_fd = why[1];
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&set, forwarded[i]);
	sigprocmask(SIG_BLOCK, &set, NULL);
	/* Fail closed: the app runs within its limits, or not at all (sb_spawn). */
	pid = sb_spawn(&app->sb, mode != CG_NONE ? &cgroup : NULL, &io, &log);
	if (pid < 0) { /* reported by sb_spawn */
		if (cgroup >= 0)
			close(cgroup);
		if (mode != CG_NONE)
			cg_remove(&app->sb);
		return RUN_EXIT_FAILURE;
	}
	if (notify[1] >= 0)
		close(notify[1]);
	close(why[1]);
	status = wait_child(pid, &set);
	/* The workstation is left as it was found: the ward/ parents go too when this run made
	 * them and no other run uses them. A leaf that failed half-made (v1, after the clone)
	 * goes too. */
	if (mode != CG_NONE) {
		remove_leaf(&app->sb, cgroup);
		if (!had_parents)
			remove_parents(mode);
	}
	if (cgroup >= 0)
		close(cgroup);
	return exit_code(&app->sb, status, sb_exit_why(why[0]));
}
