/* test_control.c: PID 1's wardctl server (init/control.c) on a real SOCK_SEQPACKET socket,
 * the rest of PID 1 stubbed, for the faults a review found: fds kept from a message of no
 * bytes, a loop that spins when PID 1 is out of fds, a log ring larger than the socket's
 * buffer, followers that take every slot, files passed to make PID 1's close of them wait
 * (a TCP socket that lingers, a FUSE file whose daemon is slow to answer its flush), a flood
 * of connections held in one turn; and the requester in the log, and what a slow follower
 * lost. Each test runs as PID 1 of fresh mount
 * and pid namespaces with a tmpfs on /run (the socket is /run/ward/control), as root; the
 * test process is the client too. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "app.h"
#include "control.h"
#include "ctl_proto.h"
#include "enter.h"
#include "log.h"
#include "output.h"
#include "shutdown.h"
#include "svc.h"

#include "fuse_file.h"
#include "in_namespaces.h"

/* ---- the rest of PID 1, stubbed ---- */
const struct app_spec app_table[] = { { .sb = { .name = "app" } }, { .sb = { .name = NULL } } };
static unsigned int errors_logged;

int svc_find(const char *name)
{
	return strcmp(name, "app") ? -1 : 0;
}
void svc_info(unsigned int i, struct svc_info *out)
{
	(void)i;
	*out = (struct svc_info){ .state = "up", .last_status = -1 };
}
int svc_start(unsigned int i, long long now) { (void)i, (void)now; return 0; }
int svc_stop(unsigned int i, long long now) { (void)i, (void)now; return 0; }
int svc_restart(unsigned int i, long long now) { (void)i, (void)now; return 0; }
int svc_signal(unsigned int i, int sig) { (void)i, (void)sig; return 0; }
int svc_freeze(unsigned int i, bool frozen, long long now) { (void)i, (void)frozen, (void)now; return 0; }
pid_t svc_pid(unsigned int i) { (void)i; return -1; }
int svc_cgroup_fd(unsigned int i) { (void)i; return -1; }
pid_t enter_spawn(const struct sb_spec *spec, pid_t target, int cgroup, int conn,
		  const char *const *argv)
{
	(void)spec, (void)target, (void)cgroup, (void)conn, (void)argv;
	errno = ENOSYS;
	return -1;
}
void shutdown_begin(enum shutdown_kind kind, long long now) { (void)kind, (void)now; }
static char logged[256]; /* the last log_info line */
void log_info(const char *app, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(logged, sizeof(logged), "%s: ", app ? app : "-");

	va_start(ap, fmt);
	vsnprintf(logged + n, sizeof(logged) - (size_t)n, fmt, ap);
	va_end(ap);
}
void log_error(const char *app, const char *verb, const char *object)
{
	(void)app, (void)verb, (void)object;
	errors_logged++;
}

/* A full ring, bytes ring_lo to ring_hi of the app's output, in lines of LINE bytes: byte n
 * is a newline where n % LINE is LINE - 1, else 'a' + n % 26. A frame (1 KiB) is not a
 * whole number of lines. */
enum { LINE = 100, RING = CONFIG_WARD_LOG_RING_SIZE / LINE * LINE };
static unsigned long long ring_lo, ring_hi = RING;

static char ring_byte(unsigned long long n)
{
	return n % LINE == LINE - 1 ? '\n' : (char)('a' + n % 26);
}
unsigned long long output_ring_end(unsigned int i)
{
	(void)i;
	return ring_hi;
}
unsigned long long output_ring_start(unsigned int i)
{
	(void)i;
	return ring_lo;
}
size_t output_ring_read(unsigned int i, unsigned long long *pos, char *buf, size_t len)
{
	size_t n = 0;

	(void)i;
	if (*pos < ring_lo)
		*pos = ring_lo;
	for (; n < len && *pos < ring_hi; n++, (*pos)++)
		buf[n] = ring_byte(*pos);
	return n;
}

/* ---- helpers ---- */
static int fds_open(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = -1; /* the directory's own fd */

	if (!d)
		return -1000;
	while (readdir(d))
		n++;
	closedir(d);
	return n - 2; /* . and .. */
}

