/* cgroup_file.c: a cgroup control file takes its value in one write; a short write is an
 * error, not a retry. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "cgroup_file.h"
#include "fmt.h"

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

int cg_write_failed(char *buf, size_t len, const char *value, const char *file)
{
	int err = errno;

	fmt_buf(buf, len, "write \"%s\" to %s", value, file);
	errno = err;
	return -1;
}
