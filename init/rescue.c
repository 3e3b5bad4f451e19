/* rescue.c: a root shell for a human at the serial console, as a child of PID 1 in the
 * system's namespaces, with the console as its controlling terminal (job control, Ctrl-C).
 * With ward.rescue no app starts and the shell is started again after it exits, so that an
 * accidental exit does not lose the board; reboot or poweroff (BusyBox) end the session.
 * Everything between fork and execve is async-signal-safe: the fault handler uses it too. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "fmt.h"
#include "log.h"
#include "read_text.h"
#include "syscalls.h"
#include "rescue.h"
#include "shutdown.h"

/* A .config written before the options existed (make olddefconfig adds them). */
#ifndef CONFIG_WARD_RESCUE_SHELL
#define CONFIG_WARD_RESCUE_SHELL "/bin/sh"
#endif

/* A shell that cannot start (or exits at once) is tried again at this pace, not in a loop. */
enum { RESPAWN_MS = 1000 };

extern char **environ;

/* /dev/console cannot become a controlling terminal: the device behind it can. */
static char tty[64] = "/dev/console";
static bool active;
static pid_t shell;
static long long due_ms = -1;

void rescue_init(void)
{
	char buf[128], *name;

	if (sb_read_text("/sys/class/tty/console/active", buf, sizeof(buf)) <= 0)
		return;
	name = buf + fmt_span(buf, "\n", false);
	*name = '\0';
	/* The last console listed is the one /dev/console writes to. (No strrchr: 108 bytes
	 * of musl's on aarch64, for this.) */
	while (name > buf && name[-1] != ' ')
		name--;
	/* A name too long for any tty is no tty: keep /dev/console. */
	if (*name && strlen(name) < sizeof(tty) - 5)
		fmt_buf(tty, sizeof(tty), "/dev/%.58s", name);
}

void stdio_onto(int fd)
{
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/* In the child: a session of its own, the console as controlling terminal on 0-2, no
 * blocked signal (PID 1 blocks them all, and execve keeps the mask). */
static _Noreturn void exec_shell(void)
{
	static const char *const argv[] = { "sh", NULL };
	int fd;

	sb_sigunblock_all();
	setsid();
	fd = openat(AT_FDCWD, tty, O_RDWR | O_NOCTTY);
	if (fd < 0)
		fd = openat(AT_FDCWD, "/dev/console", O_RDWR | O_NOCTTY);
	if (fd >= 0) {
		sb_ioctl(fd, TIOCSCTTY, (void *)1);
		stdio_onto(fd);
	}
	execve(CONFIG_WARD_RESCUE_SHELL, (char *const *)argv, environ);
	_exit(127);
}

static pid_t spawn(void)
{
	pid_t pid = sb_fork();

	if (pid == 0)
		exec_shell();
	return pid;
}

static void start(long long now)
{
	due_ms = -1;
	shell = spawn();
	if (shell < 0) {
		log_error(NULL, "start", "the rescue shell");
		due_ms = now + RESPAWN_MS;
		return;
	}
	log_info(NULL, "rescue: %s started as pid %d on %s", CONFIG_WARD_RESCUE_SHELL,
		 (int)shell, tty);
}

void rescue_start(long long now)
{
	active = true;
	log_info(NULL, "rescue: ward.rescue: no app starts");
	start(now);
}

bool rescue_exited(pid_t pid, int status, long long now)
{
	if (!active || pid != shell)
		return false;
	shell = 0;
	if (shutdown_active()) {
		log_info(NULL, "rescue: the shell ended (status 0x%x)", (unsigned int)status);
		return true;
	}
	log_info(NULL, "rescue: the shell ended (status 0x%x): started again in %d ms",
		 (unsigned int)status, RESPAWN_MS);
	due_ms = now + RESPAWN_MS;
	return true;
}

long long rescue_tick(long long now)
{
	if (due_ms < 0 || shutdown_active())
		return -1;
	if (now >= due_ms)
		start(now);
	return due_ms;
}

void rescue_after_fault(void)
{
	static const char *const started[] = { "rescue: a shell on the console; exit it to reboot" };
	pid_t pid = spawn(), gone;
	int status;

	if (pid < 0)
		return;
	log_raw(SB_LOG_ERR, started, 1);
	/* PID 1's only duty left: reaping, orphans included, until the shell is done. */
	do
		gone = waitpid(-1, &status, 0);
	while (gone != pid && !(gone < 0 && errno == ECHILD));
}