/* A client connected to PID 1's socket. */
static int client(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = CTL_SOCKET };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return -1;
	return fd;
}

/* One turn of PID 1's loop as far as control goes: poll its fds for up to `ms`, serve what
 * came. Returns poll's count. */
static int turn(int ms, long long now)
{
	struct pollfd fds[CONTROL_NFDS];
	int n;

	control_pollfds(fds);
	n = poll(fds, CONTROL_NFDS, ms);
	if (n > 0)
		control_events(fds, now);
	control_tick(now);
	return n;
}

static int send_request(int fd, const char *payload, size_t len)
{
	char buf[CTL_HDR + 64];

	buf[0] = (char)len, buf[1] = buf[2] = buf[3] = 0;
	memcpy(buf + CTL_HDR, payload, len);
	return send(fd, buf, CTL_HDR + len, 0) == (ssize_t)(CTL_HDR + len) ? 0 : -1;
}

/* In the check's fresh namespaces: a tmpfs on /run. */
static int setup_run(void)
{
	return mount("run", "/run", "tmpfs", 0, "mode=0755") < 0 ? -1 : 0;
}

/* ---- tests ---- */

/* A message of no bytes carrying 3 fds (what `enter` takes): PID 1 hangs up, and must not
 * keep them. */
static int empty_message(const void *arg)
{
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(3 * sizeof(int))];
	} control;
	char none = 0;
	struct iovec iov = { &none, 0 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
			    .msg_controllen = sizeof(control.space) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	int before, nulls[3];
	char buf[16];

	(void)arg;
	if (setup_run() < 0)
		return NS_SETUP_FAILED;
	control_init();
	before = fds_open();
	for (int round = 0; round < 5; round++) {
		int c = client();

		for (int i = 0; i < 3; i++)
			nulls[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (c < 0 || nulls[2] < 0)
			return 10;
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_RIGHTS;
		h->cmsg_len = CMSG_LEN(3 * sizeof(int));
		memcpy(CMSG_DATA(h), nulls, sizeof(nulls));
		if (sendmsg(c, &m, 0) < 0)
			return 11;
		for (int i = 0; i < 3; i++)
			close(nulls[i]);
		for (int k = 0; k < 4; k++)
			turn(100, 0);
		if (recv(c, buf, sizeof(buf), MSG_DONTWAIT) != 0) /* hung up: EOF */
			return 12;
		close(c);
	}
	return fds_open() == before ? 0 : 13;
}

/* Out of fds, accept4 fails (EMFILE) and the connection stays queued: the listener must
 * leave the poll set for a while, or every poll returns at once. Once fds are free again,
 * the connection is served. */
static int out_of_fds(const void *arg)
{
	struct rlimit was, low;
	struct pollfd fds[CONTROL_NFDS];
	int c, fill[64], nfill = 0, quick = 0;
	char reply[CTL_FRAME_HDR + 64];

	(void)arg;
	if (setup_run() < 0)
		return NS_SETUP_FAILED;
	control_init();
	c = client();
	if (c < 0 || getrlimit(RLIMIT_NOFILE, &was) < 0)
		return 10;
	/* Every fd below the limit taken: the next accept4 gets EMFILE. */
	low = was;
	low.rlim_cur = (rlim_t)fds_open() + 8;
	if (setrlimit(RLIMIT_NOFILE, &low) < 0)
		return 11;
	while (nfill < 64 && (fill[nfill] = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0)
		nfill++;
	if (errno != EMFILE)
		return 12;
	errors_logged = 0;
	turn(100, 1000); /* accept4: EMFILE */
	for (int k = 0; k < 10; k++)
		quick += turn(20, 1500) > 0;
	if (quick)
		return 15; /* polls that came back at once: a spin */
	control_pollfds(fds);
	if (fds[0].fd != -1)
		return 14;
	if (errors_logged != 1)
		return 13; /* said once */
	while (nfill > 0)
		close(fill[--nfill]);
	setrlimit(RLIMIT_NOFILE, &was);
	control_tick(2000); /* the pause is over */
	control_pollfds(fds);
	if (fds[0].fd < 0)
		return 16;
	turn(100, 2000); /* accepted now */
	if (send_request(c, "list", 5) < 0)
		return 17;
	turn(100, 2000);
	while (recv(c, reply, sizeof(reply), MSG_DONTWAIT) > 0)
		if (reply[4] == CTL_FRAME_END)
			return reply[5] == CTL_OK ? 0 : 18;
	return 19;
}

/* In the check's namespaces: PID 1's socket, a client of it, and `req` sent and served. The
 * client's fd, or -1. */
static int served_client(const char *req, size_t len)
{
	int c;

	if (setup_run() < 0)
		return -1;
	control_init();
	c = client();
	if (c < 0)
		return -1;
	turn(100, 0); /* accepted */
	if (send_request(c, req, len) < 0)
		return -1;
	turn(100, 0); /* served: the whole reply sent */
	return c;
}

/* `logs` of a ring larger than the socket's default buffer (some 93 frames of 1 KiB): PID 1
 * sends it without blocking, so all of it must fit before the client reads a byte. Each
 * frame ends a line: a frame cut mid-line, then a LOST frame, would join the line's head to
 * a later line in what a follower shows. */
static int big_ring(const void *arg)
{
	static char frame[CTL_FRAME_HDR + CTL_FRAME_MAX];
	unsigned long long got = 0;
	int c = served_client("logs\0app", 9);

	(void)arg;
	if (c < 0)
		return NS_SETUP_FAILED;
	for (;;) {
		ssize_t n = recv(c, frame, sizeof(frame), MSG_DONTWAIT);

		if (n < CTL_FRAME_HDR)
			return 12; /* hung up, or nothing more: no end frame */
		if (frame[4] == CTL_FRAME_END)
			return frame[5] == CTL_OK && got == RING ? 0 : 13;
		for (ssize_t k = CTL_FRAME_HDR; k < n; k++, got++)
			if (frame[k] != ring_byte(got))
				return 14;
		if (frame[n - 1] != '\n')
			return 15;
	}
}

/* `logs -f` of a reader that fell behind: the ring moved past what it was sent (the app wrote
 * two rings' worth meanwhile). The bytes let go are counted in a frame of their own, before
 * the rest, which starts where the ring now does. */
static int follower_told_of_loss(const void *arg)
{
	static char frame[CTL_FRAME_HDR + CTL_FRAME_MAX];
	char want[32];
	ssize_t n;
	int c = served_client("logs-f\0app", 11);

	(void)arg;
	if (c < 0)
		return NS_SETUP_FAILED;
	while (recv(c, frame, sizeof(frame), MSG_DONTWAIT) > 0)
		; /* the ring as it was: [0, RING) */
	ring_lo = 2 * RING, ring_hi = 3 * RING; /* line starts and ends */
	control_tick(0);
	n = recv(c, frame, sizeof(frame), MSG_DONTWAIT);
	snprintf(want, sizeof(want), "%d", RING);
	if (n != CTL_FRAME_HDR + (ssize_t)strlen(want) || frame[4] != CTL_FRAME_LOST ||
	    memcmp(frame + CTL_FRAME_HDR, want, strlen(want)))
		return 12;
	n = recv(c, frame, sizeof(frame), MSG_DONTWAIT);
	return n > CTL_FRAME_HDR && frame[4] == CTL_FRAME_DATA &&
	       frame[CTL_FRAME_HDR] == ring_byte(2 * RING) ? 0 : 13;
}

/* The first END frame on fd within a few turns of the loop: its code, or -1. */
static int end_code(int fd)
{
	static char frame[CTL_FRAME_HDR + CTL_FRAME_MAX];

	for (int k = 0; k < 50; k++) {
		ssize_t n;

		turn(10, 0);
		while ((n = recv(fd, frame, sizeof(frame), MSG_DONTWAIT)) >= CTL_FRAME_HDR)
			if (frame[4] == CTL_FRAME_END)
				return frame[5];
		if (n == 0)
			return -1; /* hung up */
	}
	return -1;
}

/* Followers (`logs -f`) hold their connections for ever, but only in all slots but one: with
 * every slot followed, no `reboot` could get in. */
static int followers_leave_one(const void *arg)
{
	int c[CONFIG_WARD_CTL_CLIENTS];

	(void)arg;
	if (setup_run() < 0)
		return NS_SETUP_FAILED;
	control_init();
	for (int k = 0; k < CONFIG_WARD_CTL_CLIENTS; k++) {
		c[k] = client();
		if (c[k] < 0)
			return 10;
		turn(100, 0); /* accepted */
	}
	for (int k = 0; k < CONFIG_WARD_CTL_CLIENTS - 1; k++)
		if (send_request(c[k], "logs-f\0app", 11) < 0 || end_code(c[k]) != -1)
			return 11; /* a follower gets no end frame: it stays */
	if (send_request(c[CONFIG_WARD_CTL_CLIENTS - 1], "logs-f\0app", 11) < 0 ||
	    end_code(c[CONFIG_WARD_CTL_CLIENTS - 1]) != CTL_UNREACHABLE)
		return 12; /* the last slot would have followed too */
	if (send_request(c[CONFIG_WARD_CTL_CLIENTS - 1], "list", 5) < 0 ||
	    end_code(c[CONFIG_WARD_CTL_CLIENTS - 1]) != CTL_OK)
		return 13; /* and it still serves requests */
	close(c[0]);
	turn(100, 0); /* the hang-up seen: a slot is free again */
	if (send_request(c[CONFIG_WARD_CTL_CLIENTS - 1], "logs-f\0app", 11) < 0 ||
	    end_code(c[CONFIG_WARD_CTL_CLIENTS - 1]) != -1)
		return 14;
	return 0;
}

/* Connections queued past what a wakeup takes (twice the slots): one turn leaves the rest in
 * the listener's backlog, as the kernel shows it, for the next (it took them all: a flood
 * held PID 1's loop). */
static int accepts_bounded(const void *arg)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = CTL_SOCKET };
	struct pollfd fds[CONTROL_NFDS];
	int queued = 0, left = 0, fd;

	(void)arg;
	if (setup_run() < 0)
		return NS_SETUP_FAILED;
	control_init();
	for (;;) {
		int c = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

		if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)) < 0)
			break;
		queued++;
	}
	if (queued <= 2 * CONFIG_WARD_CTL_CLIENTS)
		return NS_SETUP_FAILED; /* the backlog holds no more than a turn takes */
	turn(100, 0);
	control_pollfds(fds);
	while ((fd = accept4(fds[0].fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		close(fd);
		left++;
	}
	if (left != queued - 2 * CONFIG_WARD_CTL_CLIENTS) {
		fprintf(stderr, "%d queued, %d left after a turn\n", queued, left);
		return 10;
	}
	return 0;
}

/* A request that changes something is logged with who sent it: the uid and pid the kernel
 * gave with the message (a child of this process sends it); one that only reads is not. */
static int requester_logged(const void *arg)
{
	char want[64];
	pid_t sender;
	int status = -1;

	(void)arg;
	if (setup_run() < 0)
		return NS_SETUP_FAILED;
	control_init();
	for (int k = 0; k < 2; k++) {
		logged[0] = 0;
		sender = fork();
		if (sender == 0) {
			int c = client();

			_exit(c < 0 || send_request(c, k ? "list" : "stop\0app", k ? 5 : 9) < 0 ||
			      recv(c, want, sizeof(want), 0) <= 0);
		}
		for (int t = 0; t < 50 && waitpid(sender, &status, WNOHANG) == 0; t++)
			turn(20, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			return 10;
		snprintf(want, sizeof(want), "app: stop asked by uid 0, pid %d", (int)sender);
		if (strcmp(logged, k ? "" : want))
			return 11 + k;
	}
	return 0;
}

/* ---- files whose last close waits ---- */

enum { LINGER_S = 10 };

/* A TCP socket whose last close waits LINGER_S seconds: connected over the loopback of a fresh
 * net namespace to a listener that never accepts, with unsent data that no window lets out. */
static int lingering_socket(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	struct ifreq lo = { .ifr_name = "lo", .ifr_flags = IFF_UP | IFF_RUNNING };
	struct linger lg = { 1, LINGER_S };
	int small = 4096, s, l, c;
	static char junk[4096];

	if (unshare(CLONE_NEWNET) < 0 || (s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0 ||
	    ioctl(s, SIOCSIFFLAGS, &lo) < 0)
		return -1;
	l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0 || c < 0 || setsockopt(l, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) < 0 ||
	    setsockopt(c, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)) < 0 ||
	    bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0 ||
	    getsockname(l, (struct sockaddr *)&a, &alen) < 0 ||
	    connect(c, (struct sockaddr *)&a, sizeof(a)) < 0)
		return -1;
	while (send(c, junk, sizeof(junk), MSG_DONTWAIT) > 0)
		;
	if (setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)) < 0)
		return -1;
	return c; /* the listener stays open (and its queued connection): nothing answers */
}

