/* exit_text.c: a sandbox's exit status in words, for PID 1's log and ward-run alike. Exit
 * codes alone cannot say whose they are: an app may exit 98 or 137 itself. The byte its
 * sandbox wrote where the app cannot (struct sb_io's why_fd) says when a code is the
 * sandbox's. */
#include <sys/wait.h>
#include <unistd.h>

#include "exit_text.h"
#include "fmt.h"
#include "sandbox.h"

/* What each setup step does, indexed by its exit code. */
static const char *const step_names[SB_EXIT_LAST - SB_EXIT_FIRST + 1] = {
	[SB_EXIT_MOUNT_PRIVATE - SB_EXIT_FIRST] = "make the mount tree private",
	[SB_EXIT_MOUNT_PROC - SB_EXIT_FIRST] = "mount /proc",
	[SB_EXIT_HOSTNAME - SB_EXIT_FIRST] = "set the hostname",
	[SB_EXIT_LOOPBACK - SB_EXIT_FIRST] = "bring up lo",
	[SB_EXIT_FORK_APP - SB_EXIT_FIRST] = "fork the app",
	[SB_EXIT_STDIO - SB_EXIT_FIRST] = "wire stdio",
	[SB_EXIT_SIGNALS - SB_EXIT_FIRST] = "reset signals",
	[SB_EXIT_SESSION - SB_EXIT_FIRST] = "start a session",
	[SB_EXIT_SECCOMP - SB_EXIT_FIRST] = "install the seccomp filter",
	[SB_EXIT_USERNS - SB_EXIT_FIRST] = "wait for the parent (id maps, veth)",
	[SB_EXIT_ROOT - SB_EXIT_FIRST] = "build the root",
	[SB_EXIT_TIMENS - SB_EXIT_FIRST] = "enter a time namespace",
	[SB_EXIT_RLIMITS - SB_EXIT_FIRST] = "set rlimits",
	[SB_EXIT_IDENTITY - SB_EXIT_FIRST] = "set the identity",
	[SB_EXIT_NO_NEW_PRIVS - SB_EXIT_FIRST] = "set no_new_privs",
	[SB_EXIT_VETH - SB_EXIT_FIRST] = "set up eth0",
	[SB_EXIT_ENTER - SB_EXIT_FIRST] = "join the app's namespaces",
	[SB_EXIT_CGROUP - SB_EXIT_FIRST] = "join the app's cgroup",
	[SB_EXIT_NETNS - SB_EXIT_FIRST] = "join its network namespace",
};

const char *sb_exit_step(int code)
{
	if (code < SB_EXIT_FIRST || code > SB_EXIT_LAST)
		return NULL;
	return step_names[code - SB_EXIT_FIRST];
}

void sb_describe_exit(char *buf, size_t len, int status, int why)
{
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	const char *step = code == why ? sb_exit_step(code) : NULL;

	if (WIFSIGNALED(status))
		fmt_buf(buf, len, "killed by signal %d", WTERMSIG(status));
	else if (code == why && code > SB_EXIT_SIGNAL_BASE)
		fmt_buf(buf, len, "killed by signal %d", code - SB_EXIT_SIGNAL_BASE);
	else if (step)
		fmt_buf(buf, len, "exited with code %d (sandbox setup failed: %s)", code, step);
	else
		fmt_buf(buf, len, "exited with code %d", code);
}

int sb_exit_why(int fd)
{
	unsigned char bytes[2];
	ssize_t n = read(fd, bytes, sizeof(bytes)); /* -1 (EBADF) without one */

	/* Two when the app's child wrote its step's code and was killed before its _exit: the
	 * reaper's, written last, is the one its status shows. */
	return n > 0 ? bytes[n - 1] : -1;
}
