/* watchdog.c: opens the hardware watchdog at boot (or as it comes, within a minute) and feeds
 * it from the poll loop while every critical app is healthy. When feeding stops, the hardware
 * resets the board: that is the point, and nothing in PID 1 can stop it short of the magic
 * close of an orderly shutdown. */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "svc.h"
#include "syscalls.h"
#include "watchdog.h"

/* A .config written before the options existed (make olddefconfig adds them). */
#ifndef CONFIG_WARD_WATCHDOG
#define CONFIG_WARD_WATCHDOG 0
#define CONFIG_WARD_WATCHDOG_DEVICE "/dev/watchdog"
#define CONFIG_WARD_WATCHDOG_TIMEOUT_S 30
#endif

/* From <linux/watchdog.h> (the UAPI, stable), which the musl toolchains do not ship. */
#define WDIOC_KEEPALIVE _IOR('W', 5, int)
#define WDIOC_SETTIMEOUT _IOWR('W', 6, int)
#define WDIOC_GETTIMEOUT _IOR('W', 7, int)
#define WDIOC_SETOPTIONS _IOR('W', 4, int)
#define WDIOS_DISABLECARD 0x0001

/* Feed four times per timeout: a feed may come late by three quarters of the timeout (a
 * loaded or emulated board) before the hardware resets a healthy system. */
enum { FEEDS_PER_TIMEOUT = 4, DEBUG_EVERY_FEEDS = 20 };
/* A device not there at boot is looked for once a second for a minute: its driver's probe may
 * wait for a clock, a regulator, an I2C bus or a module PID 1 has just loaded, and the kernel
 * runs it again later (deferred probe). Without the look, such a board ran unwatched. */
enum { LOOK_EVERY_MS = 1000, LOOK_FOR_MS = 60000 };

static int fd = -1;
static long long interval_ms, due_ms;
static bool starving;	/* feeding stopped because the system is not healthy */
static unsigned long feeds;
/* Feeds until the next debug line: counted down, not feeds % DEBUG_EVERY_FEEDS, which on armhf
 * was the init's only 32-bit division and linked libgcc's (some 600 bytes). */
static unsigned int debug_in;
static long long look_until; /* looked for until then (while not open), or 0 */

/* Opens the device and sets its timeout, once looked for and found. */
static void arm(long long now)
{
	int timeout = CONFIG_WARD_WATCHDOG_TIMEOUT_S;

	fd = openat(AT_FDCWD, CONFIG_WARD_WATCHDOG_DEVICE, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		due_ms = now + LOOK_EVERY_MS;
		if (due_ms <= look_until)
			return;
	} else {
		/* The driver rounds to what its hardware can count: what it set is what
		 * counts. */
		if (sb_ioctl(fd, WDIOC_SETTIMEOUT, &timeout) < 0) {
			log_error(NULL, "set the timeout of", CONFIG_WARD_WATCHDOG_DEVICE);
			if (sb_ioctl(fd, WDIOC_GETTIMEOUT, &timeout) < 0 || timeout <= 0)
				timeout = CONFIG_WARD_WATCHDOG_TIMEOUT_S;
		}
		interval_ms = timeout * 1000LL / FEEDS_PER_TIMEOUT;
		due_ms = now; /* the open started it: fed again at once */
		log_info(NULL, "watchdog %s armed: timeout %d s, fed every %lld ms while healthy",
			 CONFIG_WARD_WATCHDOG_DEVICE, timeout, interval_ms);
	}
	look_until = 0; /* found, or the board runs unwatched */
	if (fd < 0)
		log_error(NULL, "open", CONFIG_WARD_WATCHDOG_DEVICE);
	svc_watchdog_armed(fd >= 0);
}

/* Called before the modules load and again after: a built-in driver's watchdog is armed
 * before a module's init can hang (the kernel feeds one the bootloader started until it is
 * opened), a driver that is one of the modules right after them. */
void watchdog_open(void)
{
	long long now = clock_ms();

	if (!CONFIG_WARD_WATCHDOG || fd >= 0)
		return;
	look_until = now + LOOK_FOR_MS;
	arm(now);
}

long long watchdog_tick(long long now, bool healthy)
{
	if (fd < 0 && look_until && now >= due_ms)
		arm(now);
	if (fd < 0)
		return look_until ? due_ms : -1;
	if (!healthy) {
		if (!starving)
			log_info(NULL, "watchdog: not fed any more: a critical app is not healthy");
		starving = true;
		return now + interval_ms; /* looked at again, in case health comes back */
	}
	if (starving)
		log_info(NULL, "watchdog: healthy again, fed again");
	starving = false;
	if (now < due_ms)
		return due_ms;
	if (sb_ioctl(fd, WDIOC_KEEPALIVE, NULL) < 0)
		log_error(NULL, "feed", CONFIG_WARD_WATCHDOG_DEVICE);
	feeds++;
	if (debug_in-- == 0) {
		debug_in = DEBUG_EVERY_FEEDS - 1;
		log_debug(NULL, "watchdog: fed %lu times", feeds);
	}
	due_ms = now + interval_ms;
	return due_ms;
}

void watchdog_close(void)
{
	look_until = 0; /* not opened (and started) after the shutdown stopped looking */
	if (fd < 0)
		return;
	/* Stopped outright: the magic close below stops it only when it is the last close,
	 * and a child stuck on a disk (the sync of a shutdown) may hold a copy of the fd. A
	 * driver without the call has the magic close alone. */
	sb_ioctl(fd, WDIOC_SETOPTIONS, &(int){ WDIOS_DISABLECARD });
	/* 'V' tells a driver with WDIOF_MAGICCLOSE that this close is meant: it stops the
	 * timer. Any other close leaves it running ("watchdog did not stop!"). */
	if (write(fd, "V", 1) != 1)
		log_error(NULL, "stop", CONFIG_WARD_WATCHDOG_DEVICE);
	close(fd);
	fd = -1;
	log_debug(NULL, "watchdog: stopped (magic close)");
}

void watchdog_feed_now(void)
{
	sb_ioctl(fd, WDIOC_KEEPALIVE, NULL); /* EBADF when not open */
}

long long watchdog_slack_ms(long long now)
{
	/* Last fed at due_ms - interval_ms; it resets the board four intervals after that. Half
	 * its timeout at most, as a feed may be due just after. */
	long long left = due_ms + 2 * interval_ms - now;

	if (left > 2 * interval_ms)
		left = 2 * interval_ms;
	return fd < 0 ? -1 : left > 0 ? left : 0;
}
