/* wardctl.c: the control tool, a small static program of its own (not part of PID 1): sends one
 * request to PID 1 over /run/ward/control (ctl_proto.h) and formats the answer like systemctl,
 * or as JSON. `enter` relays between its own stdio and pipes it hands to the entered command,
 * so that nothing of the caller's (its terminal least of all) reaches the app. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/auxv.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ctl_proto.h"

/* How long a request waits for PID 1 to take its connection, and then for each frame of an
 * answer, which PID 1 sends at once: past it, PID 1 is stuck (or its slots and queue all
 * taken), and wardctl says so rather than wait with it. `logs -f` and `enter` wait for the
 * app as long as it likes once connected. */
#ifndef WARDCTL_ANSWER_MS
#define WARDCTL_ANSWER_MS 30000
#endif

static const char usage[] =
	"usage: wardctl [--json] COMMAND [ARG...]\n"
	"  list                    every app: state, pid, time in that state, restarts, flags\n"
	"  status APP              one app\n"
	"  start|stop|restart APP\n"
	"  kill [-s SIG] APP       signal the app (default TERM; SIG: a name or a number)\n"
	"  freeze|thaw APP         stop or resume every process of the app (its cgroup)\n"
	"  logs [-f] APP           the app's recent output; -f: and what follows\n"
	"  enter APP [CMD [ARG...]] run CMD (default /bin/sh) inside the app's sandbox\n"
	"  reboot|poweroff\n"
	"exit status: 0 ok, 1 failed or not running, 2 usage, 3 no such app, 4 permission\n"
	"denied, 5 cannot reach PID 1; enter: the command's own (128+N: killed by signal N)\n";

static const char *const signames[] = { "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
					"FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
					"TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
					"TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH",
					"IO", "PWR", "SYS" };

static int json;
static const char *cmd_word;
static const char *app_name = "";

/* s's n bytes as the inside of a JSON string: what a caller or an app chose (a name given on
 * the command line, a line of output) cannot close the string and add fields of its own. */
/* The length of the UTF-8 sequence at s (n bytes left) if it is a valid one, else 0. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	unsigned int cp;

	if (s[0] < 0xc2 || s[0] > 0xf4 || len > n)
		return 0;
	cp = s[0] & (0x3fu >> (len - 1));
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	/* Overlong forms, UTF-16's surrogates, past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* JSON is Unicode text and an app's bytes need not be: a byte that starts no valid UTF-8
 * sequence becomes U+FFFD, as decoders do, so that the line still parses. */
static void json_string(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		size_t len;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else if (c == 0xc2 && k + 1 < n && (unsigned char)s[k + 1] >= 0x80 &&
			 (unsigned char)s[k + 1] < 0xa0) /* C1 controls: CSI among them */
			printf("\\u%04x", (unsigned char)s[++k]);
		else if (c < 0x80)
			putchar(c);
		else if ((len = utf8_length((const unsigned char *)s + k, n - k)) > 0) {
			fwrite(s + k, 1, len, stdout);
			k += len - 1;
		} else
			fputs("\\ufffd", stdout);
	}
}

static _Noreturn void die(int code, const char *what, const char *why)
{
	if (json) {
		printf("{\"code\":%d,\"error\":\"", code);
		json_string(what, strlen(what));
		printf("%s", *what ? ": " : "");
		json_string(why, strlen(why));
		printf("\"}\n");
	} else
		fprintf(stderr, "wardctl: %s%s%s\n", what, *what ? ": " : "", why);
	exit(code);
}

static int signal_number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s && !*end)
		return n >= 1 && n <= 64 ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < (int)(sizeof(signames) / sizeof(signames[0])); i++)
		if (strcasecmp(s, signames[i]) == 0)
			return i;
	return -1;
}

static const struct timeval answer_time = { WARDCTL_ANSWER_MS / 1000,
					     WARDCTL_ANSWER_MS % 1000 * 1000 };

