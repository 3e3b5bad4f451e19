/* log.c: PID 1's messages, formatted here and written by the sandbox's line writer, so that
 * PID 1 and a failing sandbox child report in the same shape to the same sinks. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

enum { MESSAGE_MAX = 480 };

static struct sb_log sinks = { .console_fd = 2, .kmsg_fd = -1 };

void log_open(bool host)
{
	char buf[16];
	int fd;

	if (host)
		return;
	fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0)
		sinks.console_fd = fd;
	sinks.kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	fd = open("/proc/sys/kernel/printk", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		if (n > 0)
			sinks.console_loglevel = buf[0] - '0';
		close(fd);
	}
}

const struct sb_log *log_sinks(void)
{
	return &sinks;
}

int log_console_fd(void)
{
	return sinks.console_fd;
}

static void log_emit(int level, const char *app, const char *fmt, va_list ap)
{
	char message[MESSAGE_MAX];
	const char *parts[] = { app ? app : "", app ? ": " : "", message };

	vsnprintf(message, sizeof(message), fmt, ap);
	sb_log_line(&sinks, level, parts, 3);
}

void log_info(const char *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(SB_LOG_INFO, app, fmt, ap);
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
	log_line(SB_LOG_ERR, app, "unable to %s %s: %s", verb, object, strerror(err));
}
