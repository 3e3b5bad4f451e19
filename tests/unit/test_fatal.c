/* test_fatal.c: PID 1's fault handlers (init/fatal.c) in the children that run PID 1's code
 * before an execve, or without one (a disk child, the syncer, the helper of a net namespace).
 * Such a child must die of its fault like any process: not log it as PID 1's, not reboot the
 * board. Each case runs as PID 1 of fresh mount and pid namespaces, as root, where reboot(2)
 * ends that namespace (its PID 1 is killed), not the host. The rest of PID 1 is stubbed. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fatal.h"
#include "log.h"
#include "rescue.h"

#include "in_namespaces.h"

/* Lines logged, by PID 1 or its children, and watchdog feeds: shared memory. */
static int *logged, *fed;

void log_raw(int level, const char *const *parts, size_t n)
{
	(void)level, (void)parts, (void)n;
	(*logged)++;
}
void rescue_after_fault(void) {}
long long watchdog_slack_ms(long long now) { (void)now; return -1; }
void watchdog_feed_now(void) { (*fed)++; }

#ifdef __x86_64__
/* musl's, which fatal.c names for the return from a handler on x86_64; glibc keeps its own
 * hidden. rt_sigreturn, as musl's is. */
__asm__(".text\n.globl __restore_rt\n__restore_rt:\n\tmovl $15, %eax\n\tsyscall\n");
#endif

/* In the namespaces' PID 1: the handlers installed (test mode or not), a child faults. Exit
 * 0 when the child died of SIGILL with nothing logged; otherwise a code saying what
 * happened instead. */
static int child_faults(const void *arg)
{
	bool test = *(const bool *)arg;
	pid_t child;
	int status;

	*logged = 0;
	fatal_install(test);
	child = fork();
	if (child < 0)
		return 10;
	if (child == 0) {
		/* A fault: ud2 on the x86_64 host, SIGILL, under PID 1's handler. */
		__builtin_trap();
	}
	if (waitpid(child, &status, 0) != child)
		return 11;
	if (WIFEXITED(status))
		return 20 + (WEXITSTATUS(status) & 63); /* 21+: test mode's 128+N, 20: a reboot */
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGILL)
		return 12;
	return *logged ? 13 : 0;
}

/* The control: the process that installed the handlers (PID 1) faults, in test mode, with
 * each signal a fault can bring (SIGTRAP: aarch64's brk, of __builtin_trap and musl's stack
 * protector). Exit 0 when it logged each fault, fed the watchdog once before its sync (a
 * whole timeout for it: a reset in its middle skips the kernel's own shutdown), and exited
 * with 128+N. */
static int installer_faults(const void *arg)
{
	static const int faults[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT, SIGSYS };

	(void)arg;
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		pid_t child = fork();
		int status;

		*logged = *fed = 0;
		if (child < 0)
			return 10;
		if (child == 0) {
			fatal_install(true);
			kill(getpid(), faults[i]);
			_exit(0);
		}
		if (waitpid(child, &status, 0) != child)
			return 11;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 128 + faults[i] || *logged != 1 ||
		    *fed != 1)
			return 20 + faults[i];
	}
	return 0;
}

static const bool test_mode = true, board_mode = false;
static const struct ns_check as_test = { child_faults, &test_mode },
			     as_board = { child_faults, &board_mode },
			     installer = { installer_faults, NULL };

int main(void)
{
	const struct CMUnitTest tests[] = {
		ROOT_CHECK("a child of PID 1 that faults dies of it, unlogged (--test)", &as_test),
		ROOT_CHECK("a child of PID 1 that faults dies of it, unlogged, and reboots nothing",
			   &as_board),
		ROOT_CHECK("the process that installed them logs each fault and exits 128+N (--test)",
			   &installer),
	};

	logged = mmap(NULL, 2 * sizeof(*logged), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (logged == MAP_FAILED)
		return 1;
	fed = logged + 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
