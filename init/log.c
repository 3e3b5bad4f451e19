/* log.c: writes PID 1's messages to the console and to /dev/kmsg without ever blocking boot on
 * a missing device: either sink may be absent and the other still gets the line. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

enum { LOG_LINE_MAX = 512, KMSG_INFO = 6, KMSG_ERR = 3 };

static int console_fd = 2;
static int kmsg_fd = -1;
static int console_loglevel; /* the kernel echoes kmsg lines below this level to the console */

void log_open(void)
{
	char buf[16];
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);

	if (fd >= 0)
		console_fd = fd;
	kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	fd = open("/proc/sys/kernel/printk", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		if (n > 0) {
			buf[n] = '\0';
			console_loglevel = buf[0] - '0';
		}
		close(fd);
	}
}

int log_console_fd(void)
{
	return console_fd;
}

void log_console_write(const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(console_fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* a console that fails must not stall PID 1 */
		buf += n;
		len -= (size_t)n;
	}
}

static void log_emit(int level, const char *app, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	int head = snprintf(line, sizeof(line), "<%d>init: %s%s", level, app ? app : "",
			    app ? ": " : "");
	int body = vsnprintf(line + head, sizeof(line) - (size_t)head - 1, fmt, ap);
	size_t len = (size_t)head + (body < 0 ? 0 : (size_t)body);
	size_t skip = 3; /* "<N>" is for kmsg only */

	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	if (kmsg_fd >= 0)
		(void)!write(kmsg_fd, line, len);
	/* The kernel already echoes kmsg lines of this level to the console. */
	if (kmsg_fd < 0 || level >= console_loglevel)
		log_console_write(line + skip, len - skip);
}

void log_info(const char *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(KMSG_INFO, app, fmt, ap);
	va_end(ap);
}

static void log_line(int level, const char *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(level, app, fmt, ap);
	va_end(ap);
}

void log_error(const char *app, const char *verb, const char *object, int err)
{
	log_line(KMSG_ERR, app, "unable to %s %s: %s", verb, object, strerror(err));
}
