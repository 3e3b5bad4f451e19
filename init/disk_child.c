/* disk_child.c: sync(2), fsync(2), even open(2) on a disk that stops answering (a dead SD
 * card, a suspended device-mapper device, a FUSE daemon that hangs) wait for good, in a state
 * no signal ends. PID 1 must not be the one waiting: nothing would be reaped or served, and
 * the watchdog not fed. So a child does the disk's part, and PID 1 waits for it a bounded
 * time (or not at all, when nothing waits for its result). */
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "disk_child.h"
#include "syscalls.h"
#include "watchdog.h"

enum { POLL_MS = 50 };

int disk_wait_ms(void)
{
	long long slack = watchdog_slack_ms(clock_ms());

	return slack >= 0 && slack < CONFIG_WARD_SHUTDOWN_SYNC_MS ? (int)slack
								 : CONFIG_WARD_SHUTDOWN_SYNC_MS;
}

int disk_child_wait(pid_t child, int *ms)
{
	int status, step = 1;

	/* Looked at once more after the last poll: a child that ends within ms is not missed.
	 * Again after 1 ms, 2, 4... up to POLL_MS: PID 1 supervises nothing while it waits, and
	 * the usual child (an app's data directories: a mkdir, a chown) is done within the first
	 * step; a fixed POLL_MS held every start of an app with DATA for 50 ms. */
	for (;; *ms -= step, step = step * 2 < POLL_MS ? step * 2 : POLL_MS) {
		if (waitpid(child, &status, WNOHANG) == child)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (*ms <= 0)
			return DISK_CHILD_LATE;
		poll(NULL, 0, step);
	}
}

pid_t disk_child_start(int (*work)(void))
{
	pid_t child = sb_fork();

	if (child == 0)
		_exit(work());
	if (child < 0) {
		work();
		return 0;
	}
	return child;
}

int disk_child(int (*work)(void), int ms)
{
	pid_t child = sb_fork();

	if (child == 0)
		_exit(work());
	if (child < 0)
		return work();
	return disk_child_wait(child, &ms);
}
