/* spawn.h: start one app in its sandbox. */
#ifndef WARD_SPAWN_H
#define WARD_SPAWN_H

#include <sys/types.h>

#include "report.h"
#include "sandbox.h"

/* The parent's ends of what an app writes to: its stdout/stderr, and the write end of its
 * readiness pipe, put at spec->notify_fd (-1 when the spec has none). */
struct sb_io {
	int out_fd;
	int notify_fd;
};

/* Clones a child into the spec's namespaces and into cgroup_fd's cgroup (when >= 0); the
 * child's stdout/stderr go to io->out_fd and a failed setup step is reported to `log`.
 * Returns the child's pid, or -1 with errno. The caller must have blocked asynchronous
 * signals. */
pid_t sb_spawn(const struct sb_spec *spec, int cgroup_fd, const struct sb_io *io,
	       const struct sb_log *log);
/* The setup step behind a sandbox exit code, or NULL when the code is the app's own. */
const char *sb_exit_step(int code);

#endif
