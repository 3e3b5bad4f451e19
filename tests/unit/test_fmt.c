/* test_fmt.c: sandbox/fmt.c against the host's snprintf, for every conversion ward uses, at
 * every buffer length from 0 to past the end (truncation, NUL, no byte written beyond len);
 * fmt_parse_long against strtol(s, end, 10), fmt_find against strstr, fmt_span against
 * strspn and strcspn, fmt_chr against strchr. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>

#include "fmt.h"

enum { BUF = 160, SENTINEL = 0x5a };

static void same_v(const char *fmt, va_list ap)
{
	char want[BUF], got[BUF];
	int want_n;
	va_list a;

	va_copy(a, ap);
	want_n = vsnprintf(want, sizeof(want), fmt, a);
	va_end(a);
	assert_true(want_n >= 0 && want_n < BUF);
	for (size_t len = 0; len <= (size_t)want_n + 2; len++) {
		int got_n;

		memset(got, SENTINEL, sizeof(got));
		va_copy(a, ap);
		got_n = fmt_vbuf(len ? got : got + 1, len, fmt, a);
		va_end(a);
		assert_int_equal(got_n, want_n);
		if (len == 0) {
			assert_int_equal((unsigned char)got[1], SENTINEL);
			continue;
		}
		/* snprintf's own truncation of the full output is the reference. */
		assert_memory_equal(got, want, len - 1 < (size_t)want_n ? len - 1 : (size_t)want_n);
		assert_int_equal(got[len - 1 < (size_t)want_n ? len - 1 : (size_t)want_n], '\0');
		for (size_t i = len; i < sizeof(got); i++)
			assert_int_equal((unsigned char)got[i], SENTINEL);
	}
}

/* fmt_vbuf and vsnprintf agree on this format and these arguments, at every length. */
static void __attribute__((format(printf, 1, 2))) same(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	same_v(fmt, ap);
	va_end(ap);
}

static void text_and_percent(void **state)
{
	(void)state;
	same("%s", "");
	same("plain text, no conversion");
	same("100%% sure");
	same("%%%s%%", "x");
}

static void strings(void **state)
{
	const char *volatile none = NULL;

	(void)state;
	same("%s", "hello");
	same("[%s] [%s]", "a", "bc");
	same("/lib/modules/%.*s.ko", 5, "virtio_net,other");
	same("[%.*s] [%.*s] [%.3s] [%.10s] [%.58s]", 0, "gone", -1, "whole", "abcdef", "short",
	     "ttyS0");
	same("[%s]", none);
}

static void ints(void **state)
{
	(void)state;
	same("%d %d %d %d", 0, 1, -1, 42);
	same("%d %d", INT_MAX, INT_MIN);
	same("%u %u %u", 0u, 1u, UINT_MAX);
	same("%x %x %x %x", 0u, 255u, 0xdeadbeefu, UINT_MAX);
}

static void longs(void **state)
{
	(void)state;
	same("%ld %ld %ld %lu %lu %lx", 0L, LONG_MAX, LONG_MIN, 0UL, ULONG_MAX, ULONG_MAX);
	same("%lld %lld %lld %llu %llx %llx", -1LL, LLONG_MAX, LLONG_MIN, ULLONG_MAX,
	     0x0123456789abcdefULL, ULLONG_MAX);
}

/* The formats of init/ and sandbox/, as they are written there. */
static void the_tree_s_formats(void **state)
{
	(void)state;
	same("killed by signal %d", 9);
	same("exited with code %d (sandbox setup failed: %s)", 213, "enter the new root");
	same("monotonic %lld 0\nboottime %lld 0\n", -86400LL * 365 * 1000000000, 0LL);
	same("mode=1777,size=%uk", 65536u);
	same("%llu %d", 18446744073709551615ULL, 100000);
	same("/sys/fs/cgroup/%s/ward%s%s%s%s", "memory", "/", "app", "/", "cgroup.procs");
	same("the OOM killer ended %ld of its processes (memory.max)", 3L);
	same("%s, restart in %u ms", "exited with code 3", 1600u);
	same("unable to %s %s: %s", "mount", "/proc", "No such file or directory");
}

/* What fmt.c does not read is copied out as written, arguments untouched: a conversion, a
 * length, a width, a flag, or a precision but for %s. */
static void unknown_conversions_show(void **state)
{
	char buf[32];
	const char *float_fmt = "x%fy";
	const char *trailing = "abc%";
	const char *flagged = "[%+d]";
	const char *unread[] = { "[%c]", "[%zu]", "[%hd]", "[%5d]", "[%-5s]", "[%05x]", "[%.3d]",
				 "[%X]", "[%i]" };

	(void)state;
	for (size_t i = 0; i < sizeof(unread) / sizeof(unread[0]); i++) {
		assert_int_equal(fmt_buf(buf, sizeof(buf), unread[i], 7), (int)strlen(unread[i]));
		assert_string_equal(buf, unread[i]);
	}
	assert_int_equal(fmt_buf(buf, sizeof(buf), float_fmt, 1.5), 4);
	assert_string_equal(buf, "x%fy");
	assert_int_equal(fmt_buf(buf, sizeof(buf), trailing), 4);
	assert_string_equal(buf, "abc%");
	assert_int_equal(fmt_buf(buf, sizeof(buf), flagged, 5), 5);
	assert_string_equal(buf, "[%+d]");
}

