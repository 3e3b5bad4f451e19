/* cgroup.c: creates one cgroup v2 leaf per app with its memory, pids and cpu limits, so that
 * limits hold from the app's first instruction (the child is cloned straight into it). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_file.h"
#include "cgroup_kill.h"
#include "cgroup_v1.h"
#include "fmt.h"
#include "read_text.h"

enum { CPU_PERIOD_US = 100000 };

unsigned int cg_controllers_of(const struct sb_limits *l)
{
	return (l->cpuset_cpus && *l->cpuset_cpus ? CG_CPUSET : 0) |
	       (l->io_weight || (l->io_max && *l->io_max) ? CG_IO : 0);
}

/* Controllers are enabled one at a time: a kernel without one still gets the others. cpuset
 * and io only when an app sets their limits: enabling each took 2-3.5 ms of a TCG guest's
 * boot, and every leaf would carry their files and state for nothing. */
static int enable_controllers(const char *dir, unsigned int optional, const char **what)
{
	static const char *const controllers[] = { "+cpu", "+cpuset", "+io", "+memory", "+pids" };
	int fd = openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = 0;

	if (fd < 0) {
		*what = dir;
		return -1;
	}
	for (size_t i = 0; i < sizeof(controllers) / sizeof(controllers[0]); i++) {
		unsigned int needs = i == 1 ? CG_CPUSET : i == 2 ? CG_IO : 0;

		if ((needs & ~optional) == 0 &&
		    cg_write_at(fd, "cgroup.subtree_control", controllers[i]) < 0) {
			*what = controllers[i];
			ret = -1;
		}
	}
	close(fd);
	return ret;
}

/* Chosen once at boot: v2, or the v1 hierarchies of older kernels (cgroup_v1.c). */
static bool v1;

void cg_select(bool use_v1)
{
	v1 = use_v1;
}

bool cg_needs_join(void)
{
	return v1;
}

int cg_setup_root(bool use_v1, unsigned int optional, const char **what)
{
	int ret;

	cg_select(use_v1);
	if (v1)
		return cg1_setup(what);
	ret = enable_controllers(CG_ROOT, optional, what);

	if (mkdir(CG_WARD, 0755) < 0 && errno != EEXIST) {
		*what = CG_WARD;
		return -1;
	}
	if (enable_controllers(CG_WARD, optional, what) < 0)
		ret = -1;
	return ret;
}

/* The files a leaf needs written: only configured limits (a fresh leaf has no limit). */
static size_t settings_of(const struct sb_limits *l, struct cg_setting *out)
{
	size_t n = 0;

	if (l->memory_max)
		cg_setting_add(out, &n, 0, "memory.max", "%llu", l->memory_max);
	if (l->memory_high)
		cg_setting_add(out, &n, 0, "memory.high", "%llu", l->memory_high);
	if (l->swap_max)
		cg_setting_add(out, &n, 0, "memory.swap.max", "%llu", l->swap_max);
	if (l->pids_max)
		cg_setting_add(out, &n, 0, "pids.max", "%lu", l->pids_max);
	if (l->cpu_max_percent)
		cg_setting_add(out, &n, 0, "cpu.max", "%llu %d",
		    (unsigned long long)l->cpu_max_percent * CPU_PERIOD_US / 100, CPU_PERIOD_US);
	if (l->cpu_weight)
		cg_setting_add(out, &n, 0, "cpu.weight", "%u", l->cpu_weight);
	if (l->cpuset_cpus && *l->cpuset_cpus)
		cg_setting_add(out, &n, 0, "cpuset.cpus", "%s", l->cpuset_cpus);
	if (l->io_weight)
		cg_setting_add(out, &n, 0, "io.weight", "default %u", l->io_weight);
	if (l->io_max && *l->io_max)
		cg_setting_add(out, &n, 0, "io.max", "%s", l->io_max);
	return n;
}

/* Whether the leaf runs on the CPUs written to its cpuset.cpus: v2 takes CPUs that exist but
 * are offline (maxcpus=, hotplug, nosmt) and runs the app on its parent's CPUs instead, where
 * v1 refuses them. The kernel lists both sets in the same form. */
static bool cpus_in_effect(int leaf)
{
	char cpus[128], effective[128];

	return sb_read_text_at(leaf, "cpuset.cpus", cpus, sizeof(cpus)) >= 0 &&
	       sb_read_text_at(leaf, "cpuset.cpus.effective", effective, sizeof(effective)) >= 0 &&
	       strcmp(cpus, effective) == 0;
}

