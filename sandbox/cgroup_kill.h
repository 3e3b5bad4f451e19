/* cgroup_kill.h: every process of a leaf killed, on kernels without cgroup.kill. */
#ifndef WARD_CGROUP_KILL_H
#define WARD_CGROUP_KILL_H

/* SIGKILL to every process that `procs` (a cgroup.procs, relative to dirfd or AT_FDCWD)
 * lists; when it listed any, the leaf frozen (`freeze` given `frozen`) so that nothing forks
 * meanwhile, the same again from a fresh read, then thawed (`thawed`). 0, or -1 with errno
 * when the list cannot be opened. */
int cg_kill_listed(int dirfd, const char *procs, const char *freeze, const char *frozen,
		   const char *thawed);

#endif
