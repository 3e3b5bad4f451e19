/* root.h: building an app's own root file system. */
#ifndef WARD_ROOT_H
#define WARD_ROOT_H

#include <stdbool.h>

#include "sandbox.h"

struct sb_statx;

/* Where the child mounts the tmpfs of its new root, in its private mount namespace. PID 1
 * creates it (sb_root_prepare) so that a child in a user namespace need not. */
#define SB_ROOT_DIR "/run/ward/root"

int sb_root_prepare(void);
/* Creates the spec's persistent data directories, owned by the app's ids. */
int sb_root_prepare_data(const struct sb_spec *spec, const char **what);
/* The root is made in two steps, so that the app's net namespace can be made meanwhile
 * (netns.c). Assembles it beneath SB_ROOT_DIR, all but its sysfs: returns its fd, or -1 with
 * errno and *what naming the operation and path that failed. Needs a mount namespace. */
int sb_root_build(const struct sb_spec *spec, const char **what);
/* Then, in the app's net namespace: mounts its sysfs, pivots into the root and makes it
 * read-only. Closes root; 0, or -1 as above. */
int sb_root_enter(const struct sb_spec *spec, int root, const char **what);
/* Whether the /proc this process sees is not the system's, whose statx it took before it
 * joined a sandbox's mount namespace: the sandbox's own, once its root is in place (or,
 * without a root of its own, its /proc mounted). Until then that namespace shows a copy of
 * the system's tree (wardctl enter waits). False when it cannot tell. */
bool sb_proc_is_own(const struct sb_statx *system);

#endif
