/* test_ring.c: the log ring (init/ring.c): wrap-around, lagging and partial readers,
 * exact-size writes, whole lines only, checked against a model that keeps everything. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"

enum { SIZE = 16 };

static struct ring r;
static char storage[SIZE];

static int setup(void **state)
{
	(void)state;
	memset(storage, '#', sizeof(storage));
	ring_init(&r, storage, sizeof(storage));
	return 0;
}

static void put(const char *s)
{
	ring_put(&r, s, strlen(s));
}

/* Everything readable from pos on, as a string. */
static const char *read_all(unsigned long long *pos)
{
	static char out[256];
	size_t n = ring_read(&r, pos, out, sizeof(out) - 1);

	out[n] = '\0';
	return out;
}

static void empty_ring_reads_nothing(void **state)
{
	unsigned long long pos = 0;
	char c;

	(void)state;
	assert_int_equal(ring_read(&r, &pos, &c, 1), 0);
	assert_int_equal(pos, 0);
	assert_int_equal(ring_end(&r), 0);
}

static void lines_read_back_in_order(void **state)
{
	unsigned long long pos = 0;

	(void)state;
	put("one\n");
	put("two\n");
	assert_string_equal(read_all(&pos), "one\ntwo\n");
	assert_int_equal(pos, 8);
	assert_int_equal(ring_end(&r), 8);
	put("3\n");
	assert_string_equal(read_all(&pos), "3\n");
	assert_int_equal(pos, 10);
}

static void partial_reads_resume_where_they_stopped(void **state)
{
	unsigned long long pos = 0;
	char out[3];

	(void)state;
	put("abcdefg\n");
	assert_int_equal(ring_read(&r, &pos, out, 3), 3);
	assert_memory_equal(out, "abc", 3);
	assert_int_equal(ring_read(&r, &pos, out, 3), 3);
	assert_memory_equal(out, "def", 3);
	assert_int_equal(ring_read(&r, &pos, out, 3), 2);
	assert_memory_equal(out, "g\n", 2);
	assert_int_equal(ring_read(&r, &pos, out, 3), 0);
	assert_int_equal(pos, 8);
}

/* Positions keep counting past the storage; bytes that straddle its end come back whole. */
static void wrap_around_keeps_bytes_in_order(void **state)
{
	unsigned long long pos;

	(void)state;
	put("0123456789\n"); /* 11 */
	put("abcdefghi\n");  /* 10: ends at 21, wraps */
	assert_int_equal(ring_end(&r), 21);
	pos = 11;
	assert_string_equal(read_all(&pos), "abcdefghi\n");
	assert_int_equal(pos, 21);
}

/* A reader older than the oldest kept byte moves to it: the start of the oldest whole line. */
static void lagging_reader_moves_to_the_oldest_whole_line(void **state)
{
	unsigned long long pos = 0;

	(void)state;
	put("aaaa\n");
	put("bbbb\n");
	put("cccc\n");
	put("dddd\n"); /* 20 bytes in a ring that keeps 15: "aaaa\n" is gone */
	assert_string_equal(read_all(&pos), "bbbb\ncccc\ndddd\n");
	assert_int_equal(pos, 20);
	pos = 3; /* in the middle of a line that is gone */
	assert_string_equal(read_all(&pos), "bbbb\ncccc\ndddd\n");
	put("ee\n"); /* 23: "bbbb" loses its first bytes, so the whole line goes */
	pos = 0;
	assert_string_equal(read_all(&pos), "cccc\ndddd\nee\n");
	assert_int_equal(pos, 23);
}

/* A reader that kept up is never moved, even when the ring wrapped many times since. */
static void reader_that_kept_up_is_not_moved(void **state)
{
	unsigned long long pos = 0;

	(void)state;
	for (int i = 0; i < 100; i++) {
		put("xyz\n");
		assert_string_equal(read_all(&pos), "xyz\n");
	}
	assert_int_equal(pos, 400);
}

static void reader_past_the_end_moves_back_to_it(void **state)
{
	unsigned long long pos = 1000;

	(void)state;
	put("abc\n");
	assert_string_equal(read_all(&pos), "");
	assert_int_equal(pos, 4);
}

/* size - 1 bytes are kept: a line of exactly that length fits whole, one byte more does not,
 * and then no part of it is shown. */
