/* app.h: the constant table of apps that wardgen generates from .config at build time. */
#ifndef WARD_APP_H
#define WARD_APP_H

#include <stdbool.h>

#include "sandbox.h"

enum app_restart {
	APP_RESTART_ALWAYS,
	APP_RESTART_ON_FAILURE,
	APP_RESTART_NEVER,
};

/* What PID 1 does when an app crash-loops: one rung per crash loop, the last one stays. */
enum app_rung {
	APP_RUNG_RETRY,	   /* keep restarting it, with backoff */
	APP_RUNG_STOP,	   /* leave it down, marked failed */
	APP_RUNG_FALLBACK, /* leave it down, marked failed, and start its fallback app */
	APP_RUNG_REBOOT,   /* reboot the board (within the reboot throttle) */
};

enum { APP_LADDER_MAX = 4 };

struct app_spec {
	struct sb_spec sb;
	const unsigned short *depends; /* indexes of the apps that must be ready first */
	enum app_restart restart;
	unsigned int heartbeat_ms; /* with sb.notify_fd: the longest silence before it is hung */
	unsigned int timeout_ms;   /* to become ready (oneshot: to finish); 0: no limit */
	unsigned int crash_window_ms;
	unsigned short crash_limit; /* failures within crash_window_ms that make a crash loop */
	short fallback; /* index of the app started by APP_RUNG_FALLBACK, or -1 */
	unsigned short ndepends;   /* entries at depends */
	unsigned char ladder[APP_LADDER_MAX];
	unsigned char nladder;
	bool critical; /* the board is of no use without it: it cannot fail and stay down */
	bool oneshot;  /* runs to completion; ready once it has exited 0 */
	bool autostart; /* started at boot; else only on demand (a fallback, wardctl start) */
};

/* app_table[0 .. WARD_APP_COUNT-1] are the enabled apps; one zeroed sentinel follows. */
extern const struct app_spec app_table[];

#endif
