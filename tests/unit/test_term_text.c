/* test_term_text.c: what of an app's line may reach a terminal (init/term_text.c). Each case
 * is bytes in and the bytes that must come out; the expectations are written out here, not
 * derived from the code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "term_text.h"

static void expect_clean(const char *in, size_t n, const char *want)
{
	char buf[64];

	assert_true(n <= sizeof(buf));
	memcpy(buf, in, n);
	n = term_text_clean(buf, n);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(buf, want, n);
}
#define CLEAN(in, want) expect_clean(in, sizeof(in) - 1, want)

static void text_passes(void **state)
{
	(void)state;
	CLEAN("plain line", "plain line");
	CLEAN("tab\there", "tab here");
	CLEAN("gr\xc3\xbc\xc3\x9f" "e", "gr\xc3\xbc\xc3\x9f" "e");	/* U+00FC U+00DF */
	CLEAN("nbsp\xc2\xa0.", "nbsp\xc2\xa0.");			/* U+00A0, just past C1 */
	CLEAN("\xe2\x82\xac 5", "\xe2\x82\xac 5");			/* U+20AC */
	CLEAN("\xe2\x80\x94 \xe2\x81\xa0", "\xe2\x80\x94 \xe2\x81\xa0"); /* beside the bidi codes */
	CLEAN("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");			/* U+1F600 */
	CLEAN("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");			/* U+10FFFF */
	CLEAN("\xed\x9f\xbf", "\xed\x9f\xbf");				/* U+D7FF */
}

static void c0_controls(void **state)
{
	(void)state;
	CLEAN("crlf\r", "crlf");
	CLEAN("a\rinit: forged", "ainit: forged");
	CLEAN("x\x1b[1A\x1b[2K", "x?[1A?[2K");
	CLEAN("nul\0byte", "nul?byte");
	CLEAN("bell\a del\x7f", "bell? del?");
}

/* 8-bit CSI, OSC and the rest of U+0080..U+009F: as raw bytes and in UTF-8. */
static void c1_controls(void **state)
{
	(void)state;
	CLEAN("\xc2\x9b" "1G", "??1G");
	CLEAN("\x9b" "2K", "?2K");
	CLEAN("\xc2\x9d" "0;title\xc2\x9c", "??0;title??");
	CLEAN("\xc2\x80\xc2\x9f", "????");
	CLEAN("\x85next", "?next");
}

static void bidi_controls(void **state)
{
	(void)state;
	CLEAN("\xe2\x80\xaa\xe2\x80\xae" "x", "??????x"); /* U+202A, U+202E */
	CLEAN("\xe2\x81\xa6\xe2\x81\xa9", "??????");	   /* U+2066, U+2069 */
}

static void malformed(void **state)
{
	(void)state;
	CLEAN("\xc0\xaf", "??");		/* overlong '/' */
	CLEAN("\xe0\x80\xaf", "???");		/* overlong, 3 bytes */
	CLEAN("\xed\xa0\x80", "???");		/* a surrogate, U+D800 */
	CLEAN("\xf4\x90\x80\x80", "????");	/* past U+10FFFF */
	CLEAN("\xf5\x80", "??");
	CLEAN("\xbf" "a", "?a");		/* a lone continuation byte */
	CLEAN("end\xe2\x82", "end??");		/* cut off by the line's end */
	CLEAN("\xe2" "ab", "?ab");		/* cut off by ASCII */
	CLEAN("\xff\xfe", "??");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_passes),
		cmocka_unit_test(c0_controls),
		cmocka_unit_test(c1_controls),
		cmocka_unit_test(bidi_controls),
		cmocka_unit_test(malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
