/* test_signals.c: sb_reset_signals (sandbox/signals.c) against the kernel's own view: after
 * it, /proc/self/status lists no caught and no ignored signal, whichever were set before
 * (standard and real-time, handlers and SIG_IGN, and the ones libc keeps for itself, which
 * make(1) for one leaves ignored), and sigaction agrees; and that once the parent has noted
 * its dispositions (sb_signals_note), a child resets those without reading them again. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "signals.h"

static void handler(int sig)
{
	(void)sig;
}

/* The kernel's mask after `field` ("SigIgn:" or "SigCgt:"), read with stdio. */
static unsigned long long status_mask(const char *field)
{
	char line[256];
	unsigned long long mask = ~0ULL;
	FILE *f = fopen("/proc/self/status", "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, strlen(field)) == 0)
			sscanf(line + strlen(field), "%llx", &mask);
	fclose(f);
	return mask;
}

static void resets_what_is_set(void **state)
{
	static const int caught[] = { SIGHUP, SIGUSR1, SIGSEGV, SIGTERM, SIGCHLD, 40, 64 };
	static const int ignored[] = { SIGPIPE, SIGUSR2, SIGTSTP, 50 };

	(void)state;
	for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		assert_true(signal(caught[i], handler) != SIG_ERR);
	for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		assert_true(signal(ignored[i], SIG_IGN) != SIG_ERR);
	/* 32 and 33: libc's own, out of reach of signal(); ignored through the system call. */
	{
		uint64_t ign[4] = { 1, 0, 0, 0 }; /* SIG_IGN is 1 */

		assert_int_equal(syscall(SYS_rt_sigaction, 32, ign, NULL, 8), 0);
		assert_int_equal(syscall(SYS_rt_sigaction, 33, ign, NULL, 8), 0);
	}
	assert_int_not_equal(status_mask("SigCgt:"), 0);
	assert_int_not_equal(status_mask("SigIgn:"), 0);

	sb_reset_signals();

	assert_int_equal(status_mask("SigCgt:"), 0);
	assert_int_equal(status_mask("SigIgn:"), 0);
	for (int sig = 1; sig <= 64; sig++) {
		struct sigaction sa;

		if (sigaction(sig, NULL, &sa) == 0)
			assert_true(sa.sa_handler == SIG_DFL);
	}
}

/* Once noted, the parent's list is what a child resets: nothing is read again. A handler
 * set after the note (which PID 1 never does) is the proof: it stays. */
static void resets_what_was_noted(void **state)
{
	(void)state;
	assert_true(signal(SIGUSR1, handler) != SIG_ERR);
	assert_true(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	sb_signals_note();
	assert_true(signal(SIGHUP, handler) != SIG_ERR);

	sb_reset_signals();

	assert_int_equal(status_mask("SigCgt:"), 1ULL << (SIGHUP - 1));
	assert_int_equal(status_mask("SigIgn:"), 0);
	signal(SIGHUP, SIG_DFL);
}

int main(void)
{
	/* In this order: the note is for the rest of the process. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resets_what_is_set),
		cmocka_unit_test(resets_what_was_noted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