static void exact_size_writes(void **state)
{
	unsigned long long pos = 0;
	char line[SIZE + 1];

	(void)state;
	memset(line, 'k', SIZE - 2);
	line[SIZE - 2] = '\n';
	line[SIZE - 1] = '\0';
	put(line); /* SIZE - 1 bytes: fills the ring exactly */
	assert_string_equal(read_all(&pos), line);
	put(line); /* again, ending exactly SIZE - 2 bytes past a multiple of SIZE */
	pos = 0;
	assert_string_equal(read_all(&pos), line);
	assert_int_equal(pos, 2 * (SIZE - 1));

	memset(line, 'L', SIZE - 1);
	line[SIZE - 1] = '\n';
	line[SIZE] = '\0';
	put(line); /* SIZE bytes: too long to keep */
	pos = 0;
	assert_string_equal(read_all(&pos), "");
	assert_int_equal(pos, 2 * (SIZE - 1) + SIZE);
	put("after\n");
	pos = 0;
	assert_string_equal(read_all(&pos), "after\n");
}

/* A write that ends exactly at the end of the storage, then one that starts at its start. */
static void writes_on_the_storage_boundary(void **state)
{
	unsigned long long pos = 0;

	(void)state;
	put("0123456\n");
	put("abcdefg\n"); /* end = 16 = SIZE */
	assert_int_equal(ring_end(&r), SIZE);
	assert_string_equal(read_all(&pos), "abcdefg\n"); /* only 15 kept: the first line went */
	put("hi\n");
	pos = 8;
	assert_string_equal(read_all(&pos), "abcdefg\nhi\n");
}

static void one_write_longer_than_the_ring(void **state)
{
	unsigned long long pos = 0;

	(void)state;
	put("old\n");
	put("first line is long\nlast\n");
	assert_int_equal(ring_end(&r), 28);
	assert_string_equal(read_all(&pos), "last\n");
}

/* Random lines against a model that keeps all of them: after every write, the ring holds
 * exactly the whole lines that fit in size - 1 bytes, and any position reads correctly. */
static void random_lines_match_the_model(void **state)
{
	static char model[200000];
	unsigned long long len = 0;

	(void)state;
	srand(4);
	while (len < sizeof(model) - SIZE * 2) {
		size_t n = (size_t)(rand() % (SIZE + 4));
		unsigned long long oldest, pos;
		char out[SIZE * 2];
		size_t got;

		for (size_t k = 0; k < n; k++)
			model[len + k] = (char)('a' + rand() % 26);
		model[len + n] = '\n';
		ring_put(&r, model + len, n + 1);
		len += n + 1;
		assert_int_equal(ring_end(&r), len);

		/* the model's oldest line start within the last SIZE - 1 bytes */
		oldest = len > SIZE - 1 ? len - (SIZE - 1) : 0;
		while (oldest > 0 && oldest < len && model[oldest - 1] != '\n')
			oldest++;
		pos = (unsigned long long)rand() % (len + 1);
		got = ring_read(&r, &pos, out, (size_t)(rand() % (SIZE + 2)));
		assert_true(pos - got >= oldest);
		assert_true(pos <= len);
		assert_memory_equal(out, model + (pos - got), got);
		pos = 0;
		got = ring_read(&r, &pos, out, sizeof(out));
		assert_int_equal(pos - got, oldest);
		assert_int_equal(pos, len);
		assert_memory_equal(out, model + oldest, got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(empty_ring_reads_nothing, setup),
		cmocka_unit_test_setup(lines_read_back_in_order, setup),
		cmocka_unit_test_setup(partial_reads_resume_where_they_stopped, setup),
		cmocka_unit_test_setup(wrap_around_keeps_bytes_in_order, setup),
		cmocka_unit_test_setup(lagging_reader_moves_to_the_oldest_whole_line, setup),
		cmocka_unit_test_setup(reader_that_kept_up_is_not_moved, setup),
		cmocka_unit_test_setup(reader_past_the_end_moves_back_to_it, setup),
		cmocka_unit_test_setup(exact_size_writes, setup),
		cmocka_unit_test_setup(writes_on_the_storage_boundary, setup),
		cmocka_unit_test_setup(one_write_longer_than_the_ring, setup),
		cmocka_unit_test_setup(random_lines_match_the_model, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
