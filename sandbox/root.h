/* root.h: building an app's own root file system. */
#ifndef WARD_ROOT_H
#define WARD_ROOT_H

#include "sandbox.h"

/* Where the child mounts the tmpfs of its new root, in its private mount namespace. PID 1
 * creates it (sb_root_prepare) so that a child in a user namespace need not. */
#define SB_ROOT_DIR "/run/ward/root"

int sb_root_prepare(void);
/* Creates the spec's persistent data directories, owned by the app's ids. */
int sb_root_prepare_data(const struct sb_spec *spec, const char **what);
/* Assembles the root and pivots into it. Returns 0, or -1 with errno and *what naming the
 * operation and path that failed. Needs a mount namespace. */
int sb_root_build(const struct sb_spec *spec, const char **what);

#endif
