/* cgroup_v1.c: the same per-app limits on kernels (or boots) without cgroup v2: one leaf
 * ward/<app> in each v1 hierarchy (memory, pids, cpu, freezer; cpuset and blkio when the
 * app has CPUs or an IO weight configured). The child cannot be cloned into v1 cgroups: it
 * joins them itself (cg_join) before it can fork. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_file.h"
#include "cgroup_kill.h"
#include "cgroup_v1.h"
#include "fmt.h"
#include "read_text.h"
#include "syscalls.h"


/* The hierarchies, mounted at /sys/fs/cgroup/<name> with the controller of that name. */
static const char *const hierarchies[] = { "memory", "pids", "cpu", "cpuset", "blkio", "freezer" };
enum { MEMORY, PIDS, CPU, CPUSET, BLKIO, FREEZER, HIERARCHIES };
_Static_assert(HIERARCHIES == CG1_HIERARCHIES, "cgroup_v1.h's count");

/* The hierarchies cg1_setup mounted (ward-run, which finds them set up, takes all). A kernel
 * may lack a controller, or be told to leave it off (cgroup_disable=memory, as some boards'
 * command lines have): its hierarchy is then skipped, and an app that needs it (a memory
 * limit, say) fails closed at the write of its limit. */
static unsigned int mounted = (1u << HIERARCHIES) - 1;

/* A leaf only where it holds something. A cpuset leaf without cpuset.cpus of its own would
 * copy ward/'s (clone_children), which copies the root's; a blkio leaf without a weight
 * would only count (v1 throttling is not offered: io.max fails closed). Without them the app
 * stays in its parent's cpuset and blkio cgroups (PID 1's, the root; ward-run's caller's,
 * whose CPUs it then cannot leave), for a leaf less each to make, join and remove (some
 * 80 us a spawn), as systemd does for a unit without IO accounting. memory (limits, OOM
 * events), pids (limit), cpu (each app its own share) and freezer (kill, freeze) always. */
static bool has_leaf(const struct sb_spec *spec, int h)
{
	if (!(mounted & 1u << h))
		return false;
	if (h == CPUSET)
		return spec->limits.cpuset_cpus && *spec->limits.cpuset_cpus;
	return h != BLKIO || spec->limits.io_weight;
}

static void leaf_path(char *buf, size_t len, int h, const char *app, const char *file)
{
	fmt_buf(buf, len, CG_ROOT "/%s/ward%s%s%s%s", hierarchies[h], app ? "/" : "",
		app ? app : "", file ? "/" : "", file ? file : "");
}

