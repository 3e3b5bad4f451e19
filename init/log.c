/* log.c: PID 1's messages, formatted here and written by the sandbox's line writer, so that
 * PID 1 and a failing sandbox child report in the same shape to the same sinks. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "cmdline.h"
#include "config.h"
#include "errtext.h"
#include "fmt.h"
#include "log.h"
#include "rate.h"
#include "read_text.h"

enum { MESSAGE_MAX = 480, APP_NAME_MAX = 32 };
/* While app lines are kept off the console, how many is logged this often. */
enum { KEPT_OFF_REPORT_MS = 5000 };

static struct sb_log sinks = { .console_fd = 2, .kmsg_fd = -1 };
/* The apps' lines have a /dev/kmsg file of their own: where the kernel still limits each
 * file (printk.devkmsg=ratelimit, below), their volume cannot crowd out PID 1's lines. */
static int app_kmsg_fd = -1;
static bool debug;

/* A write to the console waits until the console takes the line: some 10 ms a line on a
 * 115200 baud serial line, where the kernel's buffer is full (up to a second, then not at
 * all while the console stays stopped: report.c). Meanwhile no app is reaped or restarted,
 * no wardctl request served, and the watchdog not fed. So the apps' lines get a share of PID
 * 1's time on the console (CONFIG_WARD_LOG_CONSOLE_SHARE percent; a bucket of milliseconds of
 * writing, as long as a second at once), and over it they are kept off it: each app's ring
 * has them all, /dev/kmsg too. PID 1's own lines always go out, unless the console is
 * stopped. */
static struct rate console_time;
static unsigned long kept_off;	   /* app lines kept off the console since the last report */
static long long kept_off_report_ms; /* the next report, at the earliest */

/* /dev/kmsg drops a file's lines beyond 10 in 5 s unless printk_devkmsg is "on". PID 1 limits
 * each app itself (output.c), per app, so that one noisy app cannot hide the others' lines:
 * the kernel's limit, shared by all of them, would. When printk.devkmsg= on the kernel command
 * line locked the setting, the kernel refuses (EINVAL) and that choice stands. */
