/* test_wardctl.c: wardctl (init/wardctl.c, its main renamed, its answer time 300 ms) against
 * a PID 1 of the test's that takes a request and never answers, and one whose listen backlog
 * is full: wardctl gives up with status 5 (unreachable) instead of waiting with it; a
 * `logs -f`, which waits as long as the app is silent, but not once its reader has gone; one
 * told of lines it lost; `--json logs` of bytes that are not UTF-8; `enter` with stdin closed, and with a slow, non-blocking stdout. Each as PID 1 of fresh mount and pid namespaces with a tmpfs on /run
 * (the socket is /run/ward/control), as root. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl_proto.h"

#include "in_namespaces.h"

/* wardctl.c's main, renamed by the build (-Dmain=wardctl_main); this file has its own. */
#undef main
int wardctl_main(int argc, char **argv);

/* PID 1's socket, listening with `backlog`. */
static int listener(int backlog)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = CTL_SOCKET };
	int fd;

	if (mount("run", "/run", "tmpfs", 0, "mode=0755") < 0 || mkdir(CTL_SOCKET_DIR, 0755) < 0)
		return -1;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, backlog) < 0)
		return -1;
	return fd;
}

/* What the last run_wardctl's wardctl wrote (stdout and stderr). */
static char written[4096];
/* With `serve`, a CTL_FRAME_LOST frame of this text comes before the end frame (NULL: none),
 * and before that a CTL_FRAME_DATA frame of data_text. */
static const char *lost_text, *data_text;
/* wardctl runs with its stdin closed; with its stdout a pipe whose reader has gone. With
 * `serve` and oversize, a data frame longer than a frame can be, its header saying
 * CTL_FRAME_MAX, comes first. */
static bool stdin_closed, reader_gone, oversize;

/* wardctl WORDS... in a child; its exit status, or -1 when it still ran after 5 s (it was
 * killed then). *ms: how long it ran. With `serve`, the connection is taken, the request read,
 * and after `end_after` ms (-1: never) an end frame sent. */
static int run_wardctl(char *const *words, int listen_fd, bool serve, int end_after, long *ms)
{
	int out = memfd_create("wardctl-out", MFD_CLOEXEC);
	ssize_t got;

	struct timespec t0, t1;
	int status = -1, conn = -1, served = 0;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		int argc = 0;

		dup2(out, 1);
		dup2(out, 2);
		if (stdin_closed)
			close(0);
		if (reader_gone) {
			int p[2];

			if (pipe(p) < 0 || dup2(p[1], 1) < 0)
				_exit(99);
			close(p[0]);
			close(p[1]);
		}
		while (words[argc])
			argc++;
		exit(wardctl_main(argc, (char **)words));
	}
	for (int t = 0; t < 500; t++) {
		long now;

		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		status = -1;
		usleep(10000);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		now = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (serve && conn < 0 && (conn = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
			char req[CTL_HDR + CTL_REQ_MAX];

			while (recv(conn, req, sizeof(req), 0) < 0 && errno == EAGAIN)
				usleep(1000);
		}
		if (conn >= 0 && !served && end_after >= 0 && now >= end_after) {
			unsigned char end[CTL_FRAME_HDR] = { 0, 0, 0, 0, CTL_FRAME_END, CTL_OK };
			unsigned char lost[CTL_FRAME_HDR + 32] = { 0, 0, 0, 0, CTL_FRAME_LOST, 0 };
			size_t len = lost_text ? strlen(lost_text) : 0;

			unsigned char data[CTL_FRAME_HDR + 32] = { 0, 0, 0, 0, CTL_FRAME_DATA, 0 };
			size_t dlen = data_text ? strlen(data_text) : 0;

			lost[0] = (unsigned char)len;
			memcpy(lost + CTL_FRAME_HDR, lost_text ? lost_text : "", len);
			data[0] = (unsigned char)dlen;
			memcpy(data + CTL_FRAME_HDR, data_text ? data_text : "", dlen);
			static unsigned char big[CTL_FRAME_HDR + CTL_FRAME_MAX + 64] = {
				0, CTL_FRAME_MAX >> 8, 0, 0, CTL_FRAME_DATA, 0 };

			served = (!oversize || send(conn, big, sizeof(big), 0) > 0) &&
				 (!data_text || send(conn, data, CTL_FRAME_HDR + dlen, 0) > 0) &&
				 (!lost_text || send(conn, lost, CTL_FRAME_HDR + len, 0) > 0) &&
				 send(conn, end, sizeof(end), 0) == sizeof(end);
		}
	}
	if (status == -1) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	if (conn >= 0)
		close(conn);
	got = pread(out, written, sizeof(written) - 1, 0);
	written[got > 0 ? got : 0] = '\0';
	close(out);
	return status == -1 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static char *const list[] = { "wardctl", "list", NULL };

/* PID 1 takes the connection and the request, and says nothing. */
static int never_answers(const void *arg)
{
	int l = listener(8);
	long ms;

	(void)arg;
	if (l < 0)
		return NS_SETUP_FAILED;
	if (run_wardctl(list, l, true, -1, &ms) != CTL_UNREACHABLE)
		return 10;
	return ms < 3000 ? 0 : 11;
}

/* PID 1 takes no connection, and its backlog is full: connect would wait for a free place. */
static int backlog_full(const void *arg)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = CTL_SOCKET };
	int l = listener(0), queued = 0;
	long ms;

	(void)arg;
	if (l < 0)
		return NS_SETUP_FAILED;
	for (;;) {
		int c = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

		if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)) < 0)
			break;
		queued++;
	}
	if (errno != EAGAIN || queued == 0)
		return NS_SETUP_FAILED;
	if (run_wardctl(list, l, false, -1, &ms) != CTL_UNREACHABLE)
		return 10;
	return ms < 3000 ? 0 : 11;
}

