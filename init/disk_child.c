/* disk_child.c: sync(2), fsync(2), even open(2) on a disk that stops answering (a dead SD
 * card, a suspended device-mapper device, a FUSE daemon that hangs) wait for good, in a state
 * no signal ends. PID 1 must not be the one waiting: nothing would be reaped or served, and
 * the watchdog not fed. So a child does the disk's part, and PID 1 waits for it a bounded
 * time (or not at all, when nothing waits for its result). */
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "disk_child.h"
#include "syscalls.h"

enum { POLL_MS = 50 };

int disk_child(int (*work)(void), int ms)
{
	pid_t child = sb_fork();
	int status;

	if (child == 0)
		_exit(work());
	if (child < 0)
		return work();
	for (; ms > 0; ms -= POLL_MS) {
		if (waitpid(child, &status, WNOHANG) == child)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		poll(NULL, 0, POLL_MS);
	}
	return -1;
}
