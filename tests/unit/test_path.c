/* test_path.c: resolution beneath an app's root (sandbox/path.c) against the symlinks an app
 * can plant, on the host's kernel in a scratch directory. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "path.h"

struct scratch {
	char dir[64];     /* plays the app's root */
	char outside[80]; /* a directory next to it, which must stay untouched */
	int root;
};

static int setup(void **state)
{
	static struct scratch s;
	char path[160];

	snprintf(s.dir, sizeof(s.dir), "/tmp/ward-path-XXXXXX");
	if (!mkdtemp(s.dir))
		return -1;
	snprintf(s.outside, sizeof(s.outside), "%s.outside", s.dir);
	mkdir(s.outside, 0755);
	snprintf(path, sizeof(path), "%s/data", s.dir);
	mkdir(path, 0755);
	/* What an app could leave in its writable data directory. */
	snprintf(path, sizeof(path), "%s/data/evil", s.dir);
	if (symlink(s.outside, path) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/data/dots", s.dir);
	if (symlink("../../../../..", path) < 0)
		return -1;
	s.root = open(s.dir, O_PATH | O_DIRECTORY);
	*state = &s;
	return s.root < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	struct scratch *s = *state;
	char cmd[200];

	close(s->root);
	snprintf(cmd, sizeof(cmd), "rm -rf %s %s", s->dir, s->outside);
	return system(cmd) == 0 ? 0 : -1;
}

static int exists_outside(const struct scratch *s, const char *name)
{
	char path[160];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", s->outside, name);
	return stat(path, &st) == 0;
}

/* The fd sb_path_make returns is the path it made: same inode as a fresh lookup, and of the
 * kind asked for. */
static void assert_made(const struct scratch *s, const char *path, int file)
{
	struct stat made, looked;
	int fd = sb_path_make(s->root, path, file), again;

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &made), 0);
	again = sb_path_open(s->root, path, O_PATH);
	assert_true(again >= 0);
	assert_int_equal(fstat(again, &looked), 0);
	assert_true(made.st_ino == looked.st_ino && made.st_dev == looked.st_dev);
	assert_true(file ? S_ISREG(made.st_mode) : S_ISDIR(made.st_mode));
	close(fd);
	close(again);
}

static void creates_nested_directories_and_files(void **state)
{
	struct scratch *s = *state;

	assert_made(s, "/a/b/c", 0);
	assert_made(s, "/a/b/c", 0); /* again: reused */
	assert_made(s, "//a//b/d/", 0); /* repeated and trailing slashes */
	assert_made(s, "/dev/null", 1);
	assert_made(s, "/dev/null", 1); /* an existing file is reused, not refused */
}

/* A ".." component never climbs out of the root while making a path. */
static void dotdot_component_refused(void **state)
{
	struct scratch *s = *state;

	char above[160], *slash;
	struct stat st;

	assert_int_equal(sb_path_make(s->root, "/a/../../escaped", 0), -1);
	snprintf(above, sizeof(above), "%s", s->dir);
	slash = strrchr(above, '/');
	assert_non_null(slash);
	strcpy(slash, "/escaped"); /* next to the root, where ".." would have led */
	assert_int_equal(stat(above, &st), -1);
}

static void refuses_a_planted_symlink(void **state)
{
	struct scratch *s = *state;

	errno = 0;
	assert_int_equal(sb_path_make(s->root, "/data/evil/x", 0), -1);
	assert_int_equal(errno, ELOOP);
	assert_false(exists_outside(s, "x"));
	assert_int_equal(sb_path_open(s->root, "/data/evil", O_PATH), -1);
	assert_int_equal(errno, ELOOP);
}

static void dotdot_stays_inside(void **state)
{
	struct scratch *s = *state;
	struct stat in, root;
	int fd;

	/* "/../../.." is the root itself, as it is for a process chrooted there. */
	fd = sb_path_open(s->root, "/../../..", O_PATH | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &in), 0);
	assert_int_equal(fstat(s->root, &root), 0);
	assert_true(in.st_ino == root.st_ino && in.st_dev == root.st_dev);
	close(fd);
	/* A relative symlink climbing out is refused like any symlink. */
	assert_int_equal(sb_path_make(s->root, "/data/dots/etc", 0), -1);
}

static void rejects_relative_and_overlong_paths(void **state)
{
	struct scratch *s = *state;
	char longpath[300];

	assert_int_equal(sb_path_make(s->root, "relative", 0), -1);
	assert_int_equal(errno, EINVAL);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(sb_path_make(s->root, longpath, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(creates_nested_directories_and_files),
		cmocka_unit_test(dotdot_component_refused),
		cmocka_unit_test(refuses_a_planted_symlink),
		cmocka_unit_test(dotdot_stays_inside),
		cmocka_unit_test(rejects_relative_and_overlong_paths),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