/* `logs -f`: an app silent for a second longer than the answer time; then its end comes. */
static int follow_waits(const void *arg)
{
	static char *const follow[] = { "wardctl", "logs", "-f", "app", NULL };
	int l = listener(8);
	long ms;

	(void)arg;
	if (l < 0)
		return NS_SETUP_FAILED;
	return run_wardctl(follow, l, true, 1300, &ms) == CTL_OK && ms >= 1300 ? 0 : 10;
}

/* `logs -f` whose reader fell behind: PID 1 says how many bytes the ring let go, and wardctl
 * tells its user, on stderr (or as {"lost":N} with --json), and ends as the answer says. */
static int told_of_loss(const void *arg)
{
	static char *const follow[] = { "wardctl", "logs", "-f", "app", NULL };
	static char *const json[] = { "wardctl", "--json", "logs", "-f", "app", NULL };
	int l = listener(8);
	long ms;

	(void)arg;
	if (l < 0)
		return NS_SETUP_FAILED;
	lost_text = "4096";
	if (run_wardctl(follow, l, true, 0, &ms) != CTL_OK ||
	    !strstr(written, "wardctl: app: 4096 bytes of its output lost"))
		return 10;
	if (run_wardctl(json, l, true, 0, &ms) != CTL_OK ||
	    strcmp(written, "{\"lost\":4096}\n{\"code\":0}\n"))
		return 11;
	/* Not a count: refused, not printed into the JSON (it broke the line). */
	lost_text = "1}\n{\"x\":2";
	if (run_wardctl(json, l, true, 0, &ms) != CTL_UNREACHABLE || strstr(written, "\"x\""))
		return 12;
	lost_text = "007"; /* no JSON number */
	if (run_wardctl(json, l, true, 0, &ms) != CTL_UNREACHABLE)
		return 13;
	return 0;
}

/* `--json logs` of an app whose bytes are not all UTF-8: each byte that starts no valid
 * sequence (a lone 0xff, a surrogate's three) becomes \ufffd, and valid ones stay as they
 * are, so that the line parses as JSON; C1 controls (U+009B, CSI) are escaped as C0 ones. */
static int json_not_utf8(const void *arg)
{
	static char *const json[] = { "wardctl", "--json", "logs", "app", NULL };
	int l = listener(8);
	long ms;

	(void)arg;
	if (l < 0)
		return NS_SETUP_FAILED;
	data_text = "a\xff\xc3\xa9\xed\xa0\x80\xf0\x9f\x98\x80\xc0\xafz\xc2\x9b";
	if (run_wardctl(json, l, true, 0, &ms) != CTL_OK)
		return 10;
	fprintf(stderr, "# %s", written);
	return strcmp(written, "{\"line\":\"a\\ufffd\xc3\xa9\\ufffd\\ufffd\\ufffd"
			       "\xf0\x9f\x98\x80\\ufffd\\ufffdz\\u009b\"}\n{\"code\":0}\n") ? 11 : 0;
}

/* A frame longer than any PID 1 sends, whose header says the most it may: refused, where
 * wardctl took its first CTL_FRAME_MAX bytes. */
static int frame_too_long(const void *arg)
{
	static char *const logs[] = { "wardctl", "logs", "app", NULL };
	int l = listener(8);
	long ms;

	(void)arg;
	if (l < 0)
		return NS_SETUP_FAILED;
	oversize = true;
	return run_wardctl(logs, l, true, 0, &ms) == CTL_UNREACHABLE &&
	       strstr(written, "malformed reply") ? 0 : 10;
}

/* `logs -f app | grep -m 1 ready`, grep done, the app silent: wardctl ends at once (it waited
 * for the app's next line, holding one of PID 1's slots). */
static int follow_reader_gone(const void *arg)
{
	static char *const follow[] = { "wardctl", "logs", "-f", "app", NULL };
	int l = listener(8), status;
	long ms;

	(void)arg;
	if (l < 0)
		return NS_SETUP_FAILED;
	reader_gone = true;
	status = run_wardctl(follow, l, true, -1, &ms);
	if (status != CTL_FAILED) {
		fprintf(stderr, "status %d after %ld ms\n", status, ms);
		return 10;
	}
	return ms < 2000 ? 0 : 11;
}