/* A file of a FUSE file system whose daemon answers a FLUSH, which every close of the file
 * sends, LINGER_S seconds late once armed (a byte on *arm): the file system of a user in the
 * ctl group, say. Mounted on /run/fuse, in the check's own mount namespace. */
static int fuse_file(int *arm)
{
	*arm = fuse_mount("/run/fuse", FUSE_FLUSH, LINGER_S);
	return *arm < 0 ? -1 : open("/run/fuse/f", O_RDONLY | O_CLOEXEC);
}

/* A message of `len` bytes carrying fds[0..n-1]. */
static int send_fds(int fd, const char *payload, size_t len, const int *fds, int n)
{
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(8 * sizeof(int))];
	} control;
	char buf[CTL_HDR + 64] = { (char)len };
	struct iovec iov = { buf, len ? CTL_HDR + len : 0 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.space,
			    .msg_controllen = CMSG_SPACE((size_t)n * sizeof(int)) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);

	memcpy(buf + CTL_HDR, payload, len);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN((size_t)n * sizeof(int));
	memcpy(CMSG_DATA(h), fds, (size_t)n * sizeof(int));
	return sendmsg(fd, &m, 0) < 0 ? -1 : 0;
}

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* How a client hands PID 1 the slow file, each a path to a close of it. */
enum pass_way {
	PASS_WITH_REQUEST,   /* with 3 fds on `list`: closed after the request */
	PASS_TOO_MANY,	     /* as the 5th fd of a request: more than any takes */
	PASS_QUEUED,	     /* behind a malformed request: queued as PID 1 hangs up */
	PASS_BEHIND_EMPTY,   /* behind a message of no bytes (and no files): the same */
	PASS_REFUSED,	     /* sent before PID 1 refuses the connection (busy) */
	PASS_ENTER,	     /* with `enter`, which fails here (the entering process stubbed) */
};

