/* cgroup.h: each app's cgroup leaf: v2 under /sys/fs/cgroup/ward, or ward/<app> in each v1
 * hierarchy where the kernel (or ward.cgroup=v1) says so. A leaf is named by the app's spec
 * and a handle: a directory fd of the v2 leaf (of the v1 freezer leaf). */
#ifndef WARD_CGROUP_H
#define WARD_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "sandbox.h"

/* Where PID 1 mounts cgroup2 (the v1 hierarchies beneath it), and the subtree of the apps. */
#define CG_ROOT "/sys/fs/cgroup"
#define CG_WARD CG_ROOT "/ward"

/* v2 controllers enabled only for the apps that set their limits (cpu, memory and pids
 * always): what cg_controllers_of() gives, OR'd over the apps. */
enum { CG_CPUSET = 1 << 0, CG_IO = 1 << 1 };
unsigned int cg_controllers_of(const struct sb_limits *l);
/* Enables the controllers ward uses (v2: with the `optional` ones) or mounts the hierarchies
 * (v1: a leaf is made only where it holds something), and creates the ward/ subtree. Returns
 * 0 or -1 with errno; `what` names the step that failed. */
int cg_setup_root(bool v1, unsigned int optional, const char **what);
/* The same choice without the setup, for a process that finds it done (ward-run). */
void cg_select(bool v1);
/* v1: there is no CLONE_INTO_CGROUP; the child joins its leaves itself (cg_join). */
bool cg_needs_join(void);
/* Creates the app's leaf afresh (removing an empty one left by the last run) and writes its
 * limits. Returns an O_DIRECTORY fd for CLONE_INTO_CGROUP, or -1 with errno and `what`
 * naming what failed. */
int cg_create(const struct sb_spec *spec, const char **what);
/* The fd to clone into (CLONE_INTO_CGROUP), or -1 under v1: then the child joins its leaves
 * itself (cg_join) before it does anything else. */
int cg_clone_fd(int cgroup);
/* v1 has no CLONE_INTO_CGROUP. Moving another process takes the write side of the kernel's
 * threadgroup lock, which waits for an RCU grace period: milliseconds per spawn. A thread
 * moving itself ("0" written to `tasks`) skips that lock: some 25 us. So the parent opens the
 * leaves' `tasks` files (the kernel checks the opener's credentials, so the child needs no
 * privilege of its own) and the single-threaded child writes "0" to each.
 * cg_join_open returns how many fds it opened into `fds` (0 under v2), or -1 with errno. */
#define CG_JOIN_MAX 6
int cg_join_open(const struct sb_spec *spec, int fds[CG_JOIN_MAX]);
/* In the child: joins the leaves, then closes the fds. 0, or -1 with errno. */
int cg_join(const int *fds, int n);
void cg_join_close(const int *fds, int n);
/* Kills every process in the leaf at once (cgroup.kill; v1: frozen, then killed). */
int cg_kill(const struct sb_spec *spec, int cgroup);
/* Stops (or resumes) every process of the leaf at once. */
int cg_freeze(const struct sb_spec *spec, int cgroup, bool frozen);
/* How many processes the OOM killer ended in the leaf (memory.events), or -1. */
long cg_oom_kills(const struct sb_spec *spec, int cgroup);
/* An fd that poll() wakes on when the leaf's OOM count may have changed, with the events of
 * cg_events_poll(): v2, the leaf's memory.events (POLLPRI); v1, an eventfd on its
 * memory.oom_control (POLLIN). -1 when there is none. cg_events_oom_kills() reads the count,
 * and re-arms the fd. */
int cg_events_fd(const struct sb_spec *spec, int cgroup);
short cg_events_poll(void);
long cg_events_oom_kills(const struct sb_spec *spec, int events_fd);
/* Removes the leaf once it is empty. */
int cg_remove(const struct sb_spec *spec);

#endif