/* One hierarchy mounted, with its ward/: 0, or -1 with errno and the path that failed. */
static int mount_hierarchy(int h, char *path, size_t len)
{
	fmt_buf(path, len, CG_ROOT "/%s", hierarchies[h]);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -1;
	if (mount("cgroup", path, "cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC, hierarchies[h]) < 0 &&
	    errno != EBUSY)
		return -1;
	/* cpuset children start with no CPUs and no memory nodes unless they copy them. */
	if (h == CPUSET) {
		fmt_buf(path, len, CG_ROOT "/cpuset/cgroup.clone_children");
		cg_write_at(AT_FDCWD, path, "1");
	}
	leaf_path(path, len, h, NULL, NULL);
	return mkdir(path, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

int cg1_setup(const char **what)
{
	static char path[128], failed[128]; /* *what may point here after the return */
	struct sb_statx st;
	int err = 0;

	/* A tmpfs to hold the hierarchies, unless something is mounted there already. */
	if (sb_statx(AT_FDCWD, CG_ROOT "/memory", 0, &st) < 0 &&
	    mount("cgroup", CG_ROOT, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755") < 0) {
		*what = CG_ROOT;
		return -1;
	}
	/* Each hierarchy that mounts is used, whatever the others do. */
	mounted = 0;
	for (int h = 0; h < HIERARCHIES; h++) {
		if (mount_hierarchy(h, path, sizeof(path)) == 0) {
			mounted |= 1u << h;
		} else if (!err) {
			err = errno;
			fmt_buf(failed, sizeof(failed), "%s", path);
		}
	}
	*what = failed;
	errno = err;
	return err ? -1 : 0;
}

/* The v1 files of the v2 limits; v1 has no io.max: such a spec fails closed. */
static int settings_of(const struct sb_limits *l, struct cg_setting *out, size_t *n)
{
	*n = 0;
	if (l->memory_max)
		cg_setting_add(out, n, MEMORY, "memory.limit_in_bytes", "%llu", l->memory_max);
	if (l->memory_high)
		cg_setting_add(out, n, MEMORY, "memory.soft_limit_in_bytes", "%llu", l->memory_high);
	if (l->pids_max)
		cg_setting_add(out, n, PIDS, "pids.max", "%lu", l->pids_max);
	/* Per 100 ms, the period a fresh leaf has (cpu.cfs_period_us), as v2's cpu.max. */
	if (l->cpu_max_percent)
		cg_setting_add(out, n, CPU, "cpu.cfs_quota_us", "%u", l->cpu_max_percent * 1000);
	if (l->cpu_weight) /* v2 weight 100 is v1 shares 1024 */
		cg_setting_add(out, n, CPU, "cpu.shares", "%u", l->cpu_weight * 1024 / 100 ? l->cpu_weight * 1024 / 100 : 2);
	if (l->cpuset_cpus && *l->cpuset_cpus)
		cg_setting_add(out, n, CPUSET, "cpuset.cpus", "%s", l->cpuset_cpus);
	/* CFQ's blkio.weight went with CFQ in Linux 5.0: the weight is BFQ's (present while
	 * BFQ is loaded), which takes 1..1000. */
	if (l->io_weight)
		cg_setting_add(out, n, BLKIO, "blkio.bfq.weight", "%u",
		    l->io_weight > 1000 ? 1000 : l->io_weight);
	if ((l->io_max && *l->io_max) || l->swap_max) {
		errno = EOPNOTSUPP;
		return -1;
	}
	return 0;
}

int cg1_create(const struct sb_spec *spec, const char **what)
{
	static char step[192]; /* *what may point here after the return */
	char path[160];
	struct cg_setting settings[10];
	const char *verb;
	size_t n;
	int fd;

	*what = "set io.max or memory.swap.max (cgroup v1 has neither)";
	if (settings_of(&spec->limits, settings, &n) < 0)
		return -1;
	*what = step;
	for (int h = 0; h < HIERARCHIES; h++) {
		if (!has_leaf(spec, h))
			continue;
		leaf_path(path, sizeof(path), h, spec->name, NULL);
		if (cg_make_fresh(path, &verb) < 0)
			return cg_step_failed(step, sizeof(step), verb, path);
	}
	for (size_t i = 0; i < n; i++) {
		leaf_path(path, sizeof(path), settings[i].where, spec->name, settings[i].file);
		if (cg_write_at(AT_FDCWD, path, settings[i].value) < 0)
			return cg_write_failed(step, sizeof(step), settings[i].value, path);
	}
	/* The handle PID 1 keeps: the freezer leaf, through which the whole app is stopped. */
	leaf_path(path, sizeof(path), FREEZER, spec->name, NULL);
	fd = openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? cg_step_failed(step, sizeof(step), "open", path) : fd;
}

int cg1_join_open(const struct sb_spec *spec, int fds[HIERARCHIES])
{
	char path[160];
	int n = 0;

	for (int h = 0; h < HIERARCHIES; h++) {
		if (!has_leaf(spec, h))
			continue;
		leaf_path(path, sizeof(path), h, spec->name, "tasks");
		fds[n] = openat(AT_FDCWD, path, O_WRONLY | O_CLOEXEC);
		if (fds[n] < 0) {
			while (n-- > 0)
				close(fds[n]); /* errno kept (syscalls.h) */
			return -1;
		}
		n++;
	}
	return n;
}

int cg1_freeze(const struct sb_spec *spec, bool frozen)
{
	char path[160];

	leaf_path(path, sizeof(path), FREEZER, spec->name, "freezer.state");
	return cg_write_at(AT_FDCWD, path, frozen ? "FROZEN" : "THAWED");
}

int cg1_kill(const struct sb_spec *spec)
{
	char procs[160], state[160];

	leaf_path(procs, sizeof(procs), FREEZER, spec->name, "cgroup.procs");
	leaf_path(state, sizeof(state), FREEZER, spec->name, "freezer.state");
	return cg_kill_listed(AT_FDCWD, procs, state, "FROZEN", "THAWED");
}

long cg1_oom_kills(const struct sb_spec *spec)
{
	char path[160], buf[512];
	const char *p;

	leaf_path(path, sizeof(path), MEMORY, spec->name, "memory.oom_control");
	if (sb_read_text(path, buf, sizeof(buf)) < 0)
		return -1;
	p = fmt_find(buf, "oom_kill ");
	return p ? fmt_parse_long(p + 9, NULL) : 0;
}

/* v1 has no memory.events to poll: an eventfd registered on memory.oom_control through
 * cgroup.event_control is signalled when the leaf runs out of memory. */
int cg1_oom_eventfd(const struct sb_spec *spec)
{
	char path[160];
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int ofd, cfd = -1, ok = 0;

	leaf_path(path, sizeof(path), MEMORY, spec->name, "memory.oom_control");
	ofd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	leaf_path(path, sizeof(path), MEMORY, spec->name, "cgroup.event_control");
	if (efd >= 0 && ofd >= 0)
		cfd = openat(AT_FDCWD, path, O_WRONLY | O_CLOEXEC);
	if (cfd >= 0) {
		char line[32];
		int n = fmt_buf(line, sizeof(line), "%d %d", efd, ofd);

		ok = write(cfd, line, (size_t)n) == n;
		close(cfd);
	}
	if (ofd >= 0)
		close(ofd);
	if (!ok && efd >= 0) {
		close(efd);
		efd = -1;
	}
	return efd;
}

bool cg1_have_parents(void)
{
	char path[64];

	for (int h = 0; h < HIERARCHIES; h++) {
		leaf_path(path, sizeof(path), h, NULL, NULL);
		if (access(path, F_OK) < 0)
			return false;
	}
	return true;
}

void cg1_remove_parents(void)
{
	char path[64];

	for (int h = 0; h < HIERARCHIES; h++) {
		leaf_path(path, sizeof(path), h, NULL, NULL);
		rmdir(path);
	}
}

int cg1_remove(const struct sb_spec *spec)
{
	char path[160];
	int err = 0;

	for (int h = 0; h < HIERARCHIES; h++) {
		leaf_path(path, sizeof(path), h, spec->name, NULL);
		if (has_leaf(spec, h) && rmdir(path) < 0 && errno != ENOENT && !err)
			err = errno;
	}
	if (!err)
		return 0;
	errno = err; /* the first failure's: a later leaf that is gone says ENOENT */
	return -1;
}
