/* enter.h: `wardctl enter`: a command run inside a running app's sandbox. */
#ifndef WARD_ENTER_H
#define WARD_ENTER_H

#include <sys/types.h>

#include "sandbox.h"

/* Starts argv (NULL or empty: /bin/sh) in the namespaces of `target` (the app's sandbox
 * init), in its cgroup (`cgroup`: the leaf's fd) and under the app's restrictions, on the 3
 * fds of the message at the head of `conn`, the client's connection, which the entering
 * process reads itself (it fails with SB_EXIT_STDIO on any other number of fds). Returns
 * the pid of the entering process, which PID 1 reaps: its exit status is the command's (128+N
 * for signal N), or a sandbox exit code naming the step that failed. */
pid_t enter_spawn(const struct sb_spec *spec, pid_t target, int cgroup, int conn,
		  const char *const *argv);

#endif
