/* test_identity.c: sb_set_identity (sandbox/identity.c) drops every capability but the kept
 * ones from the bounding set, whatever /proc/sys/kernel/cap_last_cap says: `wardctl enter`
 * runs it in the app's mount namespace, where an app that may mount could put "-1" there (and
 * the drop would then do nothing). As root, in fresh mount and pid namespaces, with such a
 * file bound over it; the kernel's view is /proc/self/status. */
#include <fcntl.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include <cmocka.h>

#include "identity.h"
#include "sandbox.h"

#include "in_namespaces.h"

enum { KEPT = 10, CAP_KILL = 5, CAP_SETGID = 6, CAP_SETUID = 7 }; /* KEPT: CAP_NET_BIND_SERVICE */

/* The hex value of a Cap* line of /proc/self/status. */
static unsigned long long cap_line(const char *name)
{
	char line[256];
	unsigned long long v = ~0ULL;
	FILE *f = fopen("/proc/self/status", "r");
	size_t n = strlen(name);

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':')
			v = strtoull(line + n + 1, NULL, 16);
	if (f)
		fclose(f);
	return v;
}

static int drop_with_bad_last_cap(const void *arg)
{
	char file[] = "/tmp/test_identity.XXXXXX";
	struct sb_spec spec = { .name = "t", .flags = SB_DROP_CAPS, .caps = 1ULL << KEPT };
	const char *what = "";
	int fd = mkstemp(file), status;
	pid_t pid;

	(void)arg;
	if (fd < 0 || write(fd, "-1\n", 3) != 3 ||
	    mount(file, "/proc/sys/kernel/cap_last_cap", NULL, MS_BIND, NULL) < 0)
		return NS_SETUP_FAILED;
	close(fd);
	unlink(file);
	pid = fork();
	if (pid == 0) {
		if (sb_set_identity(&spec, &what) < 0)
			_exit(10);
		if (cap_line("CapBnd") != 1ULL << KEPT) {
			fprintf(stderr, "CapBnd %llx\n", cap_line("CapBnd"));
			_exit(11);
		}
		_exit(cap_line("CapEff") == (1ULL << KEPT | 1ULL << CAP_KILL) &&
		      cap_line("CapInh") == 1ULL << KEPT && cap_line("CapAmb") == 1ULL << KEPT ? 0 : 12);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 13;
	return WEXITSTATUS(status);
}

/* The uid of pid in /proc/pid/status (-1: none), and its CapEff. */
static long status_field(pid_t pid, const char *name)
{
	char path[64], line[256];
	long v = -1;
	size_t n = strlen(name);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':')
			v = strtol(line + n + 1, NULL, strcmp(name, "Uid") ? 16 : 10);
	if (f)
		fclose(f);
	return v;
}

/* The reaper (here: the process that set the identity) can still signal an app that changed
 * its uid, as servers that drop to a user of their own do (this program, run as "drop",
 * stands in for one); and the app itself has no CAP_KILL after its execve. */
static int signals_an_app_that_changed_uid(const void *arg)
{
	struct sb_spec spec = { .name = "t", .flags = SB_DROP_CAPS,
				.caps = 1ULL << CAP_SETUID | 1ULL << CAP_SETGID };
	const char *what = "";
	int status;
	pid_t pid;

	(void)arg;
	/* This pid namespace's /proc: the app's pid is one of its. */
	if (mount("proc", "/proc", "proc", 0, NULL) < 0)
		return NS_SETUP_FAILED;
	pid = fork();
	if (pid == 0) {
		pid_t app;

		if (sb_set_identity(&spec, &what) < 0)
			_exit(10);
		app = fork();
		if (app == 0) {
			execl("/proc/self/exe", "test_identity", "drop", (char *)NULL);
			_exit(11);
		}
		for (int i = 0; i < 500 && status_field(app, "Uid") != 1000; i++)
			usleep(10000);
		if (status_field(app, "Uid") != 1000) {
			fprintf(stderr, "uid %ld, status %d\n", status_field(app, "Uid"),
				waitpid(app, &status, WNOHANG) == app ? status : -1);
			_exit(12);
		}
		usleep(50000); /* its execve of sleep */
		if (status_field(app, "CapEff") & 1L << CAP_KILL)
			_exit(13);
		if (kill(app, SIGTERM) < 0) {
			perror("kill");
			_exit(14);
		}
		_exit(waitpid(app, &status, 0) == app && WIFSIGNALED(status) &&
		      WTERMSIG(status) == SIGTERM ? 0 : 15);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 16;
	return WEXITSTATUS(status);
}

static void app_changed_uid(void **state)
{
	(void)state;
	if (getuid() != 0)
		skip();
	assert_int_equal(in_namespaces(signals_an_app_that_changed_uid, NULL), 0);
}

static void as_root(void **state)
{
	(void)state;
	if (getuid() != 0)
		skip();
	assert_int_equal(in_namespaces(drop_with_bad_last_cap, NULL), 0);
}

int main(int argc, char **argv)
{
	/* The app of signals_an_app_that_changed_uid. */
	if (argc > 1 && !strcmp(argv[1], "drop")) {
		if (setgroups(0, NULL) < 0 || setresgid(1000, 1000, 1000) < 0 ||
		    setresuid(1000, 1000, 1000) < 0)
			_exit(20);
		execl("/bin/sleep", "sleep", "10", (char *)NULL);
		_exit(21);
	}
	const struct CMUnitTest tests[] = {
		{ "the bounding set is dropped whatever cap_last_cap says", as_root, NULL, NULL, NULL },
		{ "an app that changed its uid is still signalled", app_changed_uid, NULL, NULL, NULL },
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
