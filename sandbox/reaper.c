/* reaper.c: PID 1 inside an app's pid namespace, so the app's orphans are reaped there and
 * never pile up; it forwards signals to the app and reports how the app ended. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"
#include "steps.h"
#include "syscalls.h"

_Noreturn void sb_reap(pid_t app, int why_fd)
{
	/* SIGCHLD, and every signal there is to forward: `wardctl kill` sends any (SIGTTIN and
	 * SIGTTOU to a server that takes them as commands, real-time ones), and one not waited
	 * for here would stay pending on the reaper, the app never told; 32-34 too, which
	 * musl keeps for its threads (the reaper has none, and makes raw system calls). (Not
	 * SIGSTOP, which cannot be: PID 1 refuses to send it.) */
	sb_sigset_t set = ~0ULL;

	/* The reaper keeps nothing of the parent but why_fd: the app's output reaches it only
	 * via fds 0-2, which it no longer needs either once the app runs. */
	if (why_fd > 3)
		sb_close_range(3, (unsigned int)why_fd - 1, 0);
	sb_close_range(why_fd >= 3 ? (unsigned int)why_fd + 1 : 3, ~0U, 0);
	/* A namespace's init only gets signals it has a handler for, or blocks and waits for. */
	sb_sigprocmask(SIG_BLOCK, &set);
	for (;;) {
		siginfo_t info;
		int sig = sb_sigwaitinfo(&set, &info);
		int status;
		pid_t pid;

		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			kill(app, sig);
			continue;
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			if (pid != app)
				continue;
			if (WIFSIGNALED(status)) {
				unsigned char code = (unsigned char)(SB_EXIT_SIGNAL_BASE + WTERMSIG(status));

				(void)!write(why_fd, &code, 1);
				_exit(code);
			}
			_exit(WEXITSTATUS(status));
		}
	}
}
