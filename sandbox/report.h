/* report.h: where PID 1's and the sandbox child's messages go, and an async-signal-safe
 * writer for them (the child reports a failed setup step between clone and execve). */
#ifndef WARD_REPORT_H
#define WARD_REPORT_H

#include <stddef.h>

enum { SB_LOG_ERR = 3, SB_LOG_INFO = 6, SB_LOG_DEBUG = 7 };

struct sb_log {
	int console_fd;
	int kmsg_fd;          /* -1 when /dev/kmsg is missing */
	int console_loglevel; /* the kernel echoes kmsg lines below this level to the console */
};

/* Writes "init: " and the parts as one line to /dev/kmsg, and to the console unless the
 * kernel echoes it there already. Truncates at 512 bytes. */
void sb_log_line(const struct sb_log *log, int level, const char *const *parts, size_t n);
/* Writes all of buf to the console, or fails (-1) without waiting long: see report.c. With
 * len 0, whether the console takes lines (-1: it is stalled, and still has no room). */
int sb_console_write(int fd, const char *buf, size_t len);

#endif