static void kmsg_unlimited(void)
{
	char mode[16] = "";
	int fd = openat(AT_FDCWD, "/proc/sys/kernel/printk_devkmsg", O_RDWR | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return; /* a kernel before 4.9 has no limit to lift */
	n = read(fd, mode, sizeof(mode) - 1);
	mode[n > 0 ? fmt_span(mode, "\n", false) : 0] = '\0';
	if (strcmp(mode, "on") != 0 && pwrite(fd, "on\n", 3, 0) < 0) {
		if (errno == EINVAL)
			log_info(NULL, "printk.devkmsg=%s: the kernel may drop app lines", mode);
		else
			log_error(NULL, "turn on", "printk_devkmsg");
	}
	close(fd);
}

void log_open(bool host)
{
	char buf[16];
	int fd;

	if (host)
		return;
	/* Non-blocking: a console stopped for good must not stop PID 1 (report.c). */
	fd = openat(AT_FDCWD, "/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0)
		sinks.console_fd = fd;
	sinks.kmsg_fd = openat(AT_FDCWD, "/dev/kmsg", O_WRONLY | O_CLOEXEC);
	app_kmsg_fd = openat(AT_FDCWD, "/dev/kmsg", O_WRONLY | O_CLOEXEC);
	/* "4\t4\t1\t7": two digits (loglevel=10) echo every level, as 8 does, and so does
	 * ignore_loglevel whatever the level says. */
	if (sb_read_text("/proc/sys/kernel/printk", buf, sizeof(buf)) > 1)
		sinks.console_loglevel = buf[1] >= '0' ? 8 : buf[0] - '0';
	if (cmdline_has("ignore_loglevel"))
		sinks.console_loglevel = 8;
	kmsg_unlimited();
}

void log_console_share(long long now_ms)
{
	rate_init(&console_time, CONFIG_WARD_LOG_CONSOLE_SHARE * 10, 1000, now_ms);
}

/* /dev/kmsg rate-limits each open file (10 lines in 5 s): an error, or a sandbox child's one
 * report, gets a file of its own, so that PID 1's routine lines can never crowd it out. The
 * console is skipped only when the kernel is sure to echo the line there. */
void log_sinks_fresh(struct sb_log *out)
{
	*out = sinks;
	if (sinks.kmsg_fd >= 0)
		out->kmsg_fd = openat(AT_FDCWD, "/dev/kmsg", O_WRONLY | O_CLOEXEC);
}

void log_sinks_close(struct sb_log *log)
{
	if (log->kmsg_fd >= 0 && log->kmsg_fd != sinks.kmsg_fd)
		close(log->kmsg_fd);
}

int log_console_fd(void)
{
	return sinks.console_fd;
}

static void log_emit(int level, const char *app, const char *fmt, va_list ap)
{
	char message[MESSAGE_MAX];
	const char *parts[] = { app ? app : "", app ? ": " : "", message };
	struct sb_log log = sinks;

	fmt_vbuf(message, sizeof(message), fmt, ap);
	if (level <= SB_LOG_ERR)
		log_sinks_fresh(&log);
	sb_log_line(&log, level, parts, 3);
	log_sinks_close(&log);
}

void log_info(const char *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(SB_LOG_INFO, app, fmt, ap);
	va_end(ap);
}

void log_set_debug(bool on)
{
	debug = on;
}

void log_debug(const char *app, const char *fmt, ...)
{
	va_list ap;

	if (!debug)
		return;
	va_start(ap, fmt);
	log_emit(SB_LOG_INFO, app, fmt, ap);
	va_end(ap);
}

/* Its parts as they are: nothing to format. errno read here, not at each of the 30 calls. */
void log_error(const char *app, const char *verb, const char *object)
{
	int err = errno;
	const char *parts[] = { app ? app : "", app ? ": " : "", "unable to ", verb, " ", object,
				": ", sb_errtext(err) };

	log_raw(SB_LOG_ERR, parts, sizeof(parts) / sizeof(parts[0]));
}

static void report_kept_off(long long now)
{
	log_info(NULL, "%lu app lines kept off the slow console (in the apps' logs)", kept_off);
	kept_off = 0;
	kept_off_report_ms = now + KEPT_OFF_REPORT_MS;
}

long long log_console_tick(long long now_ms)
{
	if (kept_off == 0)
		return -1;
	if (now_ms < kept_off_report_ms)
		return kept_off_report_ms;
	/* Not into a console that is still stopped: the count waits for it, looked at again in
	 * a second. */
	if (sb_console_write(sinks.console_fd, "", 0) < 0)
		return now_ms + 1000;
	report_kept_off(now_ms);
	return -1;
}

/* The count comes with the next line that reaches the console, or with log_console_tick(). */
static void keep_off(long long now)
{
	if (kept_off++ == 0)
		kept_off_report_ms = now + KEPT_OFF_REPORT_MS;
}

/* Like sb_log_line(), at the info level, without "init: ": "<app>: <text>". */
void log_app_line(const char *app, char sep, const char *text, size_t len)
{
	char line[3 + APP_NAME_MAX + 2 + MESSAGE_MAX + 1];
	size_t n = fmt_len(app, APP_NAME_MAX);
	long long now, spent;

	memcpy(line, "<6>", 3);
	memcpy(line + 3, app, n);
	n += 3;
	line[n++] = sep;
	line[n++] = ' ';
	if (len > MESSAGE_MAX)
		len = MESSAGE_MAX;
	memcpy(line + n, text, len);
	n += len;
	line[n++] = '\n';
	now = clock_ms();
	if (!rate_left(&console_time, now)) {
		/* Into the kernel's log still, as a debug record: the kernel does not print it
		 * on the console (unless booted with loglevel=8, and then it is not written). */
		line[1] = '0' + SB_LOG_DEBUG;
		if (app_kmsg_fd >= 0 && SB_LOG_DEBUG >= sinks.console_loglevel)
			(void)!write(app_kmsg_fd, line, n);
		keep_off(now);
	} else {
		/* /dev/kmsg takes one record per write. */
		if (app_kmsg_fd >= 0)
			(void)!write(app_kmsg_fd, line, n);
		if ((app_kmsg_fd < 0 || SB_LOG_INFO >= sinks.console_loglevel) &&
		    sb_console_write(sinks.console_fd, line + 3, n - 3) < 0)
			keep_off(now); /* a stopped console: in the ring, and in kmsg as info */
		else if (kept_off > 0)
			report_kept_off(now);
	}
	/* Where the kernel prints a kmsg record on the console, it does so within the write:
	 * its time counts too, a debug copy's as well (printed after all when the level was
	 * raised since the boot: dmesg -n 8). */
	spent = clock_ms() - now;
	rate_pay(&console_time, now + spent, (unsigned long long)spent);
}

void log_raw(int level, const char *const *parts, size_t n)
{
	struct sb_log log = sinks;

	/* As in log_emit(): an error must not be lost to the kmsg rate limit (a fault of PID 1
	 * after a burst of boot lines was). openat(2) is async-signal-safe. */
	if (level <= SB_LOG_ERR)
		log_sinks_fresh(&log);
	sb_log_line(&log, level, parts, n);
	log_sinks_close(&log);
}
