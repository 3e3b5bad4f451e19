/* test_log.c: where PID 1 writes an app's line (init/log.c): to /dev/kmsg, and to the console
 * itself only where the kernel does not echo the line there. Booted with ignore_loglevel, the
 * kernel echoes every level whatever /proc/sys/kernel/printk says: a line PID 1 also wrote to
 * the console was printed twice, its console time doubled. As root, in fresh mount and pid
 * namespaces, with files bound over /dev/console, /dev/kmsg and the two printk settings. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"

#include "in_namespaces.h"

static bool ignore_loglevel; /* on the kernel command line */

bool cmdline_has(const char *word)
{
	return ignore_loglevel && !strcmp(word, "ignore_loglevel");
}

/* A file at /run/NAME holding text, bound over path. */
static int bind_file(const char *name, const char *text, const char *path)
{
	char file[64] = "/run/";
	int fd;

	strcat(file, name);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd) < 0)
		return -1;
	return mount(file, path, NULL, MS_BIND, NULL);
}

static off_t size_of(const char *file)
{
	struct stat st;

	return stat(file, &st) < 0 ? -1 : st.st_size;
}

/* One app line with the console's level at 4 (the kernel echoes levels 0-3): 0 when it went
 * to kmsg, and to the console unless ignore_loglevel (arg) has the kernel echo it. */
static int app_line(const void *arg)
{
	ignore_loglevel = *(const bool *)arg;
	if (mount("run", "/run", "tmpfs", 0, NULL) < 0 ||
	    bind_file("console", "", "/dev/console") < 0 || bind_file("kmsg", "", "/dev/kmsg") < 0 ||
	    bind_file("printk", "4\t4\t1\t7\n", "/proc/sys/kernel/printk") < 0 ||
	    bind_file("devkmsg", "on\n", "/proc/sys/kernel/printk_devkmsg") < 0)
		return NS_SETUP_FAILED;
	log_open(false);
	log_console_share(0);
	log_app_line("app", ':', "hello", 5);
	if (size_of("/run/kmsg") != (off_t)strlen("<6>app: hello\n"))
		return 10;
	return size_of("/run/console") == (ignore_loglevel ? 0 : (off_t)strlen("app: hello\n")) ?
		       0 : 11;
}

int main(void)
{
	static const bool on = true, off = false;
	static const struct ns_check echoed = { app_line, &on }, not_echoed = { app_line, &off };
	const struct CMUnitTest tests[] = {
		ROOT_CHECK("ignore_loglevel: the kernel echoes an app's line, PID 1 does not write it "
			   "to the console too", &echoed),
		ROOT_CHECK("level 4: PID 1 writes an app's line to the console itself", &not_echoed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
