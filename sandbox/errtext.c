/* errtext.c: strerror, for the errors that system calls of an init and a sandbox setup give.
 * musl's strerror holds a text for every errno, some 2.2 KB of a 64 KiB budget; these are the
 * ones ward can meet (files, mounts, namespaces, cgroups, sockets, exec), in a table half its
 * size. Any other shows as "errno N", which names it as exactly. */
#include <errno.h>

#include "errtext.h"
#include "fmt.h"

static const unsigned char codes[] = {
	EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG, ENOEXEC, EBADF, ECHILD, EAGAIN, ENOMEM,
	EACCES, EFAULT, EBUSY, EEXIST, EXDEV, ENODEV, ENOTDIR, EISDIR, EINVAL, ENFILE, EMFILE,
	ENOTTY, ETXTBSY, EFBIG, ENOSPC, ESPIPE, EROFS, EMLINK, EPIPE, ERANGE, ENAMETOOLONG,
	ENOSYS, ENOTEMPTY, ELOOP, EOVERFLOW, ENOTSOCK, EMSGSIZE, EPROTONOSUPPORT, EOPNOTSUPP,
	EAFNOSUPPORT, EADDRINUSE, EADDRNOTAVAIL, ENETDOWN, ENOBUFS, ECONNREFUSED, ETIMEDOUT,
	EALREADY, ESTALE, EDQUOT,
};

/* The texts, in the order of codes, each ended by its NUL. */
static const char texts[] =
	"Operation not permitted\0No such file or directory\0No such process\0"
	"Interrupted system call\0I/O error\0No such device or address\0Argument list too long\0"
	"Exec format error\0Bad file descriptor\0No child process\0"
	"Resource temporarily unavailable\0Out of memory\0Permission denied\0Bad address\0"
	"Resource busy\0File exists\0Cross-device link\0No such device\0Not a directory\0"
	"Is a directory\0Invalid argument\0Too many open files in system\0"
	"No file descriptors available\0Not a tty\0Text file busy\0File too large\0"
	"No space left on device\0Invalid seek\0Read-only file system\0Too many links\0"
	"Broken pipe\0Result not representable\0Filename too long\0Function not implemented\0"
	"Directory not empty\0Symbolic link loop\0Value too large for data type\0Not a socket\0"
	"Message too large\0Protocol not supported\0Not supported\0"
	"Address family not supported by protocol\0Address in use\0Address not available\0"
	"Network is down\0No buffer space available\0Connection refused\0Operation timed out\0"
	"Operation already in progress\0Stale file handle\0Quota exceeded";

const char *sb_errtext(int err)
{
	static char unknown[20]; /* "errno -2147483648" */
	const char *t = texts;

	for (size_t i = 0; i < sizeof(codes); i++, t += fmt_span(t, "", false) + 1)
		if (codes[i] == err)
			return t;
	fmt_buf(unknown, sizeof(unknown), "errno %d", err);
	return unknown;
}
