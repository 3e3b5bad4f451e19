/* cgroup_kill.c: what is left in a leaf after a run, killed without cgroup.kill (Linux 5.14):
 * v1 hierarchies, and v2 kernels before it (5.10 LTS). A process in the leaf may fork while
 * the list is read: the leaf is frozen for a second pass (v1's freezer, v2's cgroup.freeze).
 * An empty leaf (the usual case: the app's reaper has exited, and its pid namespace with it)
 * needs no freezing: nothing in it can fork, and nothing joins it but a child of ours. */
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "cgroup_file.h"
#include "cgroup_kill.h"

/* Signals every pid listed in the open cgroup.procs `fd` (read from its start); returns how
 * many it found. A read may end inside a line (seq_file fills the caller's buffer to the
 * byte), so a pid is taken at its newline, its digits gathered across reads: each read taken
 * alone, "12" and "34\n" would be two pids, and PID 1 would kill someone else's process. */
static int kill_listed(int fd)
{
	char buf[4096];
	ssize_t n;
	off_t at = 0;
	long pid = 0; /* the digits of the line so far; -1: not a pid (pid_max is at most 2^22) */
	int found = 0;

	while ((n = pread(fd, buf, sizeof(buf), at)) > 0) {
		at += n;
		for (ssize_t i = 0; i < n; i++) {
			char c = buf[i];

			if (c == '\n') {
				if (pid > 0) {
					kill((pid_t)pid, SIGKILL);
					found++;
				}
				pid = 0;
			} else if (c >= '0' && c <= '9' && pid >= 0 && pid < 1L << 24) {
				pid = pid * 10 + (c - '0');
			} else {
				pid = -1;
			}
		}
	}
	return found;
}

int cg_kill_listed(int dirfd, const char *procs, const char *freeze, const char *frozen,
		   const char *thawed)
{
	int fd = openat(dirfd, procs, O_RDONLY | O_CLOEXEC), on;

	if (fd < 0)
		return -1;
	if (kill_listed(fd) == 0) {
		close(fd);
		return 0;
	}
	on = cg_write_at(dirfd, freeze, frozen) == 0;
	/* v1 keeps the list an open cgroup.procs gave its first read: read from a fresh open,
	 * it has what forked before the freeze too (the same fd missed those, and the thaw then
	 * let them run on). */
	close(fd);
	fd = openat(dirfd, procs, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		kill_listed(fd);
		close(fd);
	}
	if (on)
		cg_write_at(dirfd, freeze, thawed);
	return 0;
}