struct pass {
	enum pass_way way;
	bool fuse; /* a FUSE file whose flush waits, else a TCP socket that lingers */
};

/* How many fds this process has of the file with inode `ino`. */
static int holds(ino_t ino)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	struct stat st;
	int found = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && fstat(atoi(e->d_name), &st) == 0 && st.st_ino == ino)
			found++;
	if (d)
		closedir(d);
	return found;
}

/* PID 1 lets go of the file within a few turns of its loop, far less than the wait a close
 * of it can take, keeping no fd of it; a child of PID 1's did the last close. */
static int no_lingering_close(const void *arg)
{
	const struct pass *pass = arg;
	enum pass_way way = pass->way;
	bool fuse = pass->fuse;
	int arm = -1, nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int lingering = setup_run() < 0 ? -1 : fuse ? fuse_file(&arm) : lingering_socket();
	int three[3] = { lingering, nul, nul }, five[5] = { nul, nul, nul, nul, lingering };
	int c[CONFIG_WARD_CTL_CLIENTS + 1], nc = 1, last, status, held = 0, err, nulls;
	struct stat st, null_st;
	double took;
	pid_t pid;

	if (lingering < 0 || nul < 0 || fstat(lingering, &st) < 0 || fstat(nul, &null_st) < 0)
		return NS_SETUP_FAILED;
	control_init();
	if (way == PASS_REFUSED)
		nc = CONFIG_WARD_CTL_CLIENTS + 1;
	for (int k = 0; k < nc; k++) {
		c[k] = client();
		if (c[k] < 0)
			return 10;
		if (k < CONFIG_WARD_CTL_CLIENTS)
			turn(100, 0); /* accepted; the last comes when all slots are taken */
	}
	last = c[nc - 1];
	nulls = holds(null_st.st_ino);
	switch (way) {
	case PASS_WITH_REQUEST:
	case PASS_REFUSED:
		err = send_fds(last, "list", 5, three, 3);
		break;
	case PASS_TOO_MANY:
		err = send_fds(last, "list", 5, five, 5);
		break;
	case PASS_BEHIND_EMPTY:
		err = send(last, "", 0, 0) != 0 || send_fds(last, "list", 5, three, 3) < 0;
		break;
	case PASS_ENTER:
		err = send_fds(last, "enter\0app", 10, three, 3);
		break;
	default:
		/* A frame whose length is not its size: PID 1 hangs up. */
		err = send(last, "\011\0\0\0list", 8, 0) != 8 ||
		      send_fds(last, "list", 5, three, 3) < 0;
	}
	if (err)
		return 11;
	close(lingering); /* the message holds the only reference now */
	if (fuse && write(arm, "a", 1) != 1)
		return 11; /* from now on, a close of it waits */
	took = seconds();
	for (int k = 0; k < 8; k++)
		turn(50, 0);
	took = seconds() - took;
	if (took > LINGER_S / 2)
		return 12; /* PID 1 waited out the linger, or the flush */
	if (holds(st.st_ino) || holds(null_st.st_ino) != nulls)
		return 13; /* PID 1 kept some */
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		held += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL; /* not the daemon */
	return held ? 0 : 14;
}

