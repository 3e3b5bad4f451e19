/* test_modules.c: the parameters PID 1 gives a module at its load (init/modules.c): the kernel
 * command line's NAME.PARAM=VALUE words for it, '-' and '_' alike, a word ending at a space
 * outside quotes (dyndbg="func f +p" is one), a word the buffer has no room for left out and
 * the rest kept; the watchdog fed after each module. modules.c is included for its static
 * params_of; nothing is loaded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "../../init/modules.c"

void log_info(const char *app, const char *fmt, ...) { (void)app, (void)fmt; }
void log_error(const char *app, const char *verb, const char *object)
{
	(void)app, (void)verb, (void)object;
}
static int feeds;
void watchdog_feed_now(void) { feeds++; }

static const char cmdline[] = "console=ttyS0 dm-mod.a=1 x.y=2 dm_mod.b=\"p q\" dm_modx.c=3 "
			   "dm_mod dm_mod.d=4\n";

static void own_words_only(void **state)
{
	char out[64];

	(void)state;
	params_of(cmdline, "dm_mod", 6, out, sizeof(out));
	assert_string_equal(out, "a=1 b=\"p q\" d=4");
	params_of(cmdline, "dm-mod", 6, out, sizeof(out));
	assert_string_equal(out, "a=1 b=\"p q\" d=4");
	params_of(cmdline, "x", 1, out, sizeof(out));
	assert_string_equal(out, "y=2");
	params_of(cmdline, "veth", 4, out, sizeof(out));
	assert_string_equal(out, "");
}

static void no_room_left_out(void **state)
{
	char out[8];

	(void)state;
	params_of(cmdline, "dm_mod", 6, out, sizeof(out));
	assert_string_equal(out, "a=1 d=4");
}

/* The watchdog, opened before the modules, is fed after each one's load (a driver that loads
 * firmware takes seconds; all of them took more than a timeout and reset the board), a load
 * that failed as well. The two of config.h are found nowhere: nothing is loaded. */
static void fed_after_each(void **state)
{
	(void)state;
	assert_int_equal(access("/lib/modules/ward_unit_test_absent_a.ko", F_OK), -1);
	assert_int_equal(access("/lib/modules/ward-unit-test-absent-b.ko", F_OK), -1);
	modules_load();
	assert_int_equal(feeds, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(own_words_only),
		cmocka_unit_test(no_room_left_out),
		cmocka_unit_test(fed_after_each),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
