/* fdpass.c: a message of one byte, the number of fds, with the fds as SCM_RIGHTS. The byte
 * lets the receiver tell "all of them" from "the kernel dropped some" (no room in its buffer,
 * or its fd limit reached), which must fail closed: a missing fd is a limit not applied. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fdpass.h"
#include "syscalls.h"

union control {
	struct cmsghdr header;
	char buf[CMSG_SPACE(sizeof(int) * SB_FDPASS_MAX)];
};

int sb_fds_send(int sock, const int *fds, int n)
{
	union control control = { 0 };
	char count = (char)n;
	struct iovec iov = { .iov_base = &count, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	if (n < 1 || n > SB_FDPASS_MAX) {
		errno = EINVAL;
		return -1;
	}
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)n);
	return sb_sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -1;
}

int sb_fds_recv(int sock, int fds[SB_FDPASS_MAX])
{
	union control control = { 0 };
	char count[1] = { 0 };
	struct iovec iov = { .iov_base = count, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	struct cmsghdr *c;
	long got = sb_recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	int n = 0;

	if (got != 1) {
		if (got == 0)
			errno = EPIPE;
		return -1;
	}
	c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
		n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
	if (n > 0)
		memcpy(fds, CMSG_DATA(c), sizeof(int) * (size_t)n);
	/* Fewer than the count also covers MSG_CTRUNC: the kernel closed what did not fit. */
	if (n == 0 || n != count[0]) {
		for (int i = 0; i < n; i++)
			close(fds[i]);
		errno = EPROTO;
		return -1;
	}
	return n;
}
