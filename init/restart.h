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

#endif