/* A listener whose backlog is full keeps connect waiting, up to SO_SNDTIMEO. */
static int connect_pid1(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = CTL_SOCKET };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die(CTL_UNREACHABLE, "socket", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &answer_time, sizeof(answer_time));
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		die(errno == EACCES || errno == EPERM ? CTL_DENIED : CTL_UNREACHABLE, CTL_SOCKET,
		    errno == EAGAIN ? "PID 1 took no connection in time (stuck, or busy)" :
		    strerror(errno));
	return fd;
}

struct frame {
	int type, code;
	size_t len;
	char text[CTL_FRAME_MAX + 1];
};

static void read_frame(int sock, struct frame *f)
{
	unsigned char buf[CTL_FRAME_HDR + CTL_FRAME_MAX];
	/* MSG_TRUNC: the frame's whole length, so that one longer than a frame can be is
	 * refused, not taken cut short. */
	ssize_t n = recv(sock, buf, sizeof(buf), MSG_TRUNC);

	if (n < 0 && errno == EAGAIN) /* SO_RCVTIMEO */
		die(CTL_UNREACHABLE, "PID 1", "no answer in time (stuck, or busy)");
	/* A refusal: PID 1 said why, then closed with our request still unread in its socket.
	 * The kernel reports that as a reset on the first receive, before the frame it queued
	 * first, which the next one returns. (Seen with two CPUs, where the request arrives
	 * before the close: "hung up" instead of "permission denied".) */
	if (n < 0 && errno == ECONNRESET)
		n = recv(sock, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
	if (n == 0 || (n < 0 && (errno == ECONNRESET || errno == EAGAIN)))
		die(CTL_UNREACHABLE, "PID 1", "hung up");
	if (n < 0)
		die(CTL_UNREACHABLE, "receive", strerror(errno));
	if (n < CTL_FRAME_HDR || n > (ssize_t)sizeof(buf) ||
	    ctl_get_u32(buf) != (size_t)n - CTL_FRAME_HDR)
		die(CTL_UNREACHABLE, "PID 1", "malformed reply");
	f->type = buf[4];
	f->code = buf[5];
	f->len = (size_t)n - CTL_FRAME_HDR;
	memcpy(f->text, buf + CTL_FRAME_HDR, f->len);
	f->text[f->len] = '\0';
	/* A count of bytes, which --json prints as a number (no leading zero). */
	if (f->type == CTL_FRAME_LOST && (f->len == 0 || strspn(f->text, "0123456789") != f->len ||
					  (f->len > 1 && f->text[0] == '0')))
		die(CTL_UNREACHABLE, "PID 1", "malformed reply");
}

/* Words, NUL-ended, behind the length; with `fds`, passed along (SCM_RIGHTS). */
static void send_request(int sock, char *const *words, int n, const int *fds)
{
	unsigned char buf[CTL_HDR + CTL_REQ_MAX];
	size_t len = 0;
	struct iovec iov = { buf, 0 };
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(3 * sizeof(int))];
	} control;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	for (int i = 0; i < n; i++) {
		size_t wl = strlen(words[i]) + 1;

		if (len + wl > CTL_REQ_MAX)
			die(CTL_USAGE, cmd_word, "request too long");
		memcpy(buf + CTL_HDR + len, words[i], wl);
		len += wl;
	}
	ctl_put_u32(buf, (unsigned int)len);
	iov.iov_len = CTL_HDR + len;
	if (fds) {
		struct cmsghdr *h;

		m.msg_control = control.space;
		m.msg_controllen = sizeof(control.space);
		h = CMSG_FIRSTHDR(&m);
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_RIGHTS;
		h->cmsg_len = CMSG_LEN(3 * sizeof(int));
		memcpy(CMSG_DATA(h), fds, 3 * sizeof(int));
	}
	if (sendmsg(sock, &m, MSG_NOSIGNAL) < 0) {
		int err = errno;
		struct frame f;

		/* Refused at once (not allowed, busy): PID 1 said why before it hung up. */
		read_frame(sock, &f);
		die(f.code, "PID 1", f.len ? f.text : strerror(err));
	}
}

