/* cgroup.h: each app's cgroup v2 leaf under /sys/fs/cgroup/ward. */
#ifndef WARD_CGROUP_H
#define WARD_CGROUP_H

#include <stdbool.h>

#include "sandbox.h"

/* Enables the controllers ward uses and creates the ward/ subtree. Returns 0 or -1 with
 * errno; `what` names the step that failed. */
int cg_setup_root(const char **what);
/* Creates the app's leaf afresh (removing an empty one left by the last run) and writes its
 * limits. Returns an O_DIRECTORY fd for CLONE_INTO_CGROUP, or -1 with errno and `what`
 * naming what failed. */
int cg_create(const struct sb_spec *spec, const char **what);
/* Kills every process in the leaf at once (cgroup.kill). */
int cg_kill(int cgroup_fd);
/* cgroup.freeze: stops (or resumes) every process of the leaf at once. */
int cg_freeze(int cgroup_fd, bool frozen);
/* How many processes the OOM killer ended in the leaf (memory.events), or -1. */
long cg_oom_kills(int cgroup_fd);
/* Removes the leaf once it is empty. */
int cg_remove(const struct sb_spec *spec);

#endif
