/* read_text.c: a small file of the kernel's read whole as a string, the one read of it: /proc
 * and /sys files give what they hold at once. */
#include <fcntl.h>
#include <unistd.h>

#include "read_text.h"

ssize_t sb_read_text(const char *path, char *buf, size_t len)
{
	return sb_read_text_at(AT_FDCWD, path, buf, len);
}

ssize_t sb_read_text_at(int dirfd, const char *path, char *buf, size_t len)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, len - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}
