/* test_cmdline.c: the ward.* values PID 1 takes from the kernel command line (init/cmdline.c).
 * A value longer than its buffer was cut short and used: ward.only=...,netd started an app
 * named net, and ward.bootcount=00...03junk counted 3. Now it is refused and logged by its
 * key. A ward.* word inside another parameter's quoted value is none. As root, in fresh
 * mount and pid namespaces, a file bound over /proc/cmdline. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmdline.h"
#include "log.h"

#include "in_namespaces.h"

static char logged[256]; /* the last line log_info was given */

void log_info(const char *app, const char *fmt, ...)
{
	va_list ap;

	(void)app;
	va_start(ap, fmt);
	vsnprintf(logged, sizeof(logged), fmt, ap);
	va_end(ap);
}

static int set_cmdline(const char *text)
{
	int fd;

	if (mount("run", "/run", "tmpfs", 0, NULL) < 0)
		return -1;
	fd = open("/run/cmdline", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd) < 0)
		return -1;
	return mount("/run/cmdline", "/proc/cmdline", NULL, MS_BIND, NULL);
}

/* A value that fits is copied whole; a key that only ends a word is not it. */
static int value_fits(const void *arg)
{
	char buf[16];
	const char *v;

	(void)arg;
	if (set_cmdline("console=ttyS0 xward.only=no ward.only=a,b quiet\n") < 0)
		return NS_SETUP_FAILED;
	v = cmdline_value("ward.only", buf, sizeof(buf));
	if (!v || strcmp(v, "a,b") != 0 || logged[0])
		return 1;
	return cmdline_value("ward.disable", buf, sizeof(buf)) ? 2 : 0;
}

/* One byte over its buffer: refused, and the log names the key. Exactly full fits. */
static int value_too_long(const void *arg)
{
	char buf[8];
	const char *v;

	(void)arg;
	if (set_cmdline("ward.only=abc,netd ward.bootcount=0000003\n") < 0)
		return NS_SETUP_FAILED;
	if (cmdline_value("ward.only", buf, sizeof(buf)) != NULL)
		return 1;
	if (!strstr(logged, "ward.only") || !strstr(logged, "ignored"))
		return 2;
	v = cmdline_value("ward.bootcount", buf, sizeof(buf));
	return v && strcmp(v, "0000003") == 0 ? 0 : 3;
}

/* What quotes hold is one parameter's value, as the kernel parses its command line: a
 * ward.* word inside it (a bootloader's variable put in quotes, say) is not a parameter of
 * its own. It was: a rescue shell, an app list of someone else's. One after the quotes is. */
static int quoted_words(const void *arg)
{
	char buf[16];

	(void)arg;
	if (set_cmdline("foo=\"a ward.rescue ward.only=evil b\" quiet\n") < 0)
		return NS_SETUP_FAILED;
	if (cmdline_has("ward.rescue") || cmdline_value("ward.only", buf, sizeof(buf)))
		return 1;
	if (umount("/proc/cmdline") < 0 ||
	    set_cmdline("foo=\"a b\" ward.rescue ward.only=c\n") < 0)
		return NS_SETUP_FAILED;
	if (!cmdline_has("ward.rescue") || !cmdline_value("ward.only", buf, sizeof(buf)))
		return 2;
	return strcmp(buf, "c") == 0 ? 0 : 3;
}

int main(void)
{
	static const struct ns_check fits = { value_fits, NULL };
	static const struct ns_check too_long = { value_too_long, NULL };
	static const struct ns_check quoted = { quoted_words, NULL };
	const struct CMUnitTest tests[] = {
		ROOT_CHECK("a value that fits its buffer is copied whole", &fits),
		ROOT_CHECK("a value longer than its buffer is refused and logged, not cut", &too_long),
		ROOT_CHECK("a ward.* word inside a quoted value is not a parameter", &quoted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
