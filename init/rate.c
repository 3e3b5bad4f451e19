/* rate.c: a token bucket that refills per_s units a second up to burst units: lines and
 * bytes (each app's output), or milliseconds (the console's share of PID 1's time, log.c). */
#include "rate.h"

enum { MILLI = 1000 };

void rate_init(struct rate *r, unsigned int per_s, unsigned int burst, long long now_ms)
{
	r->per_s = per_s;
	r->burst = burst;
	r->credit = (long long)burst * MILLI;
	r->last_ms = now_ms;
}

static void refill(struct rate *r, long long now_ms)
{
	long long full = (long long)r->burst * MILLI;

	/* ms times units a second is thousandths of a unit (no overflow for 29,000 years of
	 * boot at 10,000 a second). A clock that went back earns nothing. */
	if (now_ms > r->last_ms) {
		r->credit += (now_ms - r->last_ms) * r->per_s;
		if (r->credit > full)
			r->credit = full;
		r->last_ms = now_ms;
	}
}

bool rate_left(struct rate *r, long long now_ms)
{
	refill(r, now_ms);
	return r->credit >= MILLI;
}

bool rate_take(struct rate *r, long long now_ms)
{
	if (!rate_left(r, now_ms))
		return false;
	r->credit -= MILLI;
	return true;
}

long long rate_due_ms(const struct rate *r)
{
	if (r->credit >= MILLI)
		return r->last_ms;
	/* Positive here, so divided unsigned: on armhf libgcc's signed 64-bit division
	 * (__aeabi_ldivmod, 160 bytes) stays out, the unsigned one fmt_buf needs does it. */
	return r->last_ms + (unsigned long long)(MILLI - r->credit + r->per_s - 1) / r->per_s;
}

void rate_pay(struct rate *r, long long now_ms, unsigned long long units)
{
	long long floor = -(long long)r->burst * MILLI;

	refill(r, now_ms);
	/* In debt at most one burst: after one long stall the bucket is full again within two
	 * bursts' time, not the stall's length times the rate. */
	r->credit = units > (unsigned long long)(r->credit - floor) / MILLI ? floor :
									    r->credit - (long long)units * MILLI;
}
