/* test_root_scratch.c: the writable places of an app's root (sandbox/root.c): /tmp, /run and
 * /dev/shm are mounts of their own but of the root's tmpfs, with the modes an app expects
 * (1777, 0755, 1777), writable while the root around them is read-only, the root's size
 * (TMPFS_SIZE) bounds what can be written in the three together, and under SB_NOEXEC nothing
 * written there can be executed. Asked of the kernel: statx's mount ids and devices, statfs,
 * and the errors writes and execve get. Each test builds and enters a root in fresh mount and
 * pid namespaces, as the sandbox child does. Needs root: skipped otherwise. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "in_namespaces.h"
#include "root.h"

enum { SIZE_KIB = 256 };

static const char *const places[] = { "/tmp", "/run", "/dev/shm" };
static const mode_t modes[] = { 01777, 0755, 01777 };

struct task {
	unsigned int flags; /* the spec's besides SB_NEW_ROOT */
	int (*check)(void);
};

/* In fresh mount and pid namespaces, as PID 1 of the new one: builds and enters a root from
 * a spec with one of its own and nothing bound into it, as the sandbox child does, and returns
 * what the check returns there: 0 when it holds, else the number of the first part that failed
 * (or 101-103 when the root could not be made). /run is a tmpfs of the namespace's first, so
 * that SB_ROOT_DIR is not left behind on the host. */
static int enter_root_and(const void *arg)
{
	const struct task *t = arg;
	const struct sb_spec spec = {
		.name = "scratch",
		.namespaces = CLONE_NEWNS | CLONE_NEWPID,
		.flags = SB_NEW_ROOT | t->flags,
		.tmpfs_kib = SIZE_KIB,
	};
	const char *what = "";
	int root;

	if (mount("scratch-test", "/run", "tmpfs", 0, NULL) < 0 || sb_root_prepare() < 0)
		return 101;
	root = sb_root_build(&spec, &what);
	if (root < 0)
		return 102;
	if (sb_root_enter(&spec, root, &what) < 0)
		return 103;
	return t->check();
}

static int in_root_with(unsigned int flags, int (*check)(void))
{
	const struct task t = { flags, check };

	return in_namespaces(enter_root_and, &t);
}

static int in_root(int (*check)(void))
{
	return in_root_with(SB_MASK_PROC, check);
}

static int statx_of(const char *path, struct statx *st)
{
	return statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_MODE | STATX_MNT_ID, st);
}

/* Each a mount point (a mount id other than the root's) on the root's own superblock (its
 * device), with its mode. */
static int binds_of_the_root(void)
{
	struct statx root, st;

	if (statx_of("/", &root) < 0 || !(root.stx_mask & STATX_MNT_ID))
		return 90;
	for (int i = 0; i < 3; i++) {
		if (statx_of(places[i], &st) < 0)
			return 10 * i + 1;
		if (st.stx_mnt_id == root.stx_mnt_id)
			return 10 * i + 2;
		if (st.stx_dev_major != root.stx_dev_major || st.stx_dev_minor != root.stx_dev_minor)
			return 10 * i + 3;
		if ((st.stx_mode & 07777) != modes[i] || !S_ISDIR(st.stx_mode))
			return 10 * i + 4;
	}
	return 0;
}

static int created(const char *dir, const char *name)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int writable_in_a_read_only_root(void)
{
	if (created("", "x") != -EROFS || created("/dev", "x") != -EROFS)
		return 1;
	for (int i = 0; i < 3; i++)
		if (created(places[i], "x") < 0)
			return 10 + i;
	return 0;
}

/* Writes `path` in 16 KiB steps until a write fails; returns the KiB written and the errno. */
static long fill(const char *path, int *err)
{
	static char chunk[16 << 10];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	long kib = 0;

	*err = 0;
	if (fd < 0) {
		*err = errno;
		return 0;
	}
	memset(chunk, 0x5a, sizeof(chunk));
	while (kib < 4 * SIZE_KIB) {
		if (write(fd, chunk, sizeof(chunk)) != (ssize_t)sizeof(chunk)) {
			*err = errno;
			break;
		}
		kib += sizeof(chunk) >> 10;
	}
	close(fd);
	return kib;
}

/* statfs says SIZE_KIB for each; /tmp takes no more than that, and once it is full a write
 * to /run or /dev/shm fails with ENOSPC too. */
static int one_size_for_the_three(void)
{
	struct statfs fs;
	long kib;
	int err;

	for (int i = 0; i < 3; i++) {
		if (statfs(places[i], &fs) < 0)
			return 1;
		if ((long long)fs.f_blocks * fs.f_bsize != SIZE_KIB * 1024LL)
			return 2 + i;
	}
	kib = fill("/tmp/fill", &err);
	if (err != ENOSPC || kib > SIZE_KIB || kib < SIZE_KIB / 2)
		return 10;
	fill("/run/fill", &err);
	if (err != ENOSPC)
		return 11;
	fill("/dev/shm/fill", &err);
	if (err != ENOSPC)
		return 12;
	/* Space freed in one is space for the others. */
	if (unlink("/tmp/fill") < 0 || fill("/dev/shm/fill", &err) < SIZE_KIB / 2)
		return 13;
	return 0;
}

/* An executable file of printable bytes (no binary format's, no module asked for) in dir,
 * executed: the errno execve fails with. EACCES where the mount is noexec; ENOEXEC where the
 * kernel went on to look for a format. */
static int exec_error(const char *dir)
{
	char path[64];
	char *const argv[] = { path, NULL };
	int fd;

	snprintf(path, sizeof(path), "%s/prog", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd < 0)
		return -1;
	if (write(fd, "ward\n", 5) != 5) {
		close(fd);
		return -1;
	}
	close(fd);
	execv(path, argv);
	return errno;
}

/* Each of the three noexec as statfs says, and what was written there not executed. */
static int nothing_written_runs(void)
{
	struct statfs fs;

	for (int i = 0; i < 3; i++) {
		if (statfs(places[i], &fs) < 0 || !(fs.f_flags & ST_NOEXEC))
			return 10 * i + 1;
		if (exec_error(places[i]) != EACCES)
			return 10 * i + 2;
	}
	return 0;
}

/* The control: without SB_NOEXEC, neither. */
static int what_is_written_runs(void)
{
	struct statfs fs;

	for (int i = 0; i < 3; i++) {
		if (statfs(places[i], &fs) < 0 || (fs.f_flags & ST_NOEXEC))
			return 10 * i + 1;
		if (exec_error(places[i]) != ENOEXEC)
			return 10 * i + 2;
	}
	return 0;
}

static void tmp_run_and_shm_are_binds_of_the_root(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_root(binds_of_the_root), 0);
}

static void they_are_writable_and_the_root_is_not(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_root(writable_in_a_read_only_root), 0);
}

static void the_root_size_bounds_the_three_together(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_root(one_size_for_the_three), 0);
}

static void under_noexec_nothing_written_there_runs(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_root_with(SB_MASK_PROC | SB_NOEXEC, nothing_written_runs), 0);
}

static void without_noexec_what_is_written_there_runs(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_root(what_is_written_runs), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tmp_run_and_shm_are_binds_of_the_root),
		cmocka_unit_test(they_are_writable_and_the_root_is_not),
		cmocka_unit_test(the_root_size_bounds_the_three_together),
		cmocka_unit_test(under_noexec_nothing_written_there_runs),
		cmocka_unit_test(without_noexec_what_is_written_there_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