int cg_create(const struct sb_spec *spec, const char **what)
{
	static char step[sizeof(CG_WARD) + 96]; /* *what may point here after the return */
	struct cg_setting settings[9];
	size_t n = settings_of(&spec->limits, settings);
	char path[sizeof(CG_WARD) + 64];
	const char *verb;
	int fd;

	if (v1)
		return cg1_create(spec, what);
	fmt_buf(path, sizeof(path), "%s/%s", CG_WARD, spec->name);
	*what = step;
	if (cg_make_fresh(path, &verb) < 0)
		return cg_step_failed(step, sizeof(step), verb, path);
	fd = openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return cg_step_failed(step, sizeof(step), "open", path);
	/* Fail closed: a configured limit that cannot be written keeps the app from running. */
	for (size_t i = 0; i < n; i++) {
		if (cg_write_at(fd, settings[i].file, settings[i].value) < 0) {
			cg_write_failed(step, sizeof(step), settings[i].value, settings[i].file);
			close(fd); /* errno kept (syscalls.h) */
			return -1;
		}
	}
	if (spec->limits.cpuset_cpus && *spec->limits.cpuset_cpus && !cpus_in_effect(fd)) {
		fmt_buf(step, sizeof(step), "run on the CPUs %s: not all online",
			spec->limits.cpuset_cpus);
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int cg_clone_fd(int cgroup)
{
	return v1 ? -1 : cgroup;
}

_Static_assert(CG_JOIN_MAX >= CG1_HIERARCHIES, "one fd per v1 hierarchy");

int cg_join_open(const struct sb_spec *spec, int fds[CG_JOIN_MAX])
{
	return v1 ? cg1_join_open(spec, fds) : 0;
}

int cg_join(const int *fds, int n)
{
	int ret = 0;

	/* "0" is the writer itself; through `tasks`, that thread alone (the whole process here,
	 * which has one). */
	for (int i = 0; i < n; i++) {
		if (ret == 0 && write(fds[i], "0", 1) != 1)
			ret = -1;
	}
	cg_join_close(fds, n);
	return ret;
}

void cg_join_close(const int *fds, int n)
{
	for (int i = 0; i < n; i++)
		close(fds[i]); /* errno kept (syscalls.h) */
}

int cg_kill(const struct sb_spec *spec, int cgroup)
{
	if (v1)
		return cg1_kill(spec);
	/* cgroup.kill is Linux 5.14's; v2 kernels before it (5.10 LTS) have cgroup.freeze (5.2),
	 * and the leaf's processes are killed as v1's are. */
	if (cg_write_at(cgroup, "cgroup.kill", "1") == 0)
		return 0;
	if (errno != ENOENT)
		return -1;
	return cg_kill_listed(cgroup, "cgroup.procs", "cgroup.freeze", "1", "0");
}

int cg_remove(const struct sb_spec *spec)
{
	char path[sizeof(CG_WARD) + 64];

	if (v1)
		return cg1_remove(spec);
	fmt_buf(path, sizeof(path), "%s/%s", CG_WARD, spec->name);
	return rmdir(path);
}

int cg_freeze(const struct sb_spec *spec, int cgroup, bool frozen)
{
	if (v1)
		return cg1_freeze(spec, frozen);
	return cg_write_at(cgroup, "cgroup.freeze", frozen ? "1" : "0");
}

int cg_events_fd(const struct sb_spec *spec, int cgroup)
{
	return v1 ? cg1_oom_eventfd(spec) : openat(cgroup, "memory.events", O_RDONLY | O_CLOEXEC);
}

short cg_events_poll(void)
{
	return v1 ? POLLIN : POLLPRI;
}

long cg_events_oom_kills(const struct sb_spec *spec, int events_fd)
{
	char buf[512];
	const char *p;
	ssize_t n;

	if (v1) {
		uint64_t count;

		/* Drained, or the eventfd stays readable. */
		(void)!read(events_fd, &count, sizeof(count));
		return cg1_oom_kills(spec);
	}
	/* Reading from the start is also what re-arms poll() on a cgroup file. */
	n = pread(events_fd, buf, sizeof(buf) - 1, 0);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	p = fmt_find(buf, "oom_kill ");
	return p ? fmt_parse_long(p + 9, NULL) : 0;
}

long cg_oom_kills(const struct sb_spec *spec, int cgroup)
{
	long n;
	int fd;

	if (v1)
		return cg1_oom_kills(spec);
	fd = cg_events_fd(spec, cgroup);
	if (fd < 0)
		return -1;
	n = cg_events_oom_kills(spec, fd);
	close(fd);
	return n;
}
