/* path.h: resolving paths beneath an app's root, safe against the app's symlinks. */
#ifndef WARD_PATH_H
#define WARD_PATH_H

/* Opens `path` beneath the directory `root`: ".." and absolute paths stay inside it, and no
 * symlink is followed at all (ELOOP). O_CLOEXEC is added. */
int sb_path_open(int root, const char *path, int flags);
/* mkdir -p of `path` beneath `root`, the last component an empty file when `file` is set;
 * existing components are reused, symlinks refused. Returns an fd of the last component
 * (O_PATH, or read-only for a file it created), or -1 with errno. */
int sb_path_make(int root, const char *path, int file);

#endif
