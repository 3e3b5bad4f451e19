/* shutdown.c: SIGTERM to every app, a grace period from Kconfig, SIGKILL of whole cgroups,
 * then sync and unmount (in a child) and reboot(2). Bounded: each phase has a deadline, none
 * waits forever. */
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

enum phase { PHASE_NONE, PHASE_TERM, PHASE_KILL, PHASE_SYNC, PHASE_DONE };
/* After SIGKILL, the kernel needs a moment to tear processes down before unmounting. */
enum { KILL_WAIT_MS = 1000, OTHERS_WAIT_MS = 500, MOUNTS_BUF = 8192, MOUNT_PASSES = 8 };
/* reboot(2) refused (EPERM: no CAP_SYS_BOOT, a seccomp filter) is asked again at this pace:
 * PID 1 never sits in a shutdown that cannot end, silent. */
enum { REBOOT_RETRY_MS = 10000 };

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
static pid_t syncer; /* the child that syncs and unmounts, until it is reaped */

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

/* /proc/self/mounts writes a space, tab, newline or backslash of a path as \ooo (a backslash
 * too: each one there starts three octal digits). */
static void unescape(char *s)
{
	for (char *d = s; (*d = *s) != '\0'; d++, s++)
		if (*s == '\\' && s[1] && s[2] && s[3]) {
			*d = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		}
}

/* Detaches each mount but / that the list from its start shows, as far as the buffer holds
 * whole lines (a cut one could name a shorter path); whether any went. */
static bool detach_listed(int fd)
{
	static char buf[MOUNTS_BUF];
	size_t len = 0;
	ssize_t got;
	bool detached = false;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return false;
	while (len < sizeof(buf) - 1 && (got = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)got;
	buf[len] = '\0';
	for (char *line = buf, *next; (next = fmt_chr(line, '\n')); line = next + 1) {
		char *target = fmt_chr(line, ' '), *end;

		*next = '\0';
		if (!target || !(end = fmt_chr(++target, ' ')))
			continue;
		*end = '\0';
		unescape(target);
		if (strcmp(target, "/") != 0 && umount2(target, MNT_DETACH) == 0)
			detached = true;
	}
	return detached;
}

/* Detaches every mount but /, so data reaches the disks and nothing is left busy; / itself
 * goes read-only. A detached mount takes those beneath it along, whatever the order. A list
 * longer than the buffer (some 80 mounts) takes more passes, read through the fd opened
 * first: /proc goes in the first. */
static void unmount_all(void)
{
	int fd = openat(AT_FDCWD, "/proc/self/mounts", O_RDONLY | O_CLOEXEC);

	for (int pass = 0; fd >= 0 && pass < MOUNT_PASSES && detach_listed(fd); pass++)
		;
	if (fd >= 0)
		close(fd);
	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0)
		log_error(NULL, "remount", "/ read-only");
}

/* The disks' part: sync, unmount, sync. A disk that stops answering (a dead SD card, a
 * suspended device-mapper device) blocks sync(2) for good, in a state no signal ends: done
 * by PID 1 itself, it would hang the shutdown, and without a watchdog the board, forever. So
 * a child does it, and PID 1 waits for it up to WARD_SHUTDOWN_SYNC_MS, still feeding the
 * watchdog. Without a child (fork failed), PID 1 does it itself: the old, unbounded way. */
static void sync_disks(void)
{
	sync();
	if (!test_mode)
		unmount_all();
	sync();
}

static void start_sync(long long now)
{
	phase = PHASE_SYNC;
	deadline = now + CONFIG_WARD_SHUTDOWN_SYNC_MS;
	log_info(NULL, "%s", kinds[kind].name);
	syncer = sb_fork();
	if (syncer == 0) {
		sync_disks();
		_exit(0);
	}
	if (syncer < 0) {
		syncer = 0;
		sync_disks();
	}
}

static void finish(long long now)
{
	pid_t pid;

	if (syncer > 0 && phase != PHASE_DONE) /* said once, not at each retry */
		log_info(NULL, "%s: disks not synced in %d ms: going on",
			 kinds[kind].name, CONFIG_WARD_SHUTDOWN_SYNC_MS);
	phase = PHASE_DONE;
	deadline = now + REBOOT_RETRY_MS;
	if (test_mode)
		_exit(0);
	/* reboot(2) must not be cut short by a reset (nor a halt turned into one): the
	 * watchdog stops now. Except for a reboot after disks that did not sync: the kernel's
	 * own shutdown may hang on them too, and a reset is what was asked for anyway. */
	if (kind != SHUTDOWN_REBOOT || syncer == 0)
		watchdog_close();
	/* reboot(2) may end the calling process (poweroff without a power-off driver), and
	 * PID 1 must not exit: the call is made from a child. */
	pid = sb_fork();
	if (pid > 0)
		return;
	reboot(kinds[kind].cmd);
	log_error(NULL, "reboot", kinds[kind].name);
	if (pid == 0)
		_exit(1);
}

bool shutdown_exited(pid_t pid)
{
	if (pid <= 0 || pid != syncer)
		return false;
	syncer = 0;
	return true;
}

bool shutdown_active(void)
{
	return phase != PHASE_NONE;
}

bool shutdown_done(void)
{
	return phase == PHASE_DONE;
}

long long shutdown_tick(long long now)
{
	switch (phase) {
	case PHASE_NONE:
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
		}
		/* Every wakeup meanwhile (an orphan that ended) comes back here. */
		if (others_asked && now < deadline)
			return deadline;
		svc_kill_all();
		if (!test_mode)
			kill(-1, SIGKILL);
		phase = PHASE_KILL;
		deadline = now + KILL_WAIT_MS;
		/* fall through */
	case PHASE_KILL:
		if (svc_running() > 0 && now < deadline)
			return deadline;
		start_sync(now);
		/* fall through */
	case PHASE_SYNC:
	case PHASE_DONE:
		if ((phase == PHASE_DONE || syncer > 0) && now < deadline)
			return deadline;
		finish(now);
		return deadline;
	}
	return -1;
}
