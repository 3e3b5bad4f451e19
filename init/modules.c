/* modules.c: loads the kernel modules of CONFIG_WARD_MODULES, in order, from the image's
 * /lib/modules/<name>.ko (uncompressed: the image build decompresses them), with the
 * parameters the kernel command line gives them (NAME.PARAM=VALUE). */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup_file.h"
#include "config.h"
#include "fmt.h"
#include "log.h"
#include "modules.h"
#include "read_text.h"
#include "watchdog.h"

/* A .config written before the option existed (make olddefconfig adds it). */
#ifndef CONFIG_WARD_MODULES
#define CONFIG_WARD_MODULES ""
#endif
#ifndef CONFIG_WARD_MODULES_LOCK
#define CONFIG_WARD_MODULES_LOCK 0
#endif

/* The image build leaves <name>.builtin where the board's kernel has the module built in. */
static bool builtin(const char *ko_path)
{
	char marker[104];

	fmt_buf(marker, sizeof(marker), "%.*s.builtin", (int)(strlen(ko_path) - 3), ko_path);
	return access(marker, F_OK) == 0;
}

/* Whether the n bytes at a and b name one module: the kernel takes '-' and '_' alike. */
static bool same_name(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((a[i] == '-' ? '_' : a[i]) != (b[i] == '-' ? '_' : b[i]))
			return false;
	return true;
}

/* The kernel command line's NAME.PARAM=VALUE words for the module `name` (n bytes), as
 * "PARAM=VALUE ..." in out: modprobe passes them at the load, the kernel applies them only
 * to what is built in. A word ends at a space outside quotes (dyndbg="func f +p"), as the
 * kernel splits its command line. A word longer than out has room for is left out. */
static void params_of(const char *line, const char *name, size_t n, char *out, size_t len)
{
	size_t used = 0;

	while (*line) {
		size_t w = 0;
		bool quoted = false;

		line += fmt_span(line, " \t\n", true);
		for (; line[w] && (quoted || !fmt_chr(" \t\n", line[w])); w++)
			quoted ^= line[w] == '"';
		if (w > n + 1 && line[n] == '.' && same_name(line, name, n) && used + w - n <= len) {
			memcpy(out + used, line + n + 1, w - n - 1);
			used += w - n - 1;
			out[used++] = ' ';
		}
		line += w;
	}
	out[used - (used > 0)] = '\0';
}

/* WARD_MODULES_LOCK: Kconfig says why. Until the next boot, so it comes once all are in.
 * modules_disabled stops loads, not the kernel's running modprobe (as root, outside every
 * app's cgroup) for each socket family or netlink protocol an app asks for: an empty
 * kernel.modprobe ends those requests before any process starts. */
static void lock(void)
{
	/* Both, whichever fails: one alone still closes its door. */
	bool failed = cg_write_at(AT_FDCWD, "/proc/sys/kernel/modules_disabled", "1") < 0;

	failed |= cg_write_at(AT_FDCWD, "/proc/sys/kernel/modprobe", "\n") < 0;
	if (failed)
		log_error(NULL, "lock", "module loading (kernel.modprobe, modules_disabled)");
	else
		log_info(NULL, "module loading locked until the next boot");
}

void modules_load(void)
{
	static const char names[] = CONFIG_WARD_MODULES;
	const char *s = names;
	char line[4096]; /* the kernel command line, or "" */

	sb_read_text("/proc/cmdline", line, sizeof(line));
	for (;;) {
		char path[96], params[1024];
		size_t n;
		int fd;

		s += fmt_span(s, " \t", true);
		n = fmt_span(s, " \t", false);
		if (n == 0)
			break;
		fmt_buf(path, sizeof(path), "/lib/modules/%.*s.ko", (int)n, s);
		params_of(line, s, n, params, sizeof(params));
		s += n;
		fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT && builtin(path)) {
			log_info(NULL, "%s: built into the kernel", path);
			continue;
		}
		/* musl has the number but no wrapper; no flags. */
		if (fd < 0 || (syscall(SYS_finit_module, fd, params, 0) < 0 && errno != EEXIST))
			log_error(NULL, "load", path);
		else
			log_info(NULL, "loaded %s%s%s", path, params[0] ? " " : "", params);
		if (fd >= 0)
			close(fd);
		/* Opened before the modules (main.c), the watchdog counts each one's load: a
		 * driver that loads firmware takes seconds, all of them may take more than a
		 * timeout, and a hung one is still reset. */
		watchdog_feed_now();
	}
	if (CONFIG_WARD_MODULES_LOCK)
		lock();
}
