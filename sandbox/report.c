/* report.c: one line to /dev/kmsg and the console, built without stdio so that it is safe in
 * the sandbox child; each sink may be missing and the other still gets the line. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

enum { LINE_MAX_BYTES = 512 };

static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* a sink that fails must not stall PID 1 */
		buf += n;
		len -= (size_t)n;
	}
}

void sb_log_line(const struct sb_log *log, int level, const char *const *parts, size_t n)
{
	char line[LINE_MAX_BYTES];
	size_t len = 0;

	line[len++] = '<';
	line[len++] = (char)('0' + level);
	line[len++] = '>';
	for (const char *s = "init: "; *s; s++)
		line[len++] = *s;
	for (size_t i = 0; i < n; i++) {
		size_t k = strnlen(parts[i], sizeof(line) - 1 - len);
		memcpy(line + len, parts[i], k);
		len += k;
	}
	line[len++] = '\n';
	/* /dev/kmsg takes one record per write. */
	if (log->kmsg_fd >= 0)
		(void)!write(log->kmsg_fd, line, len);
	if (log->kmsg_fd < 0 || level >= log->console_loglevel)
		write_all(log->console_fd, line + 3, len - 3);
}
