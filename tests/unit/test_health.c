/* test_health.c: the boot-health hook (init/health.c) when PID 1 cannot fork at the moment the
 * boot becomes healthy (out of processes: here the soft RLIMIT_NPROC of an unprivileged uid,
 * as the system's threads-max would be for PID 1). The start is tried again on the next
 * call, and logged once; the hook runs once the fork can succeed. The rest of PID 1 stubbed;
 * the case runs in a child that takes an unused uid (as root). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "health.h"
#include "log.h"

enum { UNUSED_UID = 54321 };

static int healthy_lines, errors;

void log_info(const char *app, const char *fmt, ...)
{
	(void)app;
	healthy_lines += !strncmp(fmt, "boot healthy", 12);
}
void log_error(const char *app, const char *verb, const char *object)
{
	(void)app, (void)verb, (void)object;
	errors++;
}

/* As uid UNUSED_UID, one process allowed (itself) until the limit is raised. 0, or where it
 * failed. */
static int hook_after_fork_failed(void)
{
	struct rlimit one = { 1, 64 }, more = { 64, 64 };
	pid_t pid;
	int status;

	if (setrlimit(RLIMIT_NPROC, &one) < 0 || setgid(UNUSED_UID) < 0 || setuid(UNUSED_UID) < 0)
		return 10;
	health_reached("test");
	health_reached("test"); /* no process yet: no second error line */
	if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD || errors != 1)
		return 1;
	if (setrlimit(RLIMIT_NPROC, &more) < 0)
		return 11;
	health_reached("test");
	pid = wait(&status);
	if (pid < 0 || !health_exited(pid, status) || !WIFEXITED(status) || WEXITSTATUS(status))
		return 2;
	health_reached("test"); /* started once: never again */
	if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD)
		return 3;
	return healthy_lines == 1 && errors == 1 ? 0 : 4;
}

static void retried_after_a_failed_fork(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	if (getuid() != 0)
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(hook_after_fork_failed());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(retried_after_a_failed_fork),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
