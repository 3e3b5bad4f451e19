/* test_output.c: PID 1's reading of an app's output (init/output.c), with the rate, the ring
 * and the text cleaning it uses, the log stubbed. A hostile app may make its pipe one of
 * packets (O_DIRECT on its end, no privilege needed): each read then returns one write. Its
 * reads must still cost PID 1 a bounded number of turns; the flags it set must not be the next
 * run's (all runs share the write end's open file); and the end of its run must read every
 * packet left, not stop at the first short one. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "output.h"

static unsigned long told_hidden; /* what the last "lines not shown" line said */
void log_info(const char *app, const char *fmt, ...)
{
	(void)app;
	if (strstr(fmt, "lines not shown")) {
		va_list ap;

		va_start(ap, fmt);
		told_hidden = va_arg(ap, unsigned long);
		va_end(ap);
	}
}
/* What log_app_line was given: each piece's length and separator, and the pieces joined. */
static size_t pieces, piece_len[16], rows;
static char piece_sep[16], shown[1024];
static size_t shown_len;
void log_app_line(const char *app, char sep, const char *text, size_t len)
{
	(void)app;
	rows++;
	if (pieces < 16) {
		piece_sep[pieces] = sep;
		piece_len[pieces++] = len;
	}
	if (shown_len + len < sizeof(shown)) {
		memcpy(shown + shown_len, text, len);
		shown_len += len;
	}
}

static int setup(void **state)
{
	(void)state;
	return output_open(0);
}

/* 256 one-byte packets (a packet takes a page of the pipe: 256 fill a pipe of 1 MiB): the
 * reads PID 1 may make before the rate stops it are about the byte rate's worth of 512-byte
 * chunks (128), not one per byte (256). */
static void packets_cost_a_chunk(void **state)
{
	int reads = 0, wr = output_write_fd(0);

	(void)state;
	assert_int_equal(fcntl(wr, F_SETPIPE_SZ, 1 << 20), 1 << 20);
	assert_int_equal(fcntl(wr, F_SETFL, O_DIRECT | O_NONBLOCK), 0);
	for (int k = 0; k < 256; k++)
		assert_int_equal(write(wr, "x", 1), 1);
	while (reads < 1000 && output_poll_fd(0, clock_ms()) >= 0) {
		output_drain(0, "app");
		reads++;
	}
	assert_true(reads < 192);
	output_end_run(0, "app"); /* its line ends with it: not the next test's */
}

/* The next run's stdout has none of the flags the last one set. */
static void flags_not_inherited(void **state)
{
	int wr = output_write_fd(0);

	(void)state;
	assert_int_equal(fcntl(wr, F_SETFL, O_NONBLOCK | O_DIRECT), 0);
	wr = output_write_fd(0); /* as the next start asks for it */
	assert_int_equal(fcntl(wr, F_GETFL) & (O_NONBLOCK | O_DIRECT), 0);
}

/* The run's end reads its packets to the last, and the line left open ends with the run. */
static void end_reads_every_packet(void **state)
{
	static const char *const writes[] = { "a", "b", "c\n", "tail" };
	unsigned long long pos = 0;
	char got[64] = "";
	int wr = output_write_fd(0);

	(void)state;
	assert_int_equal(fcntl(wr, F_SETFL, O_DIRECT), 0);
	for (size_t k = 0; k < sizeof(writes) / sizeof(writes[0]); k++)
		assert_int_equal(write(wr, writes[k], strlen(writes[k])),
				 (ssize_t)strlen(writes[k]));
	output_end_run(0, "app");
	output_ring_read(0, &pos, got, sizeof(got) - 1);
	assert_string_equal(got, "abc\ntail\n");
}

/* A long line reaches the console in pieces that each fit a row of 80 columns after the
 * kernel's timestamp (20) and "app: " (5), the pieces after the first as "app+ ": no row
 * starts with the app's "init: ...". Cut
 * on UTF-8 boundaries (a 2-byte character across the first cut goes to the next piece), its
 * tab a space (a tab takes up to 8 columns). */
static void rows_start_with_the_name(void **state)
{
	char line[200];
	int wr = output_write_fd(0);

	(void)state;
	memset(line, 'x', sizeof(line));
	memcpy(line + 54, "\xc3\xa9", 2); /* é across the first cut, at 55 */
	line[60] = '\t';
	memcpy(line + 150, "init: forged", 12);
	line[sizeof(line) - 1] = '\n';
	pieces = shown_len = 0;
	assert_int_equal(write(wr, line, sizeof(line)), (ssize_t)sizeof(line));
	output_end_run(0, "app");
	line[60] = ' ';
	assert_int_equal(shown_len, sizeof(line) - 1);
	assert_memory_equal(shown, line, shown_len);
	assert_int_equal(piece_len[0], 54);
	for (size_t k = 0; k < pieces; k++) {
		assert_true(piece_len[k] > 0 && piece_len[k] <= 80 - 20 - 5);
		assert_int_equal(piece_sep[k], k ? '+' : ':');
	}
	assert_int_equal(pieces, 4);
}

/* A line is charged a unit for each console row it takes: lines of 60 bytes take two rows of
 * "app: " (55 bytes of text each), so the burst of 200 shows some 100 of them, 200 rows. They
 * were charged per 80 bytes, one unit, and 200 lines took 400 rows. */
static void rows_paid_for(void **state)
{
	char line[61];
	int wr = output_write_fd(0);

	(void)state;
	memset(line, 'x', sizeof(line));
	line[60] = '\n';
	rows = 0;
	for (int k = 0; k < 300; k++)
		assert_int_equal(write(wr, line, sizeof(line)), (ssize_t)sizeof(line));
	output_end_run(0, "app");
	assert_true(rows >= 200 && rows <= 210);
}

/* A flood past the line rate, then the run's end: how many lines were kept off is told then
 * (it waited for the app's next line, and there is none after a run). */
static void hidden_told_at_the_end(void **state)
{
	int wr = output_write_fd(0);

	(void)state;
	told_hidden = 0;
	for (int k = 0; k < 400; k++) /* the burst is 200 */
		assert_int_equal(write(wr, "x\n", 2), 2);
	output_end_run(0, "app");
	assert_true(told_hidden > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(packets_cost_a_chunk, setup),
		cmocka_unit_test_setup(flags_not_inherited, setup),
		cmocka_unit_test_setup(end_reads_every_packet, setup),
		cmocka_unit_test_setup(rows_start_with_the_name, setup),
		cmocka_unit_test_setup(hidden_told_at_the_end, setup),
		cmocka_unit_test_setup(rows_paid_for, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
