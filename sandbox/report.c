/* report.c: one line to /dev/kmsg and the console, built without stdio so that it is safe in
 * the sandbox child; each sink may be missing and the other still gets the line. */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "report.h"

enum { LINE_MAX_BYTES = 512, CONSOLE_WAIT_MS = 1000 };

/* A console can stop taking bytes for as long as the far end likes: an XOFF on the serial
 * line, Scroll Lock, a tty stopped with tcflow, CTS gone. Where PID 1 holds it O_NONBLOCK,
 * a line waits for room CONSOLE_WAIT_MS at most; once a wait has run out, the console is
 * stalled, and a line goes out whole, with no wait, or not at all, until the console has
 * room again (POLLOUT on a tty: fewer than 256 bytes queued). A line cut short by the stall
 * is ended before the next one. */
static bool stalled, cut;

int sb_console_write(int fd, const char *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	bool some = false;

	if (stalled && poll(&p, 1, 0) != 1)
		return -1;
	stalled = false;
	if (cut)
		cut = write(fd, "\n", 1) != 1;
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			some = true;
		} else if (n < 0 && errno == EAGAIN) {
			stalled = poll(&p, 1, CONSOLE_WAIT_MS) != 1;
			if (stalled) {
				cut = cut || some;
				return -1;
			}
		} else if (n == 0 || errno != EINTR) {
			return -1; /* a sink that fails must not stall PID 1 */
		}
	}
	return 0;
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
		size_t k = fmt_len(parts[i], sizeof(line) - 1 - len);
		memcpy(line + len, parts[i], k);
		len += k;
	}
	line[len++] = '\n';
	/* /dev/kmsg takes one record per write. */
	if (log->kmsg_fd >= 0)
		(void)!write(log->kmsg_fd, line, len);
	if (log->kmsg_fd < 0 || level >= log->console_loglevel)
		sb_console_write(log->console_fd, line + 3, len - 3);
}
