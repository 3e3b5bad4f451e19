/* spawn.h: start one app in its sandbox. */
#ifndef WARD_SPAWN_H
#define WARD_SPAWN_H

#include <sys/types.h>

#include "report.h"
#include "sandbox.h"

/* The parent's ends of what an app writes to: its stdout/stderr, and the write end of its
 * readiness pipe, put at spec->notify_fd (-1 when the spec has none). why_fd (-1: none) is
 * the write end of a pipe that tells an exit code's meaning, which the app cannot reach: a
 * failed setup step writes its code there before it exits with it, and the reaper 128+N for
 * an app that signal N ended. A code nothing was written for is the app's own. */
struct sb_io {
	int out_fd;
	int notify_fd;
	int why_fd;
};

/* Clones a child into the spec's namespaces and, unless `cgroup` is NULL, into a fresh
 * cgroup leaf with the spec's limits (cg_create), whose handle it stores in *cgroup (-1 when
 * none was made). Under v2 the leaf is made first and the child cloned into it; under v1,
 * while the child builds its root. The child's stdout/stderr go to io->out_fd; a failed
 * setup step in the child is reported to `log`, and so is every failure here.
 * Returns the child's pid, or -1 with errno when no sandbox was started: no leaf (v2: before
 * the clone; v1: the child is killed before it ran the app, and reaped here, or later by the
 * caller when it does not end within 100 ms: stuck on a disk). A failure of
 * the id maps, the veth pair or the handoff of the leaf kills the child, which the caller
 * reaps as usual. *cgroup may be a leaf, or part of one, whatever the result: the caller
 * removes it. The caller must have blocked asynchronous signals. */
pid_t sb_spawn(const struct sb_spec *spec, int *cgroup, const struct sb_io *io,
	       const struct sb_log *log);

#endif
