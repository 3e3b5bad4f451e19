/* test_identity.c: sb_set_identity (sandbox/identity.c) drops every capability but the kept
 * ones from the bounding set, whatever /proc/sys/kernel/cap_last_cap says: `wardctl enter`
 * runs it in the app's mount namespace, where an app that may mount could put "-1" there (and
 * the drop would then do nothing). As root, in fresh mount and pid namespaces, with such a
 * file bound over it; the kernel's view is /proc/self/status. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "identity.h"
#include "sandbox.h"

#include "in_namespaces.h"

enum { KEPT = 10 }; /* CAP_NET_BIND_SERVICE */

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
		_exit(cap_line("CapEff") == 1ULL << KEPT && cap_line("CapAmb") == 1ULL << KEPT ? 0 : 12);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 13;
	return WEXITSTATUS(status);
}

static void as_root(void **state)
{
	(void)state;
	if (getuid() != 0)
		skip();
	assert_int_equal(in_namespaces(drop_with_bad_last_cap, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		{ "the bounding set is dropped whatever cap_last_cap says", as_root, NULL, NULL, NULL },
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
