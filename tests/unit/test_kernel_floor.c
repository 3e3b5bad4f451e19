/* test_kernel_floor.c: which kernel releases are older than ward's floor, 5.10
 * (init/kernel_floor.c), as uname spells them on Debian's, vendors' and mainline kernels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "kernel_floor.h"

static void older(void **state)
{
	(void)state;
	assert_true(kernel_too_old("5.4.0-150-generic"));
	assert_true(kernel_too_old("5.9.16"));
	assert_true(kernel_too_old("4.19.0-27-amd64"));
	assert_true(kernel_too_old("4.14.98-imx"));
	assert_true(kernel_too_old("3.18.140"));
	assert_true(kernel_too_old("5.1"));
	assert_true(kernel_too_old("")); /* no number: not a release ward knows */
}

static void floor_and_newer(void **state)
{
	(void)state;
	assert_false(kernel_too_old("5.10.0-32-amd64"));
	assert_false(kernel_too_old("5.10.223"));
	assert_false(kernel_too_old("5.15.71-rt51"));
	assert_false(kernel_too_old("6.1.0-50-arm64"));
	assert_false(kernel_too_old("6.18.0"));
	assert_false(kernel_too_old("10.0")); /* a major above 5, whatever its minor */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(older),
		cmocka_unit_test(floor_and_newer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
