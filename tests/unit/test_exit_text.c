/* test_exit_text.c: how a sandbox's end reads (sandbox/exit_text.c). A code is the sandbox's
 * only when the byte on its why_fd says so, and that byte is the last one written: the app's
 * child may write its step's code and be killed before its _exit, and then the reaper writes
 * 128+9 after it. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "exit_text.h"
#include "sandbox.h"

/* The byte read from a fresh run's pipe that got `bytes` (n of them), as svc.c reads it. */
static int why_after(const unsigned char *bytes, size_t n)
{
	int fds[2], why;

	assert_int_equal(pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0);
	if (n)
		assert_int_equal(write(fds[1], bytes, n), (ssize_t)n);
	close(fds[1]);
	why = sb_exit_why(fds[0]);
	close(fds[0]);
	return why;
}

static void why_bytes(void **state)
{
	const unsigned char step = SB_EXIT_SECCOMP, both[] = { SB_EXIT_SECCOMP, 128 + SIGKILL };
	int fds[2];

	(void)state;
	assert_int_equal(why_after(NULL, 0), -1);
	assert_int_equal(why_after(&step, 1), SB_EXIT_SECCOMP);
	assert_int_equal(why_after(both, 2), 128 + SIGKILL);
	assert_int_equal(sb_exit_why(-1), -1);
	/* A writer still there (PID 1 must not wait for it) */
	assert_int_equal(pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0);
	assert_int_equal(sb_exit_why(fds[0]), -1);
	close(fds[0]);
	close(fds[1]);
}

static const char *described(int status, int why)
{
	static char buf[96];

	sb_describe_exit(buf, sizeof(buf), status, why);
	return buf;
}

static void descriptions(void **state)
{
	const unsigned char both[] = { SB_EXIT_SECCOMP, 128 + SIGKILL };

	(void)state;
	/* W_EXITCODE(code, 0) and W_EXITCODE(0, sig), as wait reports them */
	assert_string_equal(described(SB_EXIT_SECCOMP << 8, -1), "exited with code 98");
	assert_string_equal(described(SB_EXIT_SECCOMP << 8, SB_EXIT_SECCOMP),
			    "exited with code 98 (sandbox setup failed: install the seccomp filter)");
	assert_string_equal(described(137 << 8, -1), "exited with code 137");
	assert_string_equal(described(137 << 8, 137), "killed by signal 9");
	assert_string_equal(described(SIGTERM, -1), "killed by signal 15");
	/* The step's code, then the reaper's: the status is the reaper's */
	assert_string_equal(described(137 << 8, why_after(both, 2)), "killed by signal 9");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(why_bytes),
		cmocka_unit_test(descriptions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
