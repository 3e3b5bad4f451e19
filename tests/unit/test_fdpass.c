/* test_fdpass.c: the fd handoff of sandbox/fdpass.c over a real socketpair: the fds that
 * arrive are the files that were sent (same device and inode, close-on-exec), and every way
 * a message can come short fails with nothing left open. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fdpass.h"

static int sock[2];

static int setup(void **state)
{
	(void)state;
	return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock);
}

static int teardown(void **state)
{
	(void)state;
	close(sock[0]);
	close(sock[1]);
	return 0;
}

static int open_fds(void)
{
	int n = 0;

	for (int fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

static void same_file(int a, int b)
{
	struct stat sa, sb;

	assert_int_equal(fstat(a, &sa), 0);
	assert_int_equal(fstat(b, &sb), 0);
	assert_true(sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

static void arrives_whole(void **state)
{
	int pipefd[2], sent[3], got[SB_FDPASS_MAX];

	(void)state;
	assert_int_equal(pipe(pipefd), 0);
	sent[0] = pipefd[0];
	sent[1] = pipefd[1];
	sent[2] = open("/dev/null", O_RDONLY);
	assert_int_equal(sb_fds_send(sock[0], sent, 3), 0);
	assert_int_equal(sb_fds_recv(sock[1], got), 3);
	for (int i = 0; i < 3; i++) {
		same_file(sent[i], got[i]);
		assert_int_not_equal(sent[i], got[i]);
		assert_true(fcntl(got[i], F_GETFD) & FD_CLOEXEC);
	}
	/* The received write end is the pipe's: what goes in comes out of the sent read end. */
	assert_int_equal(write(got[1], "x", 1), 1);
	{
		char c = 0;

		assert_int_equal(read(sent[0], &c, 1), 1);
		assert_int_equal(c, 'x');
	}
	for (int i = 0; i < 3; i++) {
		close(sent[i]);
		close(got[i]);
	}
}

static void peer_gone(void **state)
{
	int got[SB_FDPASS_MAX];

	(void)state;
	close(sock[0]);
	sock[0] = -1;
	errno = 0;
	assert_int_equal(sb_fds_recv(sock[1], got), -1);
	assert_int_equal(errno, EPIPE);
}

/* A message that says three fds and carries two (as when the kernel could not install
 * them all): refused, and the two that came are closed. */
static void short_message(void **state)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * 2)];
	} control;
	int fds[2] = { open("/dev/null", O_RDONLY), open("/dev/null", O_RDONLY) };
	int got[SB_FDPASS_MAX], before;
	char count = 3;
	struct iovec iov = { .iov_base = &count, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	(void)state;
	memset(&control, 0, sizeof(control));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(fds));
	memcpy(CMSG_DATA(c), fds, sizeof(fds));
	assert_int_equal(sendmsg(sock[0], &msg, 0), 1);
	close(fds[0]);
	close(fds[1]);
	before = open_fds();
	errno = 0;
	assert_int_equal(sb_fds_recv(sock[1], got), -1);
	assert_int_equal(errno, EPROTO);
	assert_int_equal(open_fds(), before);
}

/* A message without fds at all (a plain byte, like the go-ahead) is not a handoff. */
static void no_fds(void **state)
{
	int got[SB_FDPASS_MAX];

	(void)state;
	assert_int_equal(write(sock[0], "", 1), 1);
	errno = 0;
	assert_int_equal(sb_fds_recv(sock[1], got), -1);
	assert_int_equal(errno, EPROTO);
}

static void bad_count(void **state)
{
	int fds[SB_FDPASS_MAX + 1] = { 0 };

	(void)state;
	errno = 0;
	assert_int_equal(sb_fds_send(sock[0], fds, 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(sb_fds_send(sock[0], fds, SB_FDPASS_MAX + 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(arrives_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(peer_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(short_message, setup, teardown),
		cmocka_unit_test_setup_teardown(no_fds, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_count, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
