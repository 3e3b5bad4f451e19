/* test_throttle.c: the reboot throttle (init/throttle.c) when its record cannot be written
 * (tests/unit/throttle/config.h: /dev/full, like a file system an app has filled). A reboot
 * the record does not count could loop for ever: it is refused, unless the boot loader's
 * count (ward.bootcount=N) stands in for the record. The rest of PID 1 is stubbed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cmdline.h"
#include "log.h"
#include "throttle.h"

static const char *bootcount_arg; /* ward.bootcount's value, or NULL: none */
static int write_errors;

const char *cmdline_value(const char *key, char *buf, size_t len)
{
	if (strcmp(key, "ward.bootcount") != 0 || !bootcount_arg)
		return NULL;
	snprintf(buf, len, "%s", bootcount_arg);
	return buf;
}
void log_info(const char *app, const char *fmt, ...) { (void)app, (void)fmt; }
void log_error(const char *app, const char *verb, const char *object, int err)
{
	(void)app, (void)object, (void)err;
	write_errors += !strcmp(verb, "write the reboot record");
}

static void unwritable_record_refuses(void **state)
{
	(void)state;
	bootcount_arg = NULL;
	write_errors = 0;
	assert_false(throttle_reboot(1000));
	assert_int_equal(write_errors, 1);
}

static void bootcount_stands_in(void **state)
{
	(void)state;
	bootcount_arg = "1";
	assert_true(throttle_reboot(1000));
	bootcount_arg = "3"; /* the limit reached */
	assert_false(throttle_reboot(1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unwritable_record_refuses),
		cmocka_unit_test(bootcount_stands_in),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