/* `enter` with stdin closed (a cron job's, say): the socket must not take fd 0, or wardctl
 * would hand its own connection over as the command's stdin and read its answer from there. */
static int closed_stdin(const void *arg)
{
	static char *const enter[] = { "wardctl", "enter", "app", "true", NULL };
	int l = listener(8);
	long ms;

	(void)arg;
	if (l < 0)
		return NS_SETUP_FAILED;
	stdin_closed = true;
	return run_wardctl(enter, l, true, 0, &ms) == CTL_OK ? 0 : 10;
}

/* `enter` whose stdout is non-blocking (shared with a program that set O_NONBLOCK) and read
 * slowly: the command's 128 KiB arrive whole (its relay stopped at the first EAGAIN, and the
 * command got EPIPE). PID 1 is played here: it takes the request's fds, and a child of the
 * test writes as the command. */
static int enter_output_whole(const void *arg)
{
	static char *const enter[] = { "wardctl", "enter", "app", "cat", NULL };
	static char chunk[128 * 1024];
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(3 * sizeof(int))];
	} control;
	char req[CTL_HDR + CTL_REQ_MAX], buf[4096];
	struct iovec iov = { req, sizeof(req) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
			    .msg_controllen = sizeof(control.space) };
	unsigned char end[CTL_FRAME_HDR] = { 0, 0, 0, 0, CTL_FRAME_END, CTL_OK };
	struct pollfd p;
	int l = listener(8), out[2], conn, fds[3], status;
	size_t total = 0;
	pid_t pid, cmd;

	(void)arg;
	if (l < 0 || pipe2(out, O_CLOEXEC) < 0)
		return NS_SETUP_FAILED;
	pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		if (fcntl(1, F_SETFL, O_NONBLOCK) < 0)
			_exit(99);
		exit(wardctl_main(4, (char **)enter));
	}
	close(out[1]);
	p = (struct pollfd){ .fd = l, .events = POLLIN };
	if (pid < 0 || poll(&p, 1, 5000) != 1 || (conn = accept4(l, NULL, NULL, SOCK_CLOEXEC)) < 0 ||
	    recvmsg(conn, &m, 0) <= 0 || !CMSG_FIRSTHDR(&m))
		return 10;
	memcpy(fds, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(fds));
	cmd = fork();
	if (cmd == 0) {
		memset(chunk, 'x', sizeof(chunk));
		_exit(write(fds[1], chunk, sizeof(chunk)) == (ssize_t)sizeof(chunk) ? 0 : 1);
	}
	close(fds[0]), close(fds[1]), close(fds[2]);
	/* Read slowly: its pipe fills, and wardctl's writes to it meet EAGAIN. */
	p = (struct pollfd){ .fd = out[0], .events = POLLIN };
	for (int t = 0; t < 300 && total < sizeof(chunk); t++) {
		ssize_t r;

		usleep(10000);
		if (poll(&p, 1, 0) == 1 && (r = read(out[0], buf, sizeof(buf))) > 0)
			total += (size_t)r;
	}
	if (send(conn, end, sizeof(end), 0) != sizeof(end))
		return 11;
	waitpid(cmd, &status, 0);
	for (int t = 0; t < 500 && waitpid(pid, NULL, WNOHANG) == 0; t++)
		usleep(10000);
	kill(pid, SIGKILL);
	if (total != sizeof(chunk) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "%zu of %zu bytes; the command's status 0x%x\n", total,
			sizeof(chunk), status);
		return 12;
	}
	return 0;
}

int main(void)
{
	static const struct ns_check never = { never_answers, NULL }, full = { backlog_full, NULL },
				     follow = { follow_waits, NULL }, lost = { told_of_loss, NULL },
				     not_utf8 = { json_not_utf8, NULL },
				     too_long = { frame_too_long, NULL },
				     closed = { closed_stdin, NULL },
				     gone = { follow_reader_gone, NULL },
				     whole = { enter_output_whole, NULL };
	const struct CMUnitTest tests[] = {
		ROOT_CHECK("a PID 1 that never answers: wardctl gives up, status 5", &never),
		ROOT_CHECK("a full listen backlog: wardctl's connect gives up, status 5", &full),
		ROOT_CHECK("logs -f waits past the answer time while the app is silent", &follow),
		ROOT_CHECK("logs -f says how much its reader lost", &lost),
		ROOT_CHECK("--json logs: bytes that are not UTF-8 become \\ufffd", &not_utf8),
		ROOT_CHECK("a reply frame longer than a frame can be is refused", &too_long),
		ROOT_CHECK("logs -f ends when its reader has gone, the app silent", &gone),
		ROOT_CHECK("enter to a slow, non-blocking stdout: the output arrives whole", &whole),
		ROOT_CHECK("enter with stdin closed: the socket is not fd 0", &closed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
