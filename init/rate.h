/* rate.h: a token bucket of lines, as pure arithmetic so that it can be unit-tested. */
#ifndef WARD_RATE_H
#define WARD_RATE_H

#include <stdbool.h>

struct rate {
	unsigned int per_s;  /* lines a second, on average */
	unsigned int burst;  /* lines at once, after a quiet spell */
	long long credit;    /* in thousandths of a line: integers, and no rounding drift */
	long long last_ms;
};

/* The bucket starts full. */
void rate_init(struct rate *r, unsigned int per_s, unsigned int burst, long long now_ms);
/* Whether one more line may go out at now_ms; if so, it is paid for. */
bool rate_take(struct rate *r, long long now_ms);

#endif
