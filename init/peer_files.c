/* peer_files.c: PID 1 never closes a file a wardctl client chose (control.c takes none from a
 * message); but a connection's last close releases the files still queued in it, and each of
 * those releases may wait as long as the file's owner likes: a TCP socket with SO_LINGER and
 * unsent data waits out its linger (with PID 1's signals blocked, nothing cuts it short).
 * Linux 6.16's SO_PASSRIGHTS would refuse such files at the socket; the boards' kernels are
 * older. */
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "peer_files.h"
#include "syscalls.h"

/* A child made for it holds the connection while PID 1 closes its own copy, and does the last
 * close as it is killed (an exiting task does not linger). It keeps nothing else of PID 1's:
 * stuck in a release, it would hold other clients' connections open. Without a child (fork
 * failed), PID 1 closes it itself, as before. */
static void close_in_child(int fd)
{
	pid_t holder = sb_fork();

	if (holder == 0) {
		if (dup2(fd, 0) == 0)
			sb_close_range(1, ~0U, 0);
		for (;;)
			pause(); /* PID 1's blocked signals: only SIGKILL ends it */
	}
	close(fd);
	if (holder > 0)
		kill(holder, SIGKILL); /* reaped as any orphan is */
}

/* After shutdown(SHUT_RD), nothing more can be queued (the client's sends fail with EPIPE),
 * so the queue can be looked through: a peek at its head shows files as MSG_CTRUNC (none are
 * taken), a message as its SCM_CREDENTIALS, and the end as neither. Messages without files
 * are taken off; past 16 (a client's send buffer holds some 280), the child closes it. */
void peer_conn_close(int fd)
{
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(sizeof(struct ucred))];
	} control;

	shutdown(fd, SHUT_RD);
	for (int k = 0; k < 16; k++) {
		struct msghdr m = { .msg_control = control.space,
				    .msg_controllen = sizeof(control.space) };
		struct msghdr none = { 0 };

		if (sb_recvmsg(fd, &m, MSG_PEEK | MSG_DONTWAIT) < 0)
			continue; /* a pending error (ECONNRESET), reported once */
		if (m.msg_flags & MSG_CTRUNC)
			break;
		if (m.msg_controllen == 0) {
			close(fd);
			return;
		}
		sb_recvmsg(fd, &none, MSG_DONTWAIT);
	}
	close_in_child(fd);
}