static void fmt_buf_is_fmt_vbuf(void **state)
{
	char small[6];

	(void)state;
	assert_int_equal(fmt_buf(small, sizeof(small), "pid %d", -2147483647 - 1), 15);
	assert_string_equal(small, "pid -");
	assert_int_equal(fmt_buf(NULL, 0, "%s", "nothing written"), 15);
}

static void parse_long_is_strtol(void **state)
{
	static const char *const inputs[] = {
		"0", "42", "-42", "+7", "  \t\n 123 rest", "oom_kill 3\noom_group_kill 0\n",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808",
		"-9223372036854775809", "99999999999999999999999", "-99999999999999999999999",
		"2147483647", "2147483648", "-2147483649", "4294967296",
		"", "   ", "-", "+", "- 1", "abc", "12abc", "007", "1\n2\n3\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		char *want_end, *got_end;
		long want = strtol(inputs[i], &want_end, 10);
		long got = fmt_parse_long(inputs[i], &got_end);

		assert_int_equal(got, want);
		assert_ptr_equal(got_end, want_end);
		assert_int_equal(fmt_parse_long(inputs[i], NULL), want);
	}
}

static void find_is_strstr(void **state)
{
	static const char *const pairs[][2] = {
		{ "low 0\nhigh 0\nmax 0\noom 1\noom_kill 2\noom_group_kill 0\n", "oom_kill " },
		{ "oom_group_kill 1\n", "oom_kill " },
		{ "console=ttyS0 ward.only=a,b quiet", "ward.only" },
		{ "console=ttyS0 quiet", "quiet" },
		{ "aaab", "aab" },
		{ "abc", "abcd" },
		{ "abc", "" },
		{ "", "" },
		{ "", "a" },
		{ "nodev\tcgroup\nnodev\tcgroup2\n", "cgroup2" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		assert_ptr_equal(fmt_find(pairs[i][0], pairs[i][1]), strstr(pairs[i][0], pairs[i][1]));
}

/* Every string and set of the ones ward scans with, and their corners: every position of
 * every byte the sets hold, NUL included for fmt_chr. */
static void span_and_chr_are_strspn_strcspn_strchr(void **state)
{
	static const char *const texts[] = {
		"", " ", "\t \t", "ward.only=a,b quiet\n", "  veth bfq\tvirtio", "/a//b/", "//",
		"abc-def_0", "abc.def", "Abc", "no newline", "line\n", "\n", ",,a,",
	};
	static const char *const sets[] = {
		"", " \t", " \t\n", "\n", ",", "/", "abcdefghijklmnopqrstuvwxyz0123456789_-",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *t = texts[i];

		for (size_t j = 0; j < sizeof(sets) / sizeof(sets[0]); j++) {
			assert_int_equal(fmt_span(t, sets[j], true), strspn(t, sets[j]));
			assert_int_equal(fmt_span(t, sets[j], false), strcspn(t, sets[j]));
		}
		for (int c = 0; c < 256; c++)
			assert_ptr_equal(fmt_chr(t, c), strchr(t, c));
	}
}

/* Every length of every text, below, at and past its end: strnlen's answer each time. */
static void len_is_strnlen(void **state)
{
	static const char *const texts[] = { "", "a", "visitor",
					     "abcdefghijklmnopqrstuvwxyz0123456789_-" };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (size_t max = 0; max <= strlen(texts[i]) + 2; max++)
			assert_int_equal(fmt_len(texts[i], max), strnlen(texts[i], max));
}

/* Every prefix of every text, and texts that only begin like it: strncmp's answer each time. */
static void starts_is_strncmp(void **state)
{
	static const char *const texts[] = { "", "s", "sys", "sys/", "sysfs", "WARDREC1 3\n", "ab" };
	static const char *const prefixes[] = { "", "s", "sys", "sy", "WARDREC1 ", "abc", "b" };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (size_t j = 0; j < sizeof(prefixes) / sizeof(prefixes[0]); j++)
			assert_int_equal(fmt_starts(texts[i], prefixes[j]),
					 strncmp(texts[i], prefixes[j], strlen(prefixes[j])) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_and_percent),
		cmocka_unit_test(strings),
		cmocka_unit_test(ints),
		cmocka_unit_test(longs),
		cmocka_unit_test(the_tree_s_formats),
		cmocka_unit_test(unknown_conversions_show),
		cmocka_unit_test(fmt_buf_is_fmt_vbuf),
		cmocka_unit_test(parse_long_is_strtol),
		cmocka_unit_test(find_is_strstr),
		cmocka_unit_test(span_and_chr_are_strspn_strcspn_strchr),
		cmocka_unit_test(len_is_strnlen),
		cmocka_unit_test(starts_is_strncmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
