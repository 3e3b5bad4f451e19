/* test_restart.c: the restart policy's arithmetic and decisions (init/restart.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/wait.h>

#include "restart.h"

static const struct backoff policy = { .min_ms = 100, .max_ms = 1000, .reset_ms = 5000 };

static void first_failure_waits_the_minimum(void **state)
{
	(void)state;
	assert_int_equal(restart_delay(&policy, 0, 10), 100);
}

static void each_quick_failure_doubles_up_to_the_cap(void **state)
{
	unsigned int d = 0;
	const unsigned int want[] = { 100, 200, 400, 800, 1000, 1000 };

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		d = restart_delay(&policy, d, 10);
		assert_int_equal(d, want[i]);
	}
}

static void a_stable_run_resets_the_delay(void **state)
{
	(void)state;
	assert_int_equal(restart_delay(&policy, 800, 4999), 1000);
	assert_int_equal(restart_delay(&policy, 800, 5000), 100);
}

static void doubling_never_overflows(void **state)
{
	const struct backoff big = { .min_ms = 1, .max_ms = 4000000000u, .reset_ms = 10 };

	(void)state;
	assert_int_equal(restart_delay(&big, 3000000000u, 0), 4000000000u);
}

static void zero_minimum_means_no_backoff(void **state)
{
	const struct backoff none = { .min_ms = 0, .max_ms = 1000, .reset_ms = 10 };

	(void)state;
	assert_int_equal(restart_delay(&none, 0, 0), 0);
	assert_int_equal(restart_delay(&none, 0, 0), 0);
}

static void minimum_above_cap_is_capped(void **state)
{
	const struct backoff odd = { .min_ms = 5000, .max_ms = 1000, .reset_ms = 10 };

	(void)state;
	assert_int_equal(restart_delay(&odd, 0, 0), 1000);
}

/* Wait statuses as the kernel builds them: exit code in bits 8-15, signal in bits 0-6. */
#define EXITED(code) ((code) << 8)
#define SIGNALED(sig) (sig)

static void failure_is_a_nonzero_exit_a_signal_or_an_oom_kill(void **state)
{
	(void)state;
	assert_false(restart_failed(EXITED(0), 0));
	assert_true(restart_failed(EXITED(3), 0));
	assert_true(restart_failed(SIGNALED(9), 0));
	/* The app survived, but the OOM killer ended one of its processes. */
	assert_true(restart_failed(EXITED(0), 1));
	/* memory.events unreadable (-1): the exit status alone decides. */
	assert_false(restart_failed(EXITED(0), -1));
}

static void policies_decide_on_failure(void **state)
{
	(void)state;
	assert_true(restart_wanted(APP_RESTART_ALWAYS, false));
	assert_true(restart_wanted(APP_RESTART_ALWAYS, true));
	assert_false(restart_wanted(APP_RESTART_ON_FAILURE, false));
	assert_true(restart_wanted(APP_RESTART_ON_FAILURE, true));
	assert_false(restart_wanted(APP_RESTART_NEVER, true));
	assert_false(restart_wanted(APP_RESTART_NEVER, false));
}

static void limit_failures_within_the_window_make_a_crash_loop(void **state)
{
	struct crash_window w = { 0 };

	(void)state;
	assert_false(crash_loop(&w, 1000, 3, 10000));
	assert_false(crash_loop(&w, 2000, 3, 10000));
	assert_true(crash_loop(&w, 10999, 3, 10000));
	/* the count starts over after a crash loop */
	assert_false(crash_loop(&w, 11000, 3, 10000));
	assert_false(crash_loop(&w, 11001, 3, 10000));
	assert_true(crash_loop(&w, 11002, 3, 10000));
}

static void failures_spread_wider_than_the_window_are_no_crash_loop(void **state)
{
	struct crash_window w = { 0 };

	(void)state;
	for (long long t = 0; t < 100000; t += 6000)
		assert_false(crash_loop(&w, t, 3, 10000));
}

static void limit_zero_never_loops_and_limit_one_always_does(void **state)
{
	struct crash_window w = { 0 };

	(void)state;
	for (int k = 0; k < 100; k++)
		assert_false(crash_loop(&w, k, 0, 10000));
	assert_true(crash_loop(&w, 5, 1, 10000));
	assert_true(crash_loop(&w, 6, 1, 10000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_failure_waits_the_minimum),
		cmocka_unit_test(each_quick_failure_doubles_up_to_the_cap),
		cmocka_unit_test(a_stable_run_resets_the_delay),
		cmocka_unit_test(doubling_never_overflows),
		cmocka_unit_test(zero_minimum_means_no_backoff),
		cmocka_unit_test(minimum_above_cap_is_capped),
		cmocka_unit_test(failure_is_a_nonzero_exit_a_signal_or_an_oom_kill),
		cmocka_unit_test(policies_decide_on_failure),
		cmocka_unit_test(limit_failures_within_the_window_make_a_crash_loop),
		cmocka_unit_test(failures_spread_wider_than_the_window_are_no_crash_loop),
		cmocka_unit_test(limit_zero_never_loops_and_limit_one_always_does),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