/* One app line from PID 1: name, state, pid, ms, restarts, flags, last status. */
struct app {
	char *field[7];
};

static void split(char *line, struct app *a)
{
	for (int i = 0; i < 7; i++) {
		a->field[i] = line;
		line += strcspn(line, "\t");
		if (*line)
			*line++ = '\0';
	}
}

static void age(char *buf, size_t len, const char *ms)
{
	long long s = atoll(ms) / 1000;

	if (s < 120)
		snprintf(buf, len, "%llds", s);
	else if (s < 7200)
		snprintf(buf, len, "%lldmin", s / 60);
	else
		snprintf(buf, len, "%lldh", s / 3600);
}

static void print_json_app(const struct app *a, const char *sep)
{
	char flags[64] = "";
	const char *f = a->field[5];

	/* "frozen,ready," -> "frozen","ready" */
	for (size_t at = 0; *f && at + 4 < sizeof(flags);) {
		size_t n = strcspn(f, ",");

		at += (size_t)snprintf(flags + at, sizeof(flags) - at, "%s\"%.*s\"", at ? "," : "",
				       (int)n, f);
		f += n + (f[n] == ',');
	}
	printf("%s{\"app\":\"%s\",\"state\":\"%s\",\"pid\":%s,\"since_ms\":%s,\"restarts\":%s,"
	       "\"flags\":[%s],\"last_status\":%s}", sep, a->field[0], a->field[1], a->field[2],
	       a->field[3], a->field[4], flags, a->field[6]);
}

static void print_table(struct app *apps, int n)
{
	static const char *const head[] = { "APP", "STATE", "PID", "SINCE", "RESTARTS", "FLAGS" };
	char since[256][24];
	int w[6];

	for (int c = 0; c < 6; c++)
		w[c] = (int)strlen(head[c]);
	for (int i = 0; i < n; i++) {
		size_t fl = strlen(apps[i].field[5]);

		if (fl && apps[i].field[5][fl - 1] == ',')
			apps[i].field[5][fl - 1] = '\0';
		if (!*apps[i].field[5])
			apps[i].field[5] = "-";
		if (strcmp(apps[i].field[2], "0") == 0)
			apps[i].field[2] = "-";
		age(since[i], sizeof(since[i]), apps[i].field[3]);
		apps[i].field[3] = since[i];
		for (int c = 0; c < 6; c++)
			if ((int)strlen(apps[i].field[c]) > w[c])
				w[c] = (int)strlen(apps[i].field[c]);
	}
	printf("%-*s  %-*s  %*s  %*s  %*s  %s\n", w[0], head[0], w[1], head[1], w[2], head[2],
	       w[3], head[3], w[4], head[4], head[5]);
	for (int i = 0; i < n; i++) {
		char **f = apps[i].field;

		printf("%-*s  %-*s  %*s  %*s  %*s  %s\n", w[0], f[0], w[1], f[1], w[2], f[2], w[3],
		       f[3], w[4], f[4], f[5]);
	}
}

static void print_status(struct app *a)
{
	char since[24];
	size_t fl = strlen(a->field[5]);

	if (json) {
		print_json_app(a, "");
		printf("\n");
		return;
	}
	if (fl && a->field[5][fl - 1] == ',')
		a->field[5][fl - 1] = '\0';
	age(since, sizeof(since), a->field[3]);
	printf("%s - %s\n     State: %s (for %s)\n       PID: %s\n  Restarts: %s\n     Flags: %s\n",
	       a->field[0], a->field[1], a->field[1], since, a->field[2], a->field[4],
	       *a->field[5] ? a->field[5] : "-");
	if (atoi(a->field[6]) >= 0) {
		int st = atoi(a->field[6]);

		if (st & 0x7f)
			printf(" Last exit: killed by signal %d\n", st & 0x7f);
		else
			printf(" Last exit: code %d\n", (st >> 8) & 0xff);
	}
}

