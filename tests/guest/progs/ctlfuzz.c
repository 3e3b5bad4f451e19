/* ctlfuzz.c: ctlfuzz COUNT [SLOTS]: throws COUNT random and mutated requests at PID 1's
 * wardctl socket (init/ctl_proto.h: u32 length + NUL-ended words; frames back), mostly
 * pipelined on one persistent connection; messages with fds, and some with broken framing
 * (length lies, short, oversized), on connections of their own; and idle connections that
 * PID 1 must drop. Requests that would act (stop, kill, enter, reboot...) are never sent.
 * Prints TAP comments and "ctlfuzz: ok" when PID 1 answered every request as the protocol
 * says. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { HDR = 4, FRAME_HDR = 6, REQ_MAX = 1024, BATCH = 64 };

static unsigned long long rng = 88172645463325252ULL;
static unsigned long sent, answered, framing, dropped_ok, failures;

static unsigned int rnd(unsigned int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)(rng >> 11) % n;
}

static void fail(const char *what)
{
	if (failures++ < 10)
		printf("# ctlfuzz: %s (after %lu requests)\n", what, sent);
}

static int conn(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "/run/ward/control" };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("ctlfuzz: connect");
		exit(1);
	}
	return fd;
}

/* Reads one frame within `ms`; returns its type ('d', 'e'), 0 on EOF, -1 on timeout. */
static int frame(int fd, int ms, int *code)
{
	unsigned char buf[FRAME_HDR + 1024];
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return -1;
	n = recv(fd, buf, sizeof(buf), 0);
	/* PID 1 answered, then closed with our message still unread in its socket (one with
	 * fds, which it does not take): the kernel reports a reset first, then the frame it
	 * queued before (as wardctl's read_frame knows). */
	if (n < 0 && errno == ECONNRESET)
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n <= 0)
		return 0;
	if (n < FRAME_HDR || (buf[0] | buf[1] << 8 | buf[2] << 16 | (unsigned)buf[3] << 24) !=
				     (unsigned)n - FRAME_HDR) {
		fail("malformed frame from PID 1");
		return 0;
	}
	*code = buf[5];
	return buf[4];
}

/* Waits for the end frame of one reply; 0 when it came. */
static int end_of_reply(int fd, int *code)
{
	int t;

	while ((t = frame(fd, 10000, code)) == 'd')
		;
	return t == 'e' ? 0 : -1;
}

#define SEED(s) { s, sizeof(s) }
static const struct { const char *p; size_t len; } seeds[] = {
	SEED("status\0sleeper"), SEED("status\0nosuchapp"), SEED("list"),
	SEED("kill\0sleeper\0" "10"), SEED("enter\0sleeper\0/bin/sh"), SEED("logs\0plain"),
	SEED("freeze\0plain"), SEED("status\0a\0b"), SEED("reboot"),
};

/* Requests that would change anything, or answer at length: never sent. */
static int harmful(const char *p, size_t len)
{
	static const char *const words[] = { "list", "start", "stop", "restart", "kill",
					     "freeze", "thaw", "logs", "logs-f", "enter",
					     "reboot", "poweroff" };
	size_t wl = strnlen(p, len);

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (wl == strlen(words[i]) && memcmp(p, words[i], wl) == 0)
			return 1;
	return 0;
}

static size_t make_payload(char *p)
{
	size_t len;

	do {
		unsigned int s = rnd(sizeof(seeds) / sizeof(seeds[0]));

		if (rnd(8) == 0) { /* random bytes, few NULs */
			len = 1 + rnd(REQ_MAX);
			for (size_t i = 0; i < len; i++)
				p[i] = rnd(6) ? (char)(' ' + rnd(95)) : (char)rnd(256);
		} else {
			len = seeds[s].len;
			memcpy(p, seeds[s].p, len);
			for (unsigned int k = rnd(4); k > 0; k--) {
				switch (rnd(4)) {
				case 0: /* bit flip */
					p[rnd((unsigned int)len)] ^= (char)(1 << rnd(8));
					break;
				case 1: /* cut */
					len = 1 + rnd((unsigned int)len);
					break;
				case 2: /* random byte */
					p[rnd((unsigned int)len)] = (char)rnd(256);
					break;
				default: /* grow with a random word */
					if (len + 12 < REQ_MAX)
						for (unsigned int j = 0; j < 12; j++)
							p[len++] = j == 11 ? '\0' : (char)('a' + rnd(26));
				}
			}
		}
	} while (harmful(p, len));
	return len;
}

