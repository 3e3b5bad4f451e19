/* health.c: once every critical app is ready, the board has booted well: a configured hook
 * (say, marking the A/B slot good) runs, exactly once per boot, outside the sandboxes. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "config.h"
#include "exit_text.h"
#include "health.h"
#include "log.h"
#include "sandbox.h"
#include "syscalls.h"

static bool reached, hook_started, fork_failed;
static pid_t hook_pid;

void health_reached(const char *why)
{
	static char *const argv[] = { (char *)CONFIG_WARD_BOOT_OK_HOOK, NULL };
	static char *const envp[] = { (char *)SB_PATH_DEFAULT, NULL };
	pid_t pid;

	if (!reached)
		log_info(NULL, "boot healthy: %s", why);
	reached = true;
	if (hook_started || !CONFIG_WARD_BOOT_OK_HOOK[0])
		return;
	pid = sb_fork();
	/* Out of processes or memory (an app without a pids limit can fill the system's):
	 * tried again on the next call, logged once. Not run, the hook would leave the slot
	 * unmarked, and the boot loader would take the image back at the next reboot. */
	if (pid < 0) {
		if (!fork_failed)
			log_error(NULL, "start", "the boot-health hook (tried again)");
		fork_failed = true;
		return;
	}
	if (pid == 0) {
		/* PID 1 ignores no signal and its fault handlers end at execve: the mask is
		 * what is left to clear. */
		sb_sigunblock_all();
		setsid();
		execve(argv[0], argv, envp);
		_exit(127);
	}
	hook_pid = pid;
	hook_started = true;
	log_info(NULL, "boot-health hook %s started as pid %d", CONFIG_WARD_BOOT_OK_HOOK, (int)pid);
}

bool health_exited(pid_t pid, int status)
{
	char how[32];

	if (hook_pid == 0 || pid != hook_pid)
		return false;
	hook_pid = 0;
	/* No sandbox: "exited with code N" or "killed by signal N", as an app's end reads. */
	sb_describe_exit(how, sizeof(how), status, -1);
	log_info(NULL, "boot-health hook %s", how);
	return true;
}
