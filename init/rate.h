/* rate.h: a token bucket, as pure arithmetic so that it can be unit-tested. */
#ifndef WARD_RATE_H
#define WARD_RATE_H

#include <stdbool.h>

struct rate {
	unsigned int per_s;  /* units (lines, ms) a second, on average */
	unsigned int burst;  /* units at once, after a quiet spell */
	long long credit;    /* in thousandths of a unit: integers, and no rounding drift */
	long long last_ms;
};

/* The bucket starts full. */
void rate_init(struct rate *r, unsigned int per_s, unsigned int burst, long long now_ms);
/* Whether one more unit may be spent at now_ms; if so, it is paid for. */
bool rate_take(struct rate *r, long long now_ms);
/* Whether a unit is left at now_ms, without paying for it. */
bool rate_left(struct rate *r, long long now_ms);
/* The first ms at which rate_left() says yes, as of the last call that looked at the clock
 * (that call's ms when it says yes already). */
long long rate_due_ms(const struct rate *r);
/* Pays for units spent (known after the fact, like the time a write took): the bucket may go
 * into debt, down to minus one burst, and rate_left() says no until it is paid off. */
void rate_pay(struct rate *r, long long now_ms, unsigned long long units);

#endif