static void send_req(int fd, const char *payload, size_t len, unsigned int hdr_len)
{
	char buf[HDR + 4096];

	buf[0] = (char)hdr_len, buf[1] = (char)(hdr_len >> 8);
	buf[2] = (char)(hdr_len >> 16), buf[3] = (char)(hdr_len >> 24);
	memcpy(buf + HDR, payload, len);
	if (send(fd, buf, HDR + len, MSG_NOSIGNAL) < 0)
		fail("send");
	sent++;
}

/* Broken framing, on a connection of its own: one error frame (usage), then a hang-up. */
static void bad_framing(void)
{
	char p[4096];
	int fd = conn(), code = -1;
	size_t len = 0;
	unsigned int hdr;

	switch (rnd(3)) {
	case 0: /* a length that lies */
		len = make_payload(p);
		hdr = (unsigned int)len + 1 + rnd(1000);
		if (rnd(2))
			hdr = rnd(2) ? (unsigned int)len - 1 : 0xffffffffu - rnd(16);
		send_req(fd, p, len, hdr);
		break;
	case 1: /* shorter than the length prefix itself */
		if (send(fd, "\x05\0", 1 + rnd(3), MSG_NOSIGNAL) < 0)
			fail("send short");
		sent++;
		break;
	default: /* oversized, honest length */
		len = REQ_MAX + 1 + rnd(4096 - REQ_MAX - 1);
		memset(p, 'a', len);
		send_req(fd, p, len, (unsigned int)len);
	}
	if (frame(fd, 10000, &code) != 'e' || code != 2)
		fail("broken framing not answered with a usage error");
	else if (frame(fd, 10000, &code) != 0)
		fail("broken framing: connection not closed");
	else
		framing++;
	close(fd);
}

/* SLOTS idle connections fill PID 1's table: one more is turned away at once, and the idle
 * ones are dropped when their request deadline passes. */
static void idle_clients(int slots)
{
	int fds[64], code = -1, extra;
	struct timespec t0, t1;

	for (int i = 0; i < slots; i++)
		fds[i] = conn();
	usleep(200000);
	extra = conn();
	if (frame(extra, 5000, &code) != 'e' || code != 5)
		fail("a connection over the table's size was not told busy");
	close(extra);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < slots; i++) {
		if (frame(fds[i], 10000, &code) == 'e' && code == 2 && frame(fds[i], 5000, &code) == 0)
			dropped_ok++;
		close(fds[i]);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# ctlfuzz: %lu of %d idle connections dropped, the last after %.1f s more\n",
	       dropped_ok, slots, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (dropped_ok != (unsigned long)slots)
		fail("idle connections not dropped");
}

/* Some null fds to attach to requests (SCM_RIGHTS): PID 1 must close every one it gets. */
static int nulls[5];

/* EMPTIES messages with fds on connections of their own, each of which PID 1 hangs up on
 * and must close the fds of all the same (through a child: PID 1 takes no client's fd):
 * messages of no bytes with 3 fds (what `enter` takes; recvmsg's 0 is all PID 1 sees), and
 * `list` requests with 1 to 5 fds (only `enter` may carry any). */
