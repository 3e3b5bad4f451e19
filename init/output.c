/* output.c: reads each app's stdout/stderr line by line into the app's log ring, and shows
 * the lines as "<app>: <line>" on the console and in /dev/kmsg, rate-limited per app. Static
 * buffers sized at build time (PID 1 does not allocate). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "output.h"
#include "rate.h"
#include "ring.h"
#include "term_text.h"
#include "syscalls.h"

enum { LINE_MAX_BYTES = 256, READ_CHUNK = 512 };
enum { CONSOLE_ROW = 80 };
/* While an app stays over its limit, the count of lines not shown is logged this often. */
enum { HIDDEN_REPORT_MS = 5000 };

struct output {
	int rd, wr;
	size_t fill;
	char line[LINE_MAX_BYTES + 1]; /* + the newline that ends it in the ring */
	struct ring ring;
	struct rate rate;
	struct rate bytes;	/* read from the pipe: PID 1's work on the app's output */
	unsigned long hidden;   /* lines kept from the console and kmsg since the last report */
	long long report_at_ms; /* from then on, the next line reports them */
};

static struct output outputs[WARD_APP_COUNT + 1];
/* The rings' pages count toward PID 1's RSS only once the app has written that much. */
static char ring_bytes[WARD_APP_COUNT + 1][CONFIG_WARD_LOG_RING_SIZE];

int output_open(unsigned int i)
{
	int fds[2];

	ring_init(&outputs[i].ring, ring_bytes[i], sizeof(ring_bytes[i]));
	rate_init(&outputs[i].rate, CONFIG_WARD_LOG_RATE, CONFIG_WARD_LOG_BURST, clock_ms());
	rate_init(&outputs[i].bytes, CONFIG_WARD_LOG_BYTES_RATE, CONFIG_WARD_LOG_BYTES_RATE, clock_ms());
	if (sb_pipe2(fds, O_CLOEXEC) < 0) {
		outputs[i].rd = outputs[i].wr = -1;
		return -1;
	}
	/* PID 1 must never block on an app's pipe. */
	sb_fcntl(fds[0], F_SETFL, O_NONBLOCK);
	outputs[i].rd = fds[0];
	outputs[i].wr = fds[1];
	return 0;
}

/* Each byte an app writes costs PID 1 more than it costs the app (a read, the terminal
 * check, the ring, the console): without a rate, an app could make PID 1 spend several
 * times its own CPU, cpu.max or not, and take it from every other app. Over its rate, its
 * pipe is left alone: it fills, and the app's writes wait, as on a slow terminal. Nothing is
 * lost (but by an app that made its pipe one of packets, O_DIRECT: a read takes a packet's
 * first 512 bytes, and the kernel lets the rest go; its own output only). */
int output_poll_fd(unsigned int i, long long now_ms)
{
	return rate_left(&outputs[i].bytes, now_ms) ? outputs[i].rd : -1;
}

long long output_due_ms(long long now_ms)
{
	long long due = -1;

	for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
		struct rate *r = &outputs[i].bytes;

		if (!rate_left(r, now_ms) && (due < 0 || rate_due_ms(r) < due))
			due = rate_due_ms(r);
	}
	return due;
}

/* Every run writes to the one open file of the pipe's write end: a flag a run set on it
 * (O_NONBLOCK, O_DIRECT) would be the next run's too. Each run starts with none. */
int output_write_fd(unsigned int i)
{
	if (outputs[i].wr >= 0)
		sb_fcntl(outputs[i].wr, F_SETFL, 0);
	return outputs[i].wr;
}

/* An app's line as console rows: pieces that fit one after the kernel's timestamp (up to 20
 * columns, for years of uptime) and "<app>: ", cut on a UTF-8 boundary, the next ones as
 * "<app>+ ". A byte takes a column at most (tabs are spaces by now), so no row starts with
 * text of the app's: an 80-column terminal wrapped a long line, and showed "init: ..." of its
 * choosing at a row's start. */
