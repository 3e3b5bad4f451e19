/* path.c: path resolution beneath an app's root with openat2(RESOLVE_IN_ROOT |
 * RESOLVE_NO_SYMLINKS): a symlink an app left in a directory it can write (a persistent data
 * directory, say) cannot send a mount or a mkdir of the next run outside its root. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "path.h"
#include "syscalls.h"

enum { NO_LINKS = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };

static int open_how(int dir, const char *path, int flags, uint64_t resolve)
{
	struct sb_open_how how = { .flags = (uint64_t)(flags | O_CLOEXEC), .resolve = resolve };

	return sb_openat2(dir, path, &how);
}

int sb_path_open(int root, const char *path, int flags)
{
	return open_how(root, path, flags, RESOLVE_IN_ROOT | NO_LINKS);
}

/* One name in the directory `dir`: no symlink, no ".." out of it. */
static int open_name(int dir, const char *name)
{
	return open_how(dir, name, O_PATH, RESOLVE_BENEATH | NO_LINKS);
}

/* Creates `name` in `dir` and opens it: an empty file, or a directory. */
static int create_name(int dir, const char *name, int file)
{
	if (file) {
		int fd = openat(dir, name, O_CREAT | O_EXCL | O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0600);

		return fd >= 0 || errno != EEXIST ? fd : open_name(dir, name);
	}
	if (mkdirat(dir, name, 0755) < 0 && errno != EEXIST)
		return -1;
	return open_name(dir, name);
}

/* One component at a time, each opened in the one before: a walk that costs one openat2 a
 * component (and a mkdir where one is missing), not one a prefix. */
int sb_path_make(int root, const char *path, int file)
{
	char name[256];
	const char *p = path;
	int dir = root, missing = 0;

	if (path[0] != '/')
		return errno = EINVAL, -1;
	while (*p == '/')
		p++;
	if (!*p)
		return sb_path_open(root, "/", O_PATH);
	while (*p) {
		size_t len = fmt_span(p, "/", false);
		int fd = -1;

		if (len >= sizeof(name)) {
			errno = ENAMETOOLONG;
		} else {
			memcpy(name, p, len);
			name[len] = '\0';
			p += len;
			while (*p == '/')
				p++;
			/* Below a missing directory, everything is missing. */
			fd = missing ? -1 : open_name(dir, name);
			if (missing || (fd < 0 && errno == ENOENT)) {
				missing = 1;
				fd = create_name(dir, name, !*p && file);
			}
		}
		if (dir != root)
			close(dir); /* errno kept (syscalls.h) */
		if (fd < 0)
			return -1;
		dir = fd;
	}
	return dir;
}