enum { EMPTIES = 32 };
static void empties(void)
{
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(5 * sizeof(int))];
	} control;
	char list[] = { 5, 0, 0, 0, 'l', 'i', 's', 't', 0 };
	struct iovec iov = { list, 0 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
			    .msg_controllen = sizeof(control.space) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	int code;

	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(h), nulls, 5 * sizeof(int));
	for (int i = 0; i < EMPTIES; i++) {
		int fd = conn(), nfds = i % 2 ? 1 + i / 2 % 5 : 3;

		iov.iov_len = i % 2 ? sizeof(list) : 0;
		m.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		h->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		if (sendmsg(fd, &m, MSG_NOSIGNAL) < 0)
			fail("sendmsg of a message with fds");
		else if (i % 2 && (frame(fd, 10000, &code) != 'e' || code != 2))
			fail("a list request with fds: not refused (end frame, code 2)");
		else if (frame(fd, 10000, &code) != 0)
			fail(i % 2 ? "a list request with fds: connection not closed"
				   : "an empty message with fds: connection not closed");
		sent++;
		close(fd);
	}
	printf("# ctlfuzz: %d messages of no bytes with 3 fds and list requests with 1-5 sent\n",
	       EMPTIES);
}

/* BATCH well-framed requests in one sendmmsg, then their answers in as few recvmmsg: the
 * fuzzer's own system calls are most of the time under emulation. Returns the answers. */
static int batch(int fd)
{
	static char bufs[BATCH][HDR + REQ_MAX], replies[BATCH][FRAME_HDR + 1024];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	int ends = 0;

	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < BATCH; i++) {
		size_t len = make_payload(bufs[i] + HDR); /* (with fds: empties()) */

		bufs[i][0] = (char)len, bufs[i][1] = (char)(len >> 8), bufs[i][2] = bufs[i][3] = 0;
		iov[i] = (struct iovec){ bufs[i], HDR + len };
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	for (int done = 0; done < BATCH;) {
		int n = sendmmsg(fd, mm + done, BATCH - done, MSG_NOSIGNAL);

		if (n <= 0) {
			fail("sendmmsg");
			return -1;
		}
		done += n;
	}
	sent += BATCH;
	while (ends < BATCH) {
		struct mmsghdr rm[BATCH];
		struct iovec riov[BATCH];
		int n;

		memset(rm, 0, sizeof(rm));
		for (int i = 0; i < BATCH; i++) {
			riov[i] = (struct iovec){ replies[i], sizeof(replies[i]) };
			rm[i].msg_hdr.msg_iov = &riov[i];
			rm[i].msg_hdr.msg_iovlen = 1;
		}
		n = recvmmsg(fd, rm, BATCH, MSG_WAITFORONE, NULL);
		if (n <= 0) {
			fail(n == 0 ? "PID 1 hung up on well-framed requests" : "no answer in 10 s");
			return -1;
		}
		for (int i = 0; i < n; i++) {
			unsigned char *f = (unsigned char *)replies[i];
			unsigned int len = rm[i].msg_len;

			if (len < FRAME_HDR || (f[0] | f[1] << 8 | f[2] << 16 | (unsigned)f[3] << 24) !=
						       len - FRAME_HDR) {
				fail("malformed frame from PID 1");
				return -1;
			}
			if (f[4] == 'e') {
				ends++;
				if (f[5] > 3)
					fail("an answer with an unexpected code");
			}
		}
	}
	answered += (unsigned long)ends;
	return 0;
}

static int conn_timed(void)
{
	struct timeval tv = { 10, 0 };
	int fd = conn();

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

int main(int argc, char **argv)
{
	unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	int slots = argc > 2 ? atoi(argv[2]) : 4;
	struct timespec t0, t1;
	int fd;

	if (slots < 1 || slots > 63)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	idle_clients(slots);
	for (int i = 0; i < 5; i++)
		nulls[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	empties();
	fd = conn_timed();
	for (unsigned long b = 0; sent < count; b++) {
		int code;

		if (batch(fd) < 0) {
			close(fd);
			fd = conn_timed();
		}
		if (b % 16 == 0)
			bad_framing();
		if (b % 128 == 0) { /* a whole list now and then */
			send_req(fd, "list", 5, 5);
			if (end_of_reply(fd, &code) < 0 || code != 0)
				fail("list failed");
			answered++;
		}
	}
	close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# ctlfuzz: %lu requests (%lu answered, %lu with broken framing refused and closed) "
	       "in %.1f s\n", sent, answered, framing,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("ctlfuzz: %s\n", failures ? "failed" : "ok");
	return failures ? 1 : 0;
}