/* `logs -f` runs until its reader goes: `wardctl logs -f app | grep -m 1 ready` must end when
 * grep does (SIGPIPE is ignored, for enter's relay), and free its slot in PID 1. */
static void flush_out(void)
{
	if (fflush(stdout) == EOF) {
		if (errno != EPIPE)
			fprintf(stderr, "wardctl: standard output: %s\n", strerror(errno));
		exit(CTL_FAILED);
	}
}

/* `--json logs`: each line of the app's as {"line":"..."} on a line of its own, so that no
 * line the app wrote can pass for wardctl's own JSON. Frames end anywhere in a line: a line
 * is gathered up to its newline (or the end, or 4 KiB). */
static void json_log_bytes(const char *p, size_t n, bool end)
{
	static char line[4096];
	static size_t len;

	for (size_t i = 0; i <= n; i++) {
		bool last = i == n;

		if (!last && p[i] != '\n' && len < sizeof(line)) {
			line[len++] = p[i];
			continue;
		}
		if (last && !(end && len))
			break;
		printf("{\"line\":\"");
		json_string(line, len);
		printf("\"}\n");
		len = 0;
		if (!last && p[i] != '\n')
			line[len++] = p[i];
	}
}

/* `logs -f`: waits for the next frame, and ends when stdout's reader has gone (`| grep -m 1
 * ready`): else only the app's next line, which may never come, would tell, and the
 * connection would hold one of PID 1's few slots meanwhile. */
static void await_frame(int sock)
{
	struct pollfd p[2] = { { .fd = sock, .events = POLLIN }, { .fd = 1 } };

	for (;;) {
		int n = poll(p, 2, -1);

		if (n > 0 && p[1].revents)
			exit(CTL_FAILED); /* as when a write finds it gone (flush_out) */
		if (n > 0 || errno != EINTR)
			return; /* read_frame says what came */
	}
}

/* Reads frames up to the end frame; returns its code. */
static int answer(int sock, bool list, bool raw, bool follow)
{
	static struct frame f;
	static char lines[256][CTL_FRAME_MAX + 1];
	struct app apps[256];
	int n = 0;

	for (;;) {
		if (follow)
			await_frame(sock);
		read_frame(sock, &f);
		if (f.type == CTL_FRAME_END)
			break;
		if (f.type == CTL_FRAME_LOST && json) {
			json_log_bytes("", 0, true); /* the line it cut short */
			printf("{\"lost\":%s}\n", f.text);
			flush_out();
		} else if (f.type == CTL_FRAME_LOST) {
			flush_out();
			fprintf(stderr, "wardctl: %s: %s bytes of its output lost: this reader fell "
				"behind, and the log ring let them go\n", app_name, f.text);
		} else if (raw && json) {
			json_log_bytes(f.text, f.len, false);
			flush_out();
		} else if (raw) {
			fwrite(f.text, 1, f.len, stdout);
			flush_out();
		} else if (n < 256) {
			memcpy(lines[n], f.text, f.len + 1);
			split(lines[n], &apps[n]);
			n++;
		}
	}
	if (raw && json)
		json_log_bytes("", 0, true);
	if (list && json) {
		printf("[");
		for (int i = 0; i < n; i++)
			print_json_app(&apps[i], i ? ",\n " : "");
		printf("]\n");
	} else if (list) {
		print_table(apps, n);
	} else if (n > 0) {
		print_status(&apps[0]);
	}
	if (f.code != CTL_OK && (f.len || !n)) {
		const char *why = f.len ? f.text : f.code == CTL_FAILED ? "failed" : "refused";
		char what[64];

		snprintf(what, sizeof(what), "%s%s%s", cmd_word, *app_name ? " " : "", app_name);
		die(f.code, what, why);
	}
	if (json && !list && !n)
		printf("{\"code\":%d}\n", f.code);
	return f.code;
}

