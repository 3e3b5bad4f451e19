/* spawn.h: start one app in its sandbox. */
#ifndef WARD_SPAWN_H
#define WARD_SPAWN_H

#include <sys/types.h>

#include "report.h"
#include "sandbox.h"

/* Clones a child into the spec's namespaces and into cgroup_fd's cgroup (when >= 0); the
 * child's stdout/stderr go to out_fd and a failed setup step is reported to `log`. Returns
 * the child's pid, or -1 with errno. The caller must have blocked asynchronous signals. */
pid_t sb_spawn(const struct sb_spec *spec, int cgroup_fd, int out_fd, const struct sb_log *log);
/* The setup step behind a sandbox exit code, or NULL when the code is the app's own. */
const char *sb_exit_step(int code);

#endif
