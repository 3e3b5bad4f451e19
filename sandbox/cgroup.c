/* cgroup.c: creates one cgroup v2 leaf per app with its memory, pids and cpu limits, so that
 * limits hold from the app's first instruction (the child is cloned straight into it). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"

#define CG_ROOT "/sys/fs/cgroup"
#define CG_WARD CG_ROOT "/ward"

enum { CPU_PERIOD_US = 100000 };

static int write_file_at(int dirfd, const char *file, const char *value)
{
	size_t len = strlen(value);
	int fd = openat(dirfd, file, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, value, len);
	if (n != (ssize_t)len) {
		int err = n < 0 ? errno : EIO;
		close(fd);
		errno = err;
		return -1;
	}
	return close(fd);
}

/* Controllers are enabled one at a time: a kernel without one still gets the others. */
static int enable_controllers(const char *dir, const char **what)
{
	static const char *const controllers[] = { "+cpu", "+memory", "+pids" };
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0) {
		*what = dir;
		return -1;
	}
	for (size_t i = 0; i < sizeof(controllers) / sizeof(controllers[0]); i++) {
		if (write_file_at(fd, "cgroup.subtree_control", controllers[i]) < 0) {
			*what = controllers[i];
			ret = -1;
		}
	}
	close(fd);
	return ret;
}

int cg_setup_root(const char **what)
{
	int ret = enable_controllers(CG_ROOT, what);

	if (mkdir(CG_WARD, 0755) < 0 && errno != EEXIST) {
		*what = CG_WARD;
		return -1;
	}
	if (enable_controllers(CG_WARD, what) < 0)
		ret = -1;
	return ret;
}

/* A limit of 0 means "max"; writing "max" also undoes a limit left by an earlier config. */
static int write_limit_at(int dirfd, const char *file, unsigned long long value,
			  const char *suffix)
{
	char buf[48];

	if (value == 0)
		snprintf(buf, sizeof(buf), "max%s", suffix);
	else
		snprintf(buf, sizeof(buf), "%llu%s", value, suffix);
	return write_file_at(dirfd, file, buf);
}

int cg_create(const struct sb_spec *spec, const char **what)
{
	const struct sb_limits *l = &spec->limits;
	char period[24];
	const struct {
		const char *file;
		unsigned long long value;
		const char *suffix;
	} limits[] = {
		{ "memory.max", l->memory_max, "" },
		{ "pids.max", l->pids_max, "" },
		{ "cpu.max", (unsigned long long)l->cpu_max_percent * CPU_PERIOD_US / 100, period },
	};
	char path[sizeof(CG_WARD) + 64];
	int fd, err;

	snprintf(period, sizeof(period), " %d", CPU_PERIOD_US);
	snprintf(path, sizeof(path), "%s/%s", CG_WARD, spec->name);
	/* A fresh leaf for every run: counters start at zero, and no state of an earlier run
	 * carries over (some 6.1 stable kernels kill every child cloned into a leaf that once
	 * had cgroup.kill written). */
	*what = "earlier cgroup (still in use)";
	if (rmdir(path) < 0 && errno != ENOENT)
		return -1;
	*what = "cgroup directory";
	if (mkdir(path, 0755) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		/* Fail closed: a configured limit that cannot be written keeps the app from
		 * running. A missing controller only matters when a limit is configured. */
		if (write_limit_at(fd, limits[i].file, limits[i].value, limits[i].suffix) < 0 &&
		    (limits[i].value != 0 || errno != ENOENT)) {
			*what = limits[i].file;
			err = errno;
			close(fd);
			errno = err;
			return -1;
		}
	}
	return fd;
}

int cg_kill(int cgroup_fd)
{
	return write_file_at(cgroup_fd, "cgroup.kill", "1");
}

int cg_remove(const struct sb_spec *spec)
{
	char path[sizeof(CG_WARD) + 64];

	snprintf(path, sizeof(path), "%s/%s", CG_WARD, spec->name);
	return rmdir(path);
}