static unsigned int show_line(const char *name, const char *line, size_t len)
{
	size_t row = CONSOLE_ROW - 20 - 2 - strlen(name);
	unsigned int rows = 0;
	char sep = ':';

	do {
		size_t n = len < row ? len : row;

		while (n < len && (line[n] & 0xc0) == 0x80)
			n--;
		log_app_line(name, sep, line, n);
		sep = '+';
		line += n;
		len -= n;
		rows++;
	} while (len > 0);
	return rows;
}

/* How many of the app's lines the rate kept off, if any, and the count starts over. */
static void tell_hidden(struct output *o, const char *name)
{
	if (o->hidden > 0)
		log_info(name, "%lu lines not shown (rate limit)", o->hidden);
	o->hidden = 0;
}

/* Every line goes into the ring; the console and kmsg get it while the app is within its
 * rate. How many did not is logged HIDDEN_REPORT_MS after the first of them, with the next
 * line the app writes (PID 1 sets no timer for it): so at most that often. */
static void flush_line(struct output *o, const char *name, long long now)
{
	bool show = rate_left(&o->rate, now);

	o->fill = term_text_clean(o->line, o->fill);
	o->line[o->fill] = '\n';
	ring_put(&o->ring, o->line, o->fill + 1);
	if (!show && o->hidden++ == 0)
		o->report_at_ms = now + HIDDEN_REPORT_MS;
	if (now >= o->report_at_ms)
		tell_hidden(o, name);
	/* A line costs a unit per console row it takes: what a serial line spends on it is its
	 * length, and an app at its rate with lines of 256 bytes would otherwise take the apps'
	 * whole share of the console (WARD_LOG_CONSOLE_SHARE) alone. */
	if (show)
		rate_pay(&o->rate, now, show_line(name, o->line, o->fill));
	o->fill = 0;
}

static ssize_t drain(struct output *o, const char *name)
{
	char buf[READ_CHUNK];
	ssize_t n = read(o->rd, buf, sizeof(buf));
	long long now = clock_ms();

	/* A read costs PID 1 a turn of its loop whatever it returns: charged a chunk at least.
	 * An app that made its pipe one of packets (O_DIRECT on its end) gets a read per write,
	 * and with writes of a byte would else have a turn per byte. Over the rate, its pipe
	 * fills, and reads come back full. */
	if (n > 0)
		rate_pay(&o->bytes, now, n < READ_CHUNK ? READ_CHUNK : (unsigned long long)n);

	for (ssize_t k = 0; k < n; k++) {
		char c = buf[k];

		if (c == '\n') {
			flush_line(o, name, now);
			continue;
		}
		/* CRLF line ends (the line is cleaned for a terminal as it is flushed) */
		if (c == '\r')
			continue;
		if (o->fill == LINE_MAX_BYTES)
			flush_line(o, name, now); /* an over-long line is split, not dropped */
		o->line[o->fill++] = c;
	}
	return n;
}

void output_drain(unsigned int i, const char *name)
{
	drain(&outputs[i], name);
}

void output_end_run(unsigned int i, const char *name)
{
	struct output *o = &outputs[i];
	/* What the run wrote is shown as its own, before its end is logged: the whole pipe,
	 * which the app may have grown to pipe-max-size (1 MiB by default) with F_SETPIPE_SZ.
	 * Not more: a straggler still writing cannot hold PID 1 here. */
	int size = sb_fcntl(o->rd, F_GETPIPE_SZ, 0);

	/* Until a read finds it empty: a short read is one packet of a pipe of packets, not
	 * its end. */
	for (int k = (size > 0 ? size : 65536) / READ_CHUNK; k >= 0 && drain(o, name) > 0; k--)
		;
	if (o->fill > 0)
		flush_line(o, name, clock_ms());
	tell_hidden(o, name); /* told with the next line, which a run at its end has no more of */
}

size_t output_ring_read(unsigned int i, unsigned long long *pos, char *buf, size_t len)
{
	return ring_read(&outputs[i].ring, pos, buf, len);
}

unsigned long long output_ring_end(unsigned int i)
{
	return ring_end(&outputs[i].ring);
}

unsigned long long output_ring_start(unsigned int i)
{
	return outputs[i].ring.start;
}
