/* test_goahead.c: the sandbox child's wait for its parent's go-ahead (sandbox/goahead.c): it
 * goes on when the go-ahead comes, and only then, and fails closed (EPIPE) when the parent's
 * end of the setup socket hangs up, or anything but the go-ahead arrives, first. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "goahead.h"

static int go, sock[2];

static int setup(void **state)
{
	(void)state;
	go = sb_go_open();
	if (go < 0)
		return -1;
	return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock);
}

static int teardown(void **state)
{
	(void)state;
	close(go);
	close(sock[0]);
	if (sock[1] >= 0)
		close(sock[1]);
	return 0;
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static void goes_on_when_given(void **state)
{
	(void)state;
	assert_int_equal(sb_go_give(go), 0);
	assert_int_equal(sb_go_wait(go, sock[0]), 0);
}

/* A process that gives it 100 ms later: the wait lasts until then, not less. */
static void waits_until_given(void **state)
{
	long long start = now_ms();
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct timespec t = { 0, 100 * 1000 * 1000 };

		nanosleep(&t, NULL);
		_exit(sb_go_give(go) == 0 ? 0 : 1);
	}
	assert_int_equal(sb_go_wait(go, sock[0]), 0);
	assert_true(now_ms() - start >= 90);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
}

static void hang_up_fails_closed(void **state)
{
	(void)state;
	close(sock[1]);
	sock[1] = -1;
	errno = 0;
	assert_int_equal(sb_go_wait(go, sock[0]), -1);
	assert_int_equal(errno, EPIPE);
}

/* The parent gives the go-ahead before it sends anything on the socket: a message first
 * means something went wrong, and the child does not go on. */
static void message_first_fails_closed(void **state)
{
	(void)state;
	assert_int_equal(write(sock[1], "x", 1), 1);
	errno = 0;
	assert_int_equal(sb_go_wait(go, sock[0]), -1);
	assert_int_equal(errno, EPIPE);
}

/* Without a socket (-1: poll ignores it) only the go-ahead counts. */
static void no_socket(void **state)
{
	(void)state;
	assert_int_equal(sb_go_give(go), 0);
	assert_int_equal(sb_go_wait(go, -1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(goes_on_when_given, setup, teardown),
		cmocka_unit_test_setup_teardown(waits_until_given, setup, teardown),
		cmocka_unit_test_setup_teardown(hang_up_fails_closed, setup, teardown),
		cmocka_unit_test_setup_teardown(message_first_fails_closed, setup, teardown),
		cmocka_unit_test_setup_teardown(no_socket, setup, teardown),
	};

	/* A wait that never ends fails the test (SIGALRM) instead of hanging it. */
	alarm(10);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