/* After PID 1's report of the command's end, what the command wrote is in the pipes already:
 * it is drained for this long at most. Something of the app's may still hold their write
 * ends (a child in the background, or the app itself through /proc/<pid>/fd): it neither
 * keeps this client running nor reaches the terminal after that. */
enum { DRAIN_MS = 500 };

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

/* All of buf to fd, waiting for room when fd is non-blocking (a stdout shared with a program
 * that set O_NONBLOCK on it) or a write comes back short: false when fd takes no more. */
static bool write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		ssize_t w = write(fd, buf, len);

		if (w > 0) {
			buf += w;
			len -= (size_t)w;
		} else if (w < 0 && errno == EAGAIN) {
			poll(&p, 1, -1);
		} else if (w == 0 || errno != EINTR) {
			return false;
		}
	}
	return true;
}

/* `enter`: pipes for the command's stdio, relayed here until PID 1 reports its status. Input
 * waits in `pending` while the command does not read it, so that its output still flows. */
static int enter(int sock, char **words, int n)
{
	int in[2], out[2], err[2], fds[3];
	struct pollfd p[4];
	char pending[4096];
	size_t npending = 0;
	int code = -1, wait_ms = -1;
	long long drain_end = 0;

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
		die(CTL_FAILED, "pipe", strerror(errno));
	fds[0] = in[0], fds[1] = out[1], fds[2] = err[1];
	send_request(sock, words, n, fds);
	close(in[0]), close(out[1]), close(err[1]);
	if (fcntl(in[1], F_SETFL, O_NONBLOCK) < 0)
		die(CTL_FAILED, "fcntl", strerror(errno));
	p[0] = (struct pollfd){ .fd = 0, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = out[0], .events = POLLIN };
	p[2] = (struct pollfd){ .fd = err[0], .events = POLLIN };
	p[3] = (struct pollfd){ .fd = sock, .events = POLLIN };
	while (p[1].fd >= 0 || p[2].fd >= 0 || code < 0) {
		char buf[4096];
		int ready;

		/* With input pending, the command's stdin is watched instead of this one. */
		if (in[1] >= 0)
			p[0] = npending ? (struct pollfd){ .fd = in[1], .events = POLLOUT } :
					  (struct pollfd){ .fd = 0, .events = POLLIN };
		if (code >= 0) /* a deadline, not a pause: an app that writes on is cut off */
			wait_ms = (int)(drain_end - now_ms());
		ready = code >= 0 && wait_ms <= 0 ? 0 : poll(p, 4, wait_ms);
		if (ready < 0 && errno != EINTR)
			die(CTL_FAILED, "poll", strerror(errno));
		if (ready == 0)
			break; /* drained for DRAIN_MS after the end */
		if (p[0].fd >= 0 && (p[0].revents & (POLLIN | POLLOUT | POLLHUP | POLLERR))) {
			bool stop = false; /* our stdin ended, or the command's cannot take more */

			if (!npending) {
				ssize_t r = read(0, pending, sizeof(pending));

				if (r > 0)
					npending = (size_t)r;
				else if (r == 0 || (errno != EAGAIN && errno != EINTR))
					stop = true;
			}
			if (npending) {
				ssize_t w = write(in[1], pending, npending);

				if (w > 0) {
					memmove(pending, pending + w, npending - (size_t)w);
					npending -= (size_t)w;
				} else if (errno != EAGAIN && errno != EINTR) {
					stop = true;
				}
			}
			if (stop) {
				close(in[1]); /* the command sees its stdin end */
				in[1] = p[0].fd = -1;
			}
		}
		for (int i = 1; i < 3; i++) {
			ssize_t r;

			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read(p[i].fd, buf, sizeof(buf));
			if (r > 0 && write_all(i, buf, (size_t)r))
				continue;
			close(p[i].fd);
			p[i].fd = -1;
		}
		if (p[3].fd >= 0 && (p[3].revents & (POLLIN | POLLHUP | POLLERR))) {
			struct frame f;

			read_frame(sock, &f);
			if (f.type == CTL_FRAME_END) {
				code = f.code;
				p[3].fd = -1;
				if (f.len)
					die(code, "enter", f.text);
				/* The command has ended: no more input for it. */
				if (in[1] >= 0)
					close(in[1]);
				in[1] = p[0].fd = -1;
				drain_end = now_ms() + DRAIN_MS;
			}
		}
	}
	return code;
}

