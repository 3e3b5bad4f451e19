/* test_rate.c: the token bucket that limits each app's lines, and the apps' share of the
 * console's time (init/rate.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rate.h"

static int take_n(struct rate *r, int n, long long now)
{
	int got = 0;

	for (int i = 0; i < n; i++)
		got += rate_take(r, now);
	return got;
}

static void a_full_bucket_lets_a_burst_through_then_stops(void **state)
{
	struct rate r;

	(void)state;
	rate_init(&r, 10, 50, 1000);
	assert_int_equal(take_n(&r, 80, 1000), 50);
	assert_false(rate_take(&r, 1000));
}

static void it_refills_at_the_rate(void **state)
{
	struct rate r;

	(void)state;
	rate_init(&r, 10, 5, 0);
	assert_int_equal(take_n(&r, 5, 0), 5);
	assert_false(rate_take(&r, 99)); /* one line every 100 ms */
	assert_true(rate_take(&r, 100));
	assert_false(rate_take(&r, 100));
	assert_int_equal(take_n(&r, 10, 350), 2); /* 250 ms more: 2.5 lines earned */
	assert_int_equal(take_n(&r, 10, 400), 1); /* the half line left, and half another */
}

/* Rates that do not divide a second lose nothing to rounding: 3 a second is 9 in 3 s. */
static void no_rounding_drift(void **state)
{
	struct rate r;
	int got = 0;

	(void)state;
	rate_init(&r, 3, 2, 0);
	assert_int_equal(take_n(&r, 2, 0), 2);
	for (long long t = 1; t <= 3000; t++)
		got += rate_take(&r, t);
	assert_int_equal(got, 9);
}

/* A line tried every millisecond for a minute: exactly rate * time + burst get through. */
static void a_noisy_minute_gets_rate_times_time_plus_burst(void **state)
{
	struct rate r;
	int got = 0;

	(void)state;
	rate_init(&r, 20, 100, 5000);
	for (long long t = 5000; t <= 65000; t++)
		got += take_n(&r, 3, t);
	assert_int_equal(got, 20 * 60 + 100);
}

/* A long silence refills the bucket to the burst, no further, without overflowing. */
static void a_long_silence_refills_only_to_the_burst(void **state)
{
	struct rate r;

	(void)state;
	rate_init(&r, 10000, 7, 0);
	assert_int_equal(take_n(&r, 7, 0), 7);
	assert_int_equal(take_n(&r, 100, 4000000000000LL), 7);
	assert_int_equal(take_n(&r, 100, 4000000000000LL + 1), 7); /* 10 earned, capped */
}

static void a_clock_that_goes_back_earns_nothing(void **state)
{
	struct rate r;

	(void)state;
	rate_init(&r, 10, 1, 10000);
	assert_true(rate_take(&r, 10000));
	assert_false(rate_take(&r, 5000));
	assert_false(rate_take(&r, 10099));
	assert_true(rate_take(&r, 10100));
}

/* Asking does not pay: one unit left stays left. */
static void left_does_not_pay(void **state)
{
	struct rate r;

	(void)state;
	rate_init(&r, 10, 1, 0);
	assert_true(rate_left(&r, 0));
	assert_true(rate_left(&r, 0));
	assert_true(rate_take(&r, 0));
	assert_false(rate_left(&r, 0));
}

/* The console's share: 200 ms a second, 1000 at once. Writes that took 1500 ms leave a debt
 * of 500 ms, paid off at 200 a second: 2.5 s, and a millisecond's worth for the next unit. */
static void paying_after_the_fact_goes_into_debt(void **state)
{
	struct rate r;

	(void)state;
	rate_init(&r, 200, 1000, 0);
	rate_pay(&r, 0, 999);
	assert_true(rate_left(&r, 0));
	rate_pay(&r, 0, 501);
	assert_false(rate_left(&r, 0));
	assert_false(rate_left(&r, 2504));
	assert_true(rate_left(&r, 2505));
}

/* One stall of a minute owes one burst, not a minute at the rate: back after 5 s. */
static void the_debt_stops_at_one_burst(void **state)
{
	struct rate r;

	(void)state;
	rate_init(&r, 200, 1000, 0);
	rate_pay(&r, 60000, 60000);
	assert_false(rate_left(&r, 60000 + 5004));
	assert_true(rate_left(&r, 60000 + 5005));
	rate_init(&r, 200, 1000, 0);
	rate_pay(&r, 0, ~0ULL); /* no overflow */
	assert_false(rate_left(&r, 5004));
	assert_true(rate_left(&r, 5005));
}

/* When a bucket in debt may be taken from again: to the ms, rounded up. */
static void due_when_a_unit_is_earned(void **state)
{
	struct rate r;

	(void)state;
	rate_init(&r, 1000, 1000, 0); /* one a ms */
	assert_int_equal(rate_due_ms(&r), 0);
	rate_pay(&r, 10, 1500); /* full at 1000, 1500 paid: 500 in debt */
	assert_false(rate_left(&r, 10));
	assert_int_equal(rate_due_ms(&r), 511); /* 501 ms to one unit */
	assert_false(rate_left(&r, 510));
	assert_true(rate_left(&r, 511));
	rate_init(&r, 3, 3, 0);
	rate_pay(&r, 0, 4); /* 1 in debt at 3 a second: 2 units in 666.67 ms */
	assert_int_equal(rate_due_ms(&r), 667);
	assert_false(rate_left(&r, 666));
	assert_true(rate_left(&r, 667));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(due_when_a_unit_is_earned),
		cmocka_unit_test(a_full_bucket_lets_a_burst_through_then_stops),
		cmocka_unit_test(it_refills_at_the_rate),
		cmocka_unit_test(no_rounding_drift),
		cmocka_unit_test(a_noisy_minute_gets_rate_times_time_plus_burst),
		cmocka_unit_test(a_long_silence_refills_only_to_the_burst),
		cmocka_unit_test(a_clock_that_goes_back_earns_nothing),
		cmocka_unit_test(left_does_not_pay),
		cmocka_unit_test(paying_after_the_fact_goes_into_debt),
		cmocka_unit_test(the_debt_stops_at_one_burst),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
