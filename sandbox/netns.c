/* netns.c: the app's network namespace, made beside its root. Making one is the dearest part
 * of a spawn (some 0.6 ms of a workstation's 3: the kernel sets up every protocol's state for
 * it), and clone3 made it before the child could start on its root. Where there is a CPU to
 * spare, a helper makes it instead while the child builds its root, and the child joins it
 * before it mounts sysfs (which shows the namespace it is mounted in) and before anything of
 * the app's runs.
 *
 * The parent forks the helper, not the child: the helper takes no pid in the app's pid
 * namespace (the app stays pid 2 there), and the namespace is charged to the parent's cgroup,
 * as clone3 charged it. The helper enters the child's user namespace first, so that the
 * namespace belongs to it, as clone3 would have it, and brings lo up there (off the child's
 * path as well). With one CPU there is nothing to overlap, and a veth pair needs the
 * namespace before the go-ahead: clone3 makes it then, as before. */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fdpass.h"
#include "netns.h"
#include "steps.h"
#include "syscalls.h"

#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C /* linux/sockios.h: the net namespace of a socket, as an fd */
#endif

bool sb_netns_beside(const struct sb_spec *spec)
{
	unsigned char mask[128]; /* 1,024 CPUs */
	long len;
	int cpus = 0;

	if (!(spec->namespaces & CLONE_NEWNET) || spec->net == SB_NET_VETH)
		return false;
	/* The CPUs this process may run on: a spawn under taskset(1) takes the path of one. */
	len = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
	for (long i = 0; i < len && cpus < 2; i++)
		for (unsigned int bits = mask[i]; bits; bits &= bits - 1)
			cpus++;
	return cpus > 1;
}

pid_t sb_netns_start(const struct sb_spec *spec, int pidfd, int sock)
{
	pid_t pid = sb_fork();
	int s, ns;

	if (pid != 0)
		return pid;
	/* The helper: its exit status is 0 or the errno of what failed. */
	if ((pidfd >= 0 && setns(pidfd, CLONE_NEWUSER) < 0) || unshare(CLONE_NEWNET) < 0 ||
	    (spec->net != SB_NET_NONE && sb_loopback_up() < 0) ||
	    (s = sb_socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0 ||
	    (ns = sb_ioctl(s, SIOCGSKNS, NULL)) < 0 || sb_fds_send(sock, &ns, 1) < 0)
		_exit(errno ? errno : EIO);
	_exit(0);
}

/* The helper's work is a few system calls, but each may wait on a lock the whole system shares
 * (rtnl, the namespaces' own), and a stopped helper never ends: PID 1 waits this long at most,
 * as for a child it killed (spawn.c), and the helper is left to its reaper. */
enum { HELPER_WAIT_MS = 1000 };

int sb_netns_wait(pid_t helper)
{
	int status, pidfd = (int)syscall(SYS_pidfd_open, helper, 0);
	int ready = pidfd < 0 || poll(&(struct pollfd){ pidfd, POLLIN, 0 }, 1, HELPER_WAIT_MS) > 0;

	if (pidfd >= 0)
		close(pidfd);
	if (!ready) {
		kill(helper, SIGKILL);
		errno = ETIMEDOUT;
		return -1;
	}
	while (waitpid(helper, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	errno = WIFEXITED(status) ? WEXITSTATUS(status) : ECHILD;
	return -1;
}

int sb_netns_join(int sock)
{
	int fds[SB_FDPASS_MAX];
	int n = sb_fds_recv(sock, fds), ret;

	if (n < 0)
		return -1;
	/* setns refuses an fd that is not a net namespace's (EINVAL): fail closed. */
	ret = n == 1 ? setns(fds[0], CLONE_NEWNET) : (errno = EPROTO, -1);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	return ret;
}
