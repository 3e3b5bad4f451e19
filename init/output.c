/* output.c: prefixes each line an app writes with its name on the console, with static
 * buffers sized at build time (PID 1 does not allocate). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "output.h"

enum { LINE_MAX_BYTES = 256, NAME_MAX_BYTES = 32, READ_CHUNK = 512 };

struct output {
	int rd, wr;
	size_t fill;
	char line[LINE_MAX_BYTES];
};

static struct output outputs[WARD_APP_COUNT + 1];

int output_open(unsigned int i)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0) {
		outputs[i].rd = outputs[i].wr = -1;
		return -1;
	}
	/* PID 1 must never block on an app's pipe. */
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	outputs[i].rd = fds[0];
	outputs[i].wr = fds[1];
	return 0;
}

int output_read_fd(unsigned int i)
{
	return outputs[i].rd;
}

int output_write_fd(unsigned int i)
{
	return outputs[i].wr;
}

static void flush_line(struct output *o, const char *name)
{
	char buf[NAME_MAX_BYTES + 2 + LINE_MAX_BYTES + 1];
	size_t n = strnlen(name, NAME_MAX_BYTES);

	memcpy(buf, name, n);
	buf[n++] = ':';
	buf[n++] = ' ';
	memcpy(buf + n, o->line, o->fill);
	n += o->fill;
	buf[n++] = '\n';
	(void)!write(log_console_fd(), buf, n);
	o->fill = 0;
}

void output_drain(unsigned int i, const char *name)
{
	struct output *o = &outputs[i];
	char buf[READ_CHUNK];
	ssize_t n = read(o->rd, buf, sizeof(buf));

	for (ssize_t k = 0; k < n; k++) {
		if (buf[k] == '\n') {
			flush_line(o, name);
			continue;
		}
		if (o->fill == sizeof(o->line))
			flush_line(o, name); /* an over-long line is split, not dropped */
		o->line[o->fill++] = buf[k];
	}
}

/* The ring arrives with the log issue's work; until then it holds nothing. */
size_t output_ring_read(unsigned int i, unsigned long long *pos, char *buf, size_t len)
{
	(void)i;
	(void)pos;
	(void)buf;
	(void)len;
	return 0;
}

unsigned long long output_ring_end(unsigned int i)
{
	(void)i;
	return 0;
}