int main(void)
{
	static const struct ns_check empty = { empty_message, NULL }, out = { out_of_fds, NULL },
				  big = { big_ring, NULL },
				  follow = { followers_leave_one, NULL },
				  requester = { requester_logged, NULL },
				  lost = { follower_told_of_loss, NULL },
				  bounded = { accepts_bounded, NULL };
	static const struct pass ways[] = {
		{ PASS_WITH_REQUEST, false }, { PASS_TOO_MANY, false }, { PASS_QUEUED, false },
		{ PASS_BEHIND_EMPTY, false }, { PASS_REFUSED, false }, { PASS_WITH_REQUEST, true },
		{ PASS_ENTER, true },
	};
	static const struct ns_check linger[] = {
		{ no_lingering_close, &ways[0] }, { no_lingering_close, &ways[1] },
		{ no_lingering_close, &ways[2] }, { no_lingering_close, &ways[3] },
		{ no_lingering_close, &ways[4] }, { no_lingering_close, &ways[5] },
		{ no_lingering_close, &ways[6] },
	};
	const struct CMUnitTest tests[] = {
		ROOT_CHECK("an empty message's fds are not kept", &empty),
		ROOT_CHECK("out of fds, the listener leaves the poll set", &out),
		ROOT_CHECK("a turn accepts twice the slots at most", &bounded),
		ROOT_CHECK("logs of a ring larger than the socket's buffer, whole", &big),
		ROOT_CHECK("logs -f holds all slots but one", &follow),
		ROOT_CHECK("logs -f of a reader that fell behind is told how much was lost", &lost),
		ROOT_CHECK("a request that changes something is logged with the sender's uid and "
			   "pid", &requester),
		ROOT_CHECK("files passed with a request: no last close in PID 1", &linger[0]),
		ROOT_CHECK("files past the 3 a request takes: no last close in PID 1", &linger[1]),
		ROOT_CHECK("files queued at a hang-up: no last close in PID 1", &linger[2]),
		ROOT_CHECK("files queued behind a message of no bytes: no last close in PID 1",
			   &linger[3]),
		ROOT_CHECK("files sent before a refusal: no last close in PID 1", &linger[4]),
		ROOT_CHECK("a FUSE file passed with a request: no close of it in PID 1 (its flush "
			   "waits)", &linger[5]),
		ROOT_CHECK("a FUSE file passed with enter: no close of it in PID 1 (its flush "
			   "waits)", &linger[6]),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
