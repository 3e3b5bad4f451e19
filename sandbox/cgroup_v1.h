/* cgroup_v1.h: per-app leaves in the cgroup v1 hierarchies (see cgroup.h for v2). */
#ifndef WARD_CGROUP_V1_H
#define WARD_CGROUP_V1_H

#include <stdbool.h>
#include <sys/types.h>

#include "sandbox.h"

int cg1_setup(const char **what);
/* Returns an fd of the app's freezer leaf, or -1 with errno and `what`. */
int cg1_create(const struct sb_spec *spec, const char **what);
/* Opens the `tasks` file of the app's leaf in every hierarchy (cg_join_open). */
#define CG1_HIERARCHIES 6
int cg1_join_open(const struct sb_spec *spec, int fds[CG1_HIERARCHIES]);
int cg1_freeze(const struct sb_spec *spec, bool frozen);
int cg1_kill(const struct sb_spec *spec);
long cg1_oom_kills(const struct sb_spec *spec);
/* An eventfd signalled when the leaf runs out of memory, or -1. */
int cg1_oom_eventfd(const struct sb_spec *spec);
int cg1_remove(const struct sb_spec *spec);
/* ward/ in every hierarchy (for ward-run, which finds PID 1's setup or makes its own). */
bool cg1_have_parents(void);
void cg1_remove_parents(void);

#endif
