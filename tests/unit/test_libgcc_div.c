/* test_libgcc_div.c: sandbox/libgcc_div.c's __udivmoddi4, which armhf's init calls for each
 * 64-bit division, checked against the host's divide instruction: edge values (around 2^32
 * and 2^63, all ones) and random ones of every width. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

unsigned long long __udivmoddi4(unsigned long long n, unsigned long long d,
				unsigned long long *rem);

static void check(unsigned long long n, unsigned long long d)
{
	unsigned long long r = ~0ULL;

	assert_int_equal(__udivmoddi4(n, d, &r), n / d);
	assert_int_equal(r, n % d);
	assert_int_equal(__udivmoddi4(n, d, NULL), n / d);
}

static void edges(void **state)
{
	static const unsigned long long v[] = {
		0, 1, 2, 3, 7, 10, 16, 1000, 1000000, 0xffffffffULL, 0x100000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, 0x8000000000000001ULL,
		0xfffffffffffffffeULL, 0xffffffffffffffffULL,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		for (size_t j = 1; j < sizeof(v) / sizeof(v[0]); j++)
			check(v[i], v[j]);
}

/* 64 random bits shifted right by a random count, so that every width of each operand
 * comes up. */
static unsigned long long random_value(void)
{
	unsigned long long v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 16 | (unsigned long long)(rand() & 0xffff);
	return v >> (rand() % 64);
}

static void randoms(void **state)
{
	(void)state;
	srand(1);
	for (int i = 0; i < 200000; i++) {
		unsigned long long n = random_value(), d = random_value();

		if (d)
			check(n, d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(edges),
		cmocka_unit_test(randoms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
