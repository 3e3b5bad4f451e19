/* shutdown.c: SIGTERM to every app, a grace period from Kconfig, SIGKILL of whole cgroups,
 * then sync, unmount and reboot(2). Bounded: each phase has a deadline, none waits forever. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "config.h"
#include "fmt.h"
#include "log.h"
#include "shutdown.h"
#include "svc.h"
#include "syscalls.h"
#include "watchdog.h"

enum phase { PHASE_NONE, PHASE_TERM, PHASE_KILL, PHASE_DONE };
/* After SIGKILL, the kernel needs a moment to tear processes down before unmounting. */
enum { KILL_WAIT_MS = 1000, OTHERS_WAIT_MS = 500, MOUNTS_BUF = 8192, MOUNTS_MAX = 64 };

static const struct {
	const char *name;
	int cmd;
} kinds[] = {
	[SHUTDOWN_NONE] = { "none", 0 },
	[SHUTDOWN_REBOOT] = { "reboot", RB_AUTOBOOT },
	[SHUTDOWN_HALT] = { "halt", RB_HALT_SYSTEM },
	[SHUTDOWN_POWEROFF] = { "poweroff", RB_POWER_OFF },
};

static enum shutdown_kind kind;
static enum phase phase;
static long long deadline;
static bool test_mode;
static bool others_asked;

void shutdown_init(bool test)
{
	test_mode = test;
}

void shutdown_begin(enum shutdown_kind k, long long now)
{
	if (phase != PHASE_NONE)
		return;
	kind = k;
	phase = PHASE_TERM;
	deadline = now + CONFIG_WARD_SHUTDOWN_GRACE_MS;
	log_info(NULL, "%s: stopping apps (grace %d ms)", kinds[k].name,
		 CONFIG_WARD_SHUTDOWN_GRACE_MS);
	svc_stop_all(now);
}

/* Detaches every mount but / in reverse order, so data reaches the disks and nothing is
 * left busy; / itself goes read-only. */
static void unmount_all(void)
{
	static char buf[MOUNTS_BUF];
	char *targets[MOUNTS_MAX];
	int n = 0, fd = openat(AT_FDCWD, "/proc/self/mounts", O_RDONLY | O_CLOEXEC);
	ssize_t len = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (len <= 0)
		return;
	buf[len] = '\0';
	for (char *line = buf; line && *line && n < MOUNTS_MAX;) {
		char *next = fmt_chr(line, '\n');
		char *target = fmt_chr(line, ' ');

		if (next)
			*next++ = '\0';
		if (target) {
			char *end = fmt_chr(++target, ' ');
			if (end)
				*end = '\0';
			if (strcmp(target, "/") != 0)
				targets[n++] = target;
		}
		line = next;
	}
	while (n-- > 0)
		umount2(targets[n], MNT_DETACH);
	mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL);
}

static void finish(void)
{
	pid_t pid;

	phase = PHASE_DONE;
	log_info(NULL, "%s", kinds[kind].name);
	sync();
	if (test_mode)
		_exit(0);
	unmount_all();
	sync();
	/* The loop fed the watchdog through every phase so far, and a sync or unmount that
	 * hangs leaves it unfed: the hardware resets the board. Only reboot(2) is left, which
	 * must not be cut short by a reset (nor a halt turned into one): stop it now. */
	watchdog_close();
	/* reboot(2) may end the calling process (poweroff without a power-off driver), and
	 * PID 1 must not exit: the call is made from a child. */
	pid = sb_fork();
	if (pid > 0)
		return;
	reboot(kinds[kind].cmd);
	log_error(NULL, "reboot", kinds[kind].name, errno);
	if (pid == 0)
		_exit(1);
}

bool shutdown_active(void)
{
	return phase != PHASE_NONE;
}

long long shutdown_tick(long long now)
{
	switch (phase) {
	case PHASE_NONE:
	case PHASE_DONE:
		return -1;
	case PHASE_TERM:
		if (svc_running() > 0 && now < deadline)
			return deadline;
		/* Processes outside the apps (reparented orphans, shells) are asked once the
		 * apps are down (a SIGTERM to all would stop apps out of their order), and get
		 * what is left of the grace period, up to OTHERS_WAIT_MS. */
		if (!others_asked && !test_mode) {
			others_asked = true;
			kill(-1, SIGTERM);
			if (deadline - now > OTHERS_WAIT_MS)
				deadline = now + OTHERS_WAIT_MS;
			if (now < deadline)
				return deadline;
		}
		svc_kill_all();
		if (!test_mode)
			kill(-1, SIGKILL);
		phase = PHASE_KILL;
		deadline = now + KILL_WAIT_MS;
		/* fall through */
	case PHASE_KILL:
		if (svc_running() > 0 && now < deadline)
			return deadline;
		finish();
		return -1;
	}
	return -1;
}