int main(int argc, char **argv)
{
	char *words[CTL_ARGS_MAX + 3];
	char signum[12];
	int n = 0, sock;
	bool follow = false;

	/* Made setuid or setgid (to let every user act as WARD_CTL_GID, say), wardctl would
	 * hand each of them enter into every app and reboot: the group is for its members. */
	if (getauxval(AT_SECURE))
		die(CTL_DENIED, "", "not to be run setuid or setgid: add users to WARD_CTL_GID");
	/* Started with stdin, stdout or stderr closed (by a daemon, a cron job), the socket
	 * would take that number: enter would hand it over as the command's stdio. */
	while ((sock = open("/dev/null", O_RDWR)) >= 0 && sock <= 2)
		;
	if (sock < 0)
		die(CTL_FAILED, "", "unable to open /dev/null");
	close(sock);
	signal(SIGPIPE, SIG_IGN);
	argv++, argc--;
	if (argc > 0 && strcmp(argv[0], "--json") == 0)
		json = 1, argv++, argc--;
	if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
		fputs(usage, argc < 1 ? stderr : stdout);
		return argc < 1 ? CTL_USAGE : CTL_OK;
	}
	cmd_word = words[n++] = argv[0];
	argv++, argc--;
	if (strcmp(cmd_word, "kill") == 0) {
		int sig = SIGTERM;

		if (argc >= 2 && strcmp(argv[0], "-s") == 0) {
			sig = signal_number(argv[1]);
			argv += 2, argc -= 2;
		} else if (argc >= 1 && argv[0][0] == '-' && argv[0][1]) {
			sig = signal_number(argv[0] + 1);
			argv++, argc--;
		}
		if (sig < 0 || argc != 1)
			die(CTL_USAGE, "kill", "usage: kill [-s SIG] APP");
		if (sig == SIGSTOP)
			die(CTL_USAGE, "kill", "STOP would stop the app's reaper, not the app: use freeze");
		snprintf(signum, sizeof(signum), "%d", sig);
		words[n++] = argv[0];
		words[n++] = signum;
		argc = 0;
	} else if (strcmp(cmd_word, "logs") == 0 && argc >= 1 && strcmp(argv[0], "-f") == 0) {
		follow = true;
		words[0] = "logs-f";
		argv++, argc--;
	}
	if (strcmp(cmd_word, "enter") == 0 && argc >= 2 && strcmp(argv[1], "--") == 0) {
		argv[1] = argv[0];
		argv++, argc--;
	}
	if (argc > CTL_ARGS_MAX + 1)
		die(CTL_USAGE, cmd_word, "too many arguments");
	for (int i = 0; i < argc; i++)
		words[n++] = argv[i];
	if (n > 1)
		app_name = words[1];
	if (strcmp(cmd_word, "enter") && strcmp(cmd_word, "kill") && argc > 1)
		die(CTL_USAGE, cmd_word, "too many arguments (see wardctl --help)");
	/* A shell for a person at a terminal: interactive, though it reads a pipe. */
	if (strcmp(cmd_word, "enter") == 0 && n == 2 && isatty(0)) {
		words[n++] = "/bin/sh";
		words[n++] = "-i";
	}
	sock = connect_pid1();
	if (strcmp(cmd_word, "enter") == 0)
		return enter(sock, words, n);
	if (!follow)
		setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &answer_time, sizeof(answer_time));
	send_request(sock, words, n, NULL);
	return answer(sock, strcmp(cmd_word, "list") == 0,
		      strcmp(cmd_word, "logs") == 0 || follow, follow);
}
