/* root.h: building an app's own root file system. */
#ifndef WARD_ROOT_H
#define WARD_ROOT_H

#include <stdbool.h>
#include <sys/types.h>

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
/* Whether the sandbox of `pid` (its child, PID 1 of its pid namespace) has put its own /proc
 * in place, as its pivot_root does (or, without a root of its own, its mount of /proc): until
 * then its mount namespace is a copy of the system's tree, which a process joining it would
 * see (wardctl enter waits). True when the spec makes no /proc of its own; false when it
 * cannot tell. Asked from the system's mount namespace. */
bool sb_root_ready(const struct sb_spec *spec, pid_t pid);

#endif
