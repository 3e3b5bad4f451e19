/* cgroup_file.c: a cgroup control file takes its value in one write; a short write is an
 * error, not a retry. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_file.h"
#include "fmt.h"

enum { BUSY_WAIT_MS = 100 };

int cg_write_at(int dirfd, const char *file, const char *value)
{
	size_t len = strlen(value);
	int fd = openat(dirfd, file, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, value, len);
	if (n != (ssize_t)len) {
		int err = n < 0 ? errno : EIO;
		close(fd);
		errno = err;
		return -1;
	}
	return close(fd);
}

void cg_setting_add(struct cg_setting *out, size_t *n, int where, const char *file,
		    const char *fmt, ...)
{
	va_list ap;

	out[*n].where = where;
	out[*n].file = file;
	va_start(ap, fmt);
	fmt_vbuf(out[*n].value, sizeof(out[*n].value), fmt, ap);
	va_end(ap);
	(*n)++;
}

/* Made straight away: a leaf left by an earlier run is the exception (PID 1 removes each
 * run's leaf, ward-run its own), and an rmdir first would cost every start a failed lookup
 * per hierarchy. Made again when there is one: a fresh leaf's counters start at zero, no
 * setting of the earlier run carries over, and some 6.1 stable kernels kill every child cloned
 * into a leaf that once had cgroup.kill written. */
int cg_make_fresh(const char *path, const char **verb)
{
	*verb = "make";
	if (mkdir(path, 0755) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	*verb = "remove its last run's";
	/* Its processes, killed as the run ended, leave it only as they exit, some milliseconds
	 * later: a start right after (a restart, no backoff) waits for them, BUSY_WAIT_MS at
	 * most, rather than fail and count as a crash. One stuck on a disk keeps it. */
	for (int ms = 0; rmdir(path) < 0; ms++) {
		if (errno != EBUSY || ms == BUSY_WAIT_MS)
			return -1;
		poll(NULL, 0, 1);
	}
	*verb = "make";
	return mkdir(path, 0755);
}

/* errno as it was: fmt_buf leaves it alone. */
int cg_step_failed(char *buf, size_t len, const char *verb, const char *path)
{
	fmt_buf(buf, len, "%s %s", verb, path);
	return -1;
}

int cg_write_failed(char *buf, size_t len, const char *value, const char *file)
{
	fmt_buf(buf, len, "write \"%s\" to %s", value, file);
	return -1;
}
