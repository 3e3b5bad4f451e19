/* rate.c: a token bucket that refills per_s lines a second up to burst lines. */
#include "rate.h"

enum { MILLI = 1000 };

void rate_init(struct rate *r, unsigned int per_s, unsigned int burst, long long now_ms)
{
	r->per_s = per_s;
	r->burst = burst;
	r->credit = (long long)burst * MILLI;
	r->last_ms = now_ms;
}

bool rate_take(struct rate *r, long long now_ms)
{
	long long full = (long long)r->burst * MILLI;

	/* ms times lines a second is thousandths of a line (no overflow for 29,000 years of
	 * boot at 10,000 lines a second). A clock that went back earns nothing. */
	if (now_ms > r->last_ms) {
		r->credit += (now_ms - r->last_ms) * r->per_s;
		if (r->credit > full)
			r->credit = full;
		r->last_ms = now_ms;
	}
	if (r->credit < MILLI)
		return false;
	r->credit -= MILLI;
	return true;
}
