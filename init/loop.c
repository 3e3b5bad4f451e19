/* loop.c: the only place PID 1 sleeps. Signals arrive as data through a signalfd; every
 * wakeup, timeouts included, reaps until nothing is left, then runs the deadlines. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cgroup.h"
#include "clock.h"
#include "config.h"
#include "control.h"
#include "fatal.h"
#include "log.h"
#include "loop.h"
#include "output.h"
#include "reap.h"
#include "rescue.h"
#include "shutdown.h"
#include "svc.h"
#include "syscalls.h"
#include "watchdog.h"

/* Even with nothing due, wake up now and then: a missed event costs at most this. */
enum { IDLE_WAKEUP_MS = 5000 };

/* Fault signals stay unblocked: blocking them would hide PID 1's own crashes. Their mask is
 * a constant (FATAL_SIGNALS has seven: another count fails to compile here). */
#define SIG_BITS_(a, b, c, d, e, f, g) \
	(SB_SIG(a) | SB_SIG(b) | SB_SIG(c) | SB_SIG(d) | SB_SIG(e) | SB_SIG(f) | SB_SIG(g))
#define SIG_BITS(list) SIG_BITS_(list)

/* BusyBox's halt, poweroff and reboot send these to PID 1. Indexed by signal, as far as the
 * highest of them; an enum shutdown_kind a byte. */
static const unsigned char on_signal[] = {
	[SIGTERM] = SHUTDOWN_REBOOT,
	[SIGINT] = SHUTDOWN_REBOOT, /* Ctrl-Alt-Del, once the kernel passes it to us */
	[SIGUSR1] = SHUTDOWN_HALT,
	[SIGUSR2] = SHUTDOWN_POWEROFF,
};

int loop_signals(void)
{
	sb_sigset_t set = SB_SIG_ALL & ~SIG_BITS(FATAL_SIGNALS);

	sb_sigprocmask(SIG_SETMASK, &set);
	return sb_signalfd(&set, SFD_NONBLOCK | SFD_CLOEXEC);
}

static void read_signals(int sigfd, long long now)
{
	struct signalfd_siginfo si;

	while (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo < sizeof(on_signal) && on_signal[si.ssi_signo] != SHUTDOWN_NONE)
			shutdown_begin((enum shutdown_kind)on_signal[si.ssi_signo], now);
		/* SIGCHLD needs nothing here: every wakeup reaps. */
	}
}

static int timeout_until(long long deadline, long long now)
{
	if (deadline < 0 || deadline - now > IDLE_WAKEUP_MS)
		return IDLE_WAKEUP_MS;
	return deadline > now ? (int)(deadline - now) : 0;
}

static long long earliest(long long a, long long b)
{
	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

/* The watchdog is fed while the critical apps are healthy; in a shutdown (bounded, and PID 1
 * is driving it) and in a rescue session (no app runs) regardless. Not once reboot(2) is
 * called: where it was left open (a reboot after disks that did not sync), a kernel
 * shutdown that hangs gets the board reset. */
static long long feed_watchdog(long long now, bool rescue)
{
	return watchdog_tick(now, !shutdown_done() &&
					  (rescue || shutdown_active() || svc_healthy(now)));
}

_Noreturn void loop_run(int sigfd, bool rescue)
{
	/* The signalfd, each app's output pipe, each app's OOM events (memory.events, or a v1
	 * eventfd) and readiness pipe (negative: ignored), wardctl's socket and connections. */
	struct pollfd fds[1 + 3 * WARD_APP_COUNT + CONTROL_NFDS];
	struct pollfd *events = fds + 1 + WARD_APP_COUNT;
	struct pollfd *notify = events + WARD_APP_COUNT;
	struct pollfd *control = notify + WARD_APP_COUNT;
	/* Due at once: the apps start, and the watchdog is fed, before the first sleep. */
	long long deadline = 0;

	fds[0] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
	for (;;) {
		long long now = clock_ms();

		/* A run's leaf, and so its OOM events, is new with every start; an app's output
		 * is not read while it is over its byte rate. */
		for (unsigned int i = 0; i < WARD_APP_COUNT; i++) {
			fds[i + 1] = (struct pollfd){ .fd = svc_output_fd(i, now), .events = POLLIN };
			events[i] = (struct pollfd){ .fd = svc_events_fd(i), .events = cg_events_poll() };
			notify[i] = (struct pollfd){ .fd = svc_notify_fd(i, now), .events = POLLIN };
		}
		control_pollfds(control);
		if (poll(fds, sizeof(fds) / sizeof(fds[0]), timeout_until(deadline, now)) < 0 &&
		    errno != EINTR)
			log_error(NULL, "poll", "events");
		now = clock_ms();
		if (fds[0].revents & POLLIN)
			read_signals(sigfd, now);
		for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
			if (fds[i + 1].revents & (POLLIN | POLLHUP))
				svc_output(i);
		for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
			if (events[i].revents & (POLLPRI | POLLIN | POLLERR))
				svc_events(i, now);
		for (unsigned int i = 0; i < WARD_APP_COUNT; i++)
			if (notify[i].revents & (POLLIN | POLLHUP))
				svc_notify(i, now);
		/* Read again: the lines above may have waited on a slow console, and a restart's
		 * delay counts from the exit (one read before it shortened the delay as much). */
		now = clock_ms();
		reap_all(now);
		/* After the reaping: a start asked for in the wakeup of the app's end found it
		 * still up, and was lost. */
		control_events(control, now);
		deadline = earliest(svc_tick(now), shutdown_tick(now));
		deadline = earliest(deadline, earliest(rescue_tick(now), feed_watchdog(now, rescue)));
		deadline = earliest(deadline, control_tick(now));
		deadline = earliest(deadline, log_console_tick(now));
		deadline = earliest(deadline, output_due_ms(now));
	}
}
