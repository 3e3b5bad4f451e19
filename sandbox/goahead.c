/* goahead.c: why an eventfd and not a byte on the setup socket. A socket's (or a pipe's)
 * wakeup tells the scheduler that the writer is about to sleep, so it queues the woken child
 * on the writer's CPU, behind it. But the parent does not sleep yet: under cgroup v1 it makes
 * the app's leaf next (sandbox/spawn.c send_leaf), and PID 1 logs the start. An eventfd's
 * wakeup carries no such hint: the child builds its root on another CPU meanwhile, where
 * there is one (0.1 ms of the 3 ms of a workstation's spawn; docs/performance.md). */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "goahead.h"

int sb_go_open(void)
{
	/* Non-blocking: the child reads it only once poll() has said something happened, and a
	 * hang-up without the go-ahead must not leave it waiting for good. */
	return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

int sb_go_give(int go)
{
	uint64_t one = 1;

	return write(go, &one, sizeof(one)) == sizeof(one) ? 0 : -1;
}

int sb_go_wait(int go, int sock)
{
	struct pollfd p[2] = { { .fd = go, .events = POLLIN }, { .fd = sock, .events = POLLIN } };
	uint64_t given;

	while (poll(p, 2, -1) < 0)
		if (errno != EINTR)
			return -1;
	if (read(go, &given, sizeof(given)) == sizeof(given))
		return 0;
	/* Woken by the socket alone: the parent hung up (or sent the leaf first, which it never
	 * does). Fail closed either way. */
	if (errno == EAGAIN)
		errno = EPIPE;
	return -1;
}
