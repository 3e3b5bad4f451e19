/* log.h: PID 1's messages, one line shape everywhere. */
#ifndef WARD_LOG_H
#define WARD_LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

/* host: --test mode, where /dev/console and /dev/kmsg are the host's: log to stderr only. */
void log_open(bool host);
/* The sinks with a /dev/kmsg file of their own (for an error line, or a sandbox child's
 * report of a failed step); log_sinks_close() after use. */
void log_sinks_fresh(struct sb_log *out);
void log_sinks_close(struct sb_log *log);
int log_console_fd(void);
/* "init: <app>: <message>"; app may be NULL for system-wide messages. */
void log_info(const char *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Only with ward.debug on the kernel command line (log_set_debug()). */
void log_debug(const char *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_set_debug(bool on);
/* Starts the apps' lines' share of the console (log.c says why). */
void log_console_share(long long now_ms);
/* Logs how many app lines were kept off the console, when that is due; the next time it will
 * be (ms), or -1. */
long long log_console_tick(long long now_ms);
/* A line an app wrote, as "<app><sep> <text>" (sep ':', or '+' for a row that continues one),
 * to /dev/kmsg and (unless the kernel echoes it there) the console, while their share of the
 * console lasts. */
void log_app_line(const char *app, char sep, const char *text, size_t len);
/* "init: " and the parts, without formatting: safe in a signal handler. */
void log_raw(int level, const char *const *parts, size_t n);
/* "init: <app>: unable to <verb> <object>: <strerror(errno)>" */
void log_error(const char *app, const char *verb, const char *object);

#endif
