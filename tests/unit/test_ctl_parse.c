/* test_ctl_parse.c: wardctl's request validator (init/ctl_parse.c). Each request is copied to
 * a buffer of exactly its size, so that ASan sees any read past it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ctl_proto.h"

static int parse(const char *buf, size_t len, struct ctl_req *req)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, buf, len);
	rc = ctl_parse(copy, len, req);
	if (rc == CTL_OK && req->app)
		req->app = req->app == copy + (req->app - copy) ? "(app)" : NULL;
	free(copy);
	return rc;
}

#define REQ(s) s, sizeof(s) - 1

static void every_command_parses(void **state)
{
	struct ctl_req r;

	(void)state;
	assert_int_equal(parse(REQ("list\0"), &r), CTL_OK);
	assert_int_equal(r.cmd, CTL_LIST);
	assert_null(r.app);
	assert_int_equal(parse(REQ("status\0sleeper\0"), &r), CTL_OK);
	assert_int_equal(r.cmd, CTL_STATUS);
	assert_int_equal(parse(REQ("kill\0sleeper\0" "10\0"), &r), CTL_OK);
	assert_int_equal(r.sig, 10);
	assert_int_equal(parse(REQ("kill\0a\0" "64\0"), &r), CTL_OK);
	assert_int_equal(r.sig, 64);
	assert_int_equal(parse(REQ("logs-f\0a-b_c9\0"), &r), CTL_OK);
	assert_int_equal(r.cmd, CTL_FOLLOW);
	assert_int_equal(parse(REQ("reboot\0"), &r), CTL_OK);
	assert_int_equal(parse(REQ("poweroff\0"), &r), CTL_OK);
	assert_int_equal(r.cmd, CTL_POWEROFF);
}

static void enter_takes_a_command_line(void **state)
{
	char buf[CTL_REQ_MAX];
	struct ctl_req r;

	(void)state;
	memcpy(buf, "enter\0sleeper\0/bin/cat\0/proc/self/status\0", 41);
	assert_int_equal(ctl_parse(buf, 41, &r), CTL_OK);
	assert_int_equal(r.argc, 2);
	assert_string_equal(r.argv[0], "/bin/cat");
	assert_string_equal(r.argv[1], "/proc/self/status");
	assert_null(r.argv[2]);
	assert_int_equal(parse(REQ("enter\0sleeper\0"), &r), CTL_OK);
	assert_int_equal(r.argc, 0);
}

static void malformed_requests_are_refused(void **state)
{
	struct ctl_req r;
	static const struct { const char *buf; size_t len; } bad[] = {
		{ REQ("") },                    /* empty */
		{ REQ("list") },                /* not NUL-ended */
		{ REQ("lis\0") },               /* unknown */
		{ REQ("list\0\0") },            /* empty word */
		{ REQ("\0list\0") },
		{ REQ("list\0x\0") },           /* too many words */
		{ REQ("status\0") },            /* too few */
		{ REQ("status\0Sleeper\0") },   /* bad name */
		{ REQ("status\0-x\0") },
		{ REQ("status\0a/b\0") },
		{ REQ("status\0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\0") }, /* 32 bytes */
		{ REQ("kill\0a\0" "0\0") },        /* signal out of range */
		{ REQ("kill\0a\0" "65\0") },
		{ REQ("kill\0a\0-9\0") },
		{ REQ("kill\0a\0" "09\0") },
		{ REQ("kill\0a\0" "100\0") },
		{ REQ("kill\0a\0" "9x\0") },
		{ REQ("kill\0a\0") },
		{ REQ("stat\xffus\0a\0") },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(bad[i].buf, bad[i].len, &r), CTL_USAGE);
	assert_int_equal(parse(REQ("status\0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\0"), &r), CTL_OK);
}

static void size_limits_hold(void **state)
{
	char buf[CTL_REQ_MAX + 1];
	struct ctl_req r;
	size_t at;

	(void)state;
	/* enter with CTL_ARGS_MAX words is fine, one more is not */
	at = (size_t)(stpcpy(stpcpy(buf, "enter") + 1, "a") + 1 - buf);
	for (int i = 0; i < CTL_ARGS_MAX; i++)
		at = (size_t)(stpcpy(buf + at, "/x") + 1 - buf);
	assert_int_equal(parse(buf, at, &r), CTL_OK);
	assert_int_equal(r.argc, CTL_ARGS_MAX);
	at = (size_t)(stpcpy(buf + at, "/y") + 1 - buf);
	assert_int_equal(parse(buf, at, &r), CTL_USAGE);
	/* longer than CTL_REQ_MAX, however well-formed */
	memset(buf, 'a', sizeof(buf));
	memcpy(buf, "status\0", 7);
	buf[sizeof(buf) - 1] = '\0';
	assert_int_equal(parse(buf, sizeof(buf), &r), CTL_USAGE);
}

/* Random bytes and mutations of good requests: never a crash nor an overread (ASan), and
 * whatever is accepted re-validates. */
static void random_input_is_safe(void **state)
{
	static const struct { const char *buf; size_t len; } good[] = {
		{ REQ("kill\0sleeper\0" "10\0") }, { REQ("enter\0x\0/bin/sh\0-c\0id\0") },
		{ REQ("list\0") }, { REQ("status\0sleeper\0") },
	};
	unsigned int seed = 12345;
	struct ctl_req r;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		char buf[CTL_REQ_MAX + 8];
		size_t len;

		seed = seed * 1103515245 + 12345;
		if (seed & 0x10000) {
			len = seed % sizeof(buf);
			for (size_t j = 0; j < len; j++) {
				seed = seed * 1103515245 + 12345;
				buf[j] = (char)(seed >> 16 & 0x7f ? seed >> 16 : 0);
			}
		} else {
			unsigned int g = (seed >> 8) % 4;

			len = good[g].len;
			memcpy(buf, good[g].buf, len);
			seed = seed * 1103515245 + 12345;
			buf[(seed >> 8) % len] ^= (char)(1 << (seed >> 20) % 8);
			len -= (seed >> 4) % 3 == 0 ? (seed >> 12) % len : 0;
		}
		if (parse(buf, len, &r) == CTL_OK) {
			assert_true(r.cmd < CTL_NCMDS);
			assert_true(r.cmd != CTL_KILL || (r.sig >= 1 && r.sig <= 64));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_command_parses),
		cmocka_unit_test(enter_takes_a_command_line),
		cmocka_unit_test(malformed_requests_are_refused),
		cmocka_unit_test(size_limits_hold),
		cmocka_unit_test(random_input_is_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
