/* path.c: path resolution beneath an app's root with openat2(RESOLVE_IN_ROOT |
 * RESOLVE_NO_SYMLINKS): a symlink an app left in a directory it can write (a persistent data
 * directory, say) cannot send a mount or a mkdir of the next run outside its root. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path.h"
#include "syscalls.h"

int sb_path_open(int root, const char *path, int flags)
{
	struct sb_open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};

	return sb_openat2(root, path, &how);
}

/* Creates the last component of `part` (cut at its last '/') in its parent. */
static int make_one(int root, char *part, int file)
{
	char *slash = strrchr(part, '/');
	int parent, fd;

	*slash = '\0';
	parent = sb_path_open(root, part[0] ? part : "/", O_PATH | O_DIRECTORY);
	*slash = '/';
	if (parent < 0)
		return -1;
	if (file)
		fd = openat(parent, slash + 1, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
	else
		fd = mkdirat(parent, slash + 1, 0755);
	close(parent);
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	if (file)
		close(fd);
	return 0;
}

int sb_path_make(int root, const char *path, int file)
{
	char part[256];
	size_t len = strlen(path);

	if (path[0] != '/' || len >= sizeof(part))
		return errno = EINVAL, -1;
	memcpy(part, path, len + 1);
	for (size_t i = 1; i <= len; i++) {
		int fd, last = i == len;

		if (part[i] != '/' && !last)
			continue;
		part[i] = '\0';
		fd = sb_path_open(root, part, O_PATH);
		if (fd >= 0)
			close(fd);
		else if (errno != ENOENT || make_one(root, part, last && file) < 0)
			return -1;
		if (!last)
			part[i] = '/';
	}
	return 0;
}
