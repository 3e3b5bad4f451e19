/* orphans.c: the reaping benchmark's workload, run under the init being measured as PID 1 of
 * a fresh pid namespace. `orphans N [--term-init]` forks a maker that forks N children and
 * exits, so that the N children are reparented to PID 1; they then all exit at once, and this
 * process times how long PID 1 takes to reap them: a reaped child's pid is gone (kill(pid, 0)
 * fails with ESRCH), a zombie's is not. Prints "reaped N orphans in U us" on stdout; with
 * --term-init, then sends SIGTERM to PID 1 (ward --test exits on it; tini and catatonit exit
 * with their child). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* Forks n children that wait for the release pipe to close, records their pids, exits. */
static _Noreturn void maker(int n, pid_t *pids, int release[2])
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("orphans: fork");
			_exit(1);
		}
		if (pid == 0) {
			char byte;

			close(release[1]);
			(void)!read(release[0], &byte, 1);
			_exit(0);
		}
		pids[i] = pid;
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;
	int term_init = argc > 2 && strcmp(argv[2], "--term-init") == 0;
	int release[2], status;
	pid_t *pids, pid;
	long long t0, t1;

	if (n <= 0) {
		fprintf(stderr, "usage: orphans N [--term-init]\n");
		return 2;
	}
	pids = mmap(NULL, (size_t)n * sizeof(*pids), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (pids == MAP_FAILED || pipe(release) < 0) {
		perror("orphans: setup");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("orphans: fork");
		return 1;
	}
	if (pid == 0)
		maker(n, pids, release);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "orphans: the maker failed\n");
		return 1;
	}
	close(release[0]);
	/* Every orphan belongs to PID 1 now: let them all go, and wait until each is reaped. */
	t0 = now_us();
	close(release[1]);
	for (int i = 0; i < n; i++) {
		while (kill(pids[i], 0) == 0 || errno != ESRCH) {
			struct timespec pause = { 0, 50000 };

			nanosleep(&pause, NULL);
		}
	}
	t1 = now_us();
	printf("reaped %d orphans in %lld us\n", n, t1 - t0);
	fflush(stdout);
	if (term_init) {
		/* A moment for PID 1 to pass the line on before it is asked to stop. */
		struct timespec pause = { 0, 100000000 };

		nanosleep(&pause, NULL);
		kill(1, SIGTERM);
	}
	return 0;
}
