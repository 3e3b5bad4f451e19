/* restart.h: the restart policy as pure arithmetic, so it can be unit-tested on the host. */
#ifndef WARD_RESTART_H
#define WARD_RESTART_H

#include <stdbool.h>

#include "app.h"

struct backoff {
	unsigned int min_ms;   /* first delay */
	unsigned int max_ms;   /* cap */
	unsigned int reset_ms; /* a run at least this long counts as stable */
};

/* Delay before the next start, given the previous delay (0 before the first failure) and how
 * long the last run lasted. */
unsigned int restart_delay(const struct backoff *b, unsigned int prev_ms, long long ran_ms);

/* Whether a run ended in failure: a non-zero exit, a signal, or an OOM kill in its cgroup. */
bool restart_failed(int status, long oom_kills);
/* Whether an app whose run ended (`failed` or not) is started again under `policy`. */
bool restart_wanted(enum app_restart policy, bool failed);

/* Failures counted over a window that opens with the first of them. */
struct crash_window {
	long long start_ms;
	unsigned int count;
};
/* Records a failure at `now`; true when it makes `limit` failures within `window_ms` (a
 * crash loop), and the count starts over. limit 0: never a crash loop. */
bool crash_loop(struct crash_window *w, long long now, unsigned int limit, unsigned int window_ms);

#endif
