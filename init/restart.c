/* restart.c: capped exponential backoff that resets after a stable run, and the
 * always/on-failure/never decision. */
#include <sys/wait.h>

#include "restart.h"

unsigned int restart_delay(const struct backoff *b, unsigned int prev_ms, long long ran_ms)
{
	unsigned long long next;

	if (prev_ms == 0 || ran_ms >= (long long)b->reset_ms)
		return b->min_ms < b->max_ms ? b->min_ms : b->max_ms;
	next = (unsigned long long)prev_ms * 2;
	return next < b->max_ms ? (unsigned int)next : b->max_ms;
}

bool restart_failed(int status, long oom_kills)
{
	return !WIFEXITED(status) || WEXITSTATUS(status) != 0 || oom_kills > 0;
}

bool restart_wanted(enum app_restart policy, bool failed)
{
	switch (policy) {
	case APP_RESTART_ALWAYS:
		return true;
	case APP_RESTART_ON_FAILURE:
		return failed;
	case APP_RESTART_NEVER:
		break;
	}
	return false;
}

bool crash_loop(struct crash_window *w, long long now, unsigned int limit, unsigned int window_ms)
{
	if (limit == 0)
		return false;
	if (w->count == 0 || now - w->start_ms > (long long)window_ms) {
		w->start_ms = now;
		w->count = 0;
	}
	if (++w->count < limit)
		return false;
	w->count = 0;
	return true;
}
