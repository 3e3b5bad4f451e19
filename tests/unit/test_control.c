/* test_control.c: PID 1's wardctl server (init/control.c) on a real SOCK_SEQPACKET socket,
 * the rest of PID 1 stubbed, for the faults a review found: fds kept from a message of no
 * bytes, a loop that spins when PID 1 is out of fds, a log ring larger than the socket's
 * buffer, followers that take every slot. Each test runs as PID 1 of fresh mount and pid namespaces with a tmpfs on /run
 * (the socket is /run/ward/control), as root; the test process is the client too. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
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
int svc_freeze(unsigned int i, bool frozen) { (void)i, (void)frozen; return 0; }
pid_t svc_pid(unsigned int i) { (void)i; return -1; }
int svc_cgroup_fd(unsigned int i) { (void)i; return -1; }
pid_t enter_spawn(const struct sb_spec *spec, pid_t target, int cgroup, const int fds[3],
		  const char *const *argv)
{
	(void)spec, (void)target, (void)cgroup, (void)fds, (void)argv;
	errno = ENOSYS;
	return -1;
}
void shutdown_begin(enum shutdown_kind kind, long long now) { (void)kind, (void)now; }
void log_error(const char *app, const char *verb, const char *object, int err)
{
	(void)app, (void)verb, (void)object, (void)err;
	errors_logged++;
}

/* A full ring: byte n is 'a' + n % 26. */
enum { RING = CONFIG_WARD_LOG_RING_SIZE };
unsigned long long output_ring_end(unsigned int i)
{
	(void)i;
	return RING;
}
size_t output_ring_read(unsigned int i, unsigned long long *pos, char *buf, size_t len)
{
	size_t n = 0;

	(void)i;
	for (; n < len && *pos < RING; n++, (*pos)++)
		buf[n] = (char)('a' + *pos % 26);
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

/* `logs` of a ring larger than the socket's default buffer (some 93 frames of 1 KiB): PID 1
 * sends it without blocking, so all of it must fit before the client reads a byte. */
static int big_ring(const void *arg)
{
	static char frame[CTL_FRAME_HDR + CTL_FRAME_MAX];
	unsigned long long got = 0;
	int c;

	(void)arg;
	if (setup_run() < 0)
		return NS_SETUP_FAILED;
	control_init();
	c = client();
	if (c < 0)
		return 10;
	turn(100, 0); /* accepted */
	if (send_request(c, "logs\0app", 9) < 0)
		return 11;
	turn(100, 0); /* served: the whole reply sent */
	for (;;) {
		ssize_t n = recv(c, frame, sizeof(frame), MSG_DONTWAIT);

		if (n < CTL_FRAME_HDR)
			return 12; /* hung up, or nothing more: no end frame */
		if (frame[4] == CTL_FRAME_END)
			return frame[5] == CTL_OK && got == RING ? 0 : 13;
		for (ssize_t k = CTL_FRAME_HDR; k < n; k++, got++)
			if (frame[k] != (char)('a' + got % 26))
				return 14;
	}
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

/* Each check as root, in its own namespaces: state points to it. */
struct check {
	int (*run)(const void *arg);
};

static void as_root(void **state)
{
	const struct check *c = *state;

	if (getuid() != 0)
		skip();
	assert_int_equal(in_namespaces(c->run, NULL), 0);
}

int main(void)
{
	static const struct check empty = { empty_message }, out = { out_of_fds }, big = { big_ring },
				  follow = { followers_leave_one };
	const struct CMUnitTest tests[] = {
		{ "an empty message's fds are not kept", as_root, NULL, NULL, (void *)&empty },
		{ "out of fds, the listener leaves the poll set", as_root, NULL, NULL, (void *)&out },
		{ "logs of a ring larger than the socket's buffer, whole", as_root, NULL, NULL,
		  (void *)&big },
		{ "logs -f holds all slots but one", as_root, NULL, NULL, (void *)&follow },
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
