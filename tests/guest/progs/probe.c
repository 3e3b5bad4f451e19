/* probe.c: hostile code for the inside of a sandboxed app: tries every escape route it knows,
 * harmlessly, and prints one TAP line per route (blocked is ok unless --open expects it open).
 *
 * A syscall route calls with a bad pointer, bad magic or bad fd: EPERM, EACCES or ENOSYS
 * means the filter or a missing capability stopped it; anything else (EFAULT, EINVAL, EBADF,
 * success) means it reached the kernel's own argument checks, so the route is open. Each
 * route runs in a forked child of its own process group with a 30 s alarm; the probe is a
 * subreaper and kills and reaps that whole group afterwards, so nothing outlives a route. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Kernel constants the musl toolchains have no headers for. */
enum {
	PROC_SUPER_MAGIC = 0x9fa0,
	SYSFS_MAGIC = 0x62656572,
	DEBUGFS_MAGIC = 0x64626720,
	UFFD_USER_MODE_ONLY = 1,
	SYSLOG_ACTION_READ_ALL = 3,
	BAD_CMD = 0x7fff, /* for keyctl and bpf */
	KEXEC_BAD_FLAGS = 0x8000, /* neither ON_CRASH nor PRESERVE_CONTEXT: always EINVAL */
};

enum {
	BAD_ADDR = 8, /* never mapped (below mmap_min_addr): every copy from or to it faults */
	/* For a route that hangs. memory-hog took 4-6 s on armhf with the boot's other hogs, a
	 * fork bomb and noisy sharing the one emulated CPU, and past 10 s on a busier host. */
	ROUTE_TIMEOUT_S = 30,
	COLLECT_TIMEOUT_S = 5,
	DETAIL_MAX = 240,
	NOTES_MAX = 1024,
	BOMB_CEILING = 512,     /* a fork bomb that reaches this is not limited */
	OWN_PROCESSES_MAX = 32, /* more in /proc than this: the host's pid namespace */
	CGROUP_DEPTH_MAX = 4,
	MIB = 1 << 20,
};

enum verdict { SKIP, BLOCKED, OPEN, FAILED }; /* ordered: worse() keeps the later one */

/* What a route reports: shared with the parent, since the route runs in a child. */
struct outcome {
	enum verdict verdict;
	char detail[DETAIL_MAX];
	char notes[NOTES_MAX]; /* lines printed as TAP comments */
	int progress;          /* MiB done by a hog or filler grandchild */
	int err;               /* errno that stopped it */
};

struct probe {
	const char *route; /* the name of the running route */
	struct outcome *out;
	int pids_max;
	int memory_max_mib;
};

struct route {
	const char *name;
	enum verdict (*run)(struct probe *p);
};

#define ERRNO(e) { e, #e }
static const struct {
	int err;
	const char *name;
} errno_names[] = {
	ERRNO(EPERM), ERRNO(ENOENT), ERRNO(ESRCH), ERRNO(EINTR), ERRNO(EIO), ERRNO(ENXIO),
	ERRNO(E2BIG), ERRNO(ENOEXEC), ERRNO(EBADF), ERRNO(EAGAIN), ERRNO(ENOMEM), ERRNO(EACCES),
	ERRNO(EFAULT), ERRNO(EBUSY), ERRNO(EEXIST), ERRNO(ENODEV), ERRNO(ENOTDIR), ERRNO(EISDIR),
	ERRNO(EINVAL), ERRNO(ENFILE), ERRNO(EMFILE), ERRNO(ENOTTY), ERRNO(ETXTBSY), ERRNO(EFBIG),
	ERRNO(ENOSPC), ERRNO(EROFS), ERRNO(ENOSYS), ERRNO(EOPNOTSUPP), ERRNO(EDQUOT),
	ERRNO(EUSERS), ERRNO(ELOOP), ERRNO(ENAMETOOLONG),
};

static const char *errno_name(int err)
{
	static char other[16];
	size_t i;

	for (i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	snprintf(other, sizeof(other), "errno %d", err);
	return other;
}

static void vappend(char *buf, size_t size, const char *sep, const char *fmt, va_list ap)
{
	size_t len = strlen(buf);

	if (len && len + strlen(sep) < size) {
		strcpy(buf + len, sep);
		len += strlen(sep);
	}
	if (len < size && vsnprintf(buf + len, size - len, fmt, ap) >= (int)(size - len))
		strcpy(buf + size - 4, "..."); /* cut short */
}

/* Adds to the route's detail, comma-separated. */
static void add(struct probe *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(p->out->detail, sizeof(p->out->detail), ", ", fmt, ap);
	va_end(ap);
}

/* Sets the route's detail and returns its verdict. */
static enum verdict tell(struct probe *p, enum verdict v, const char *fmt, ...)
{
	va_list ap;

	p->out->detail[0] = '\0';
	va_start(ap, fmt);
	vappend(p->out->detail, sizeof(p->out->detail), "", fmt, ap);
	va_end(ap);
	return v;
}

/* Something noteworthy that is not the verdict: a TAP comment line. */
static void note(struct probe *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(p->out->notes, sizeof(p->out->notes), "\n", fmt, ap);
	va_end(ap);
}

static enum verdict worse(enum verdict a, enum verdict b)
{
	return a > b ? a : b;
}

/* A call that the filter or a missing capability must stop. Call it straight on the
 * syscall's return value, so that errno is still the syscall's. */
static enum verdict gate(struct probe *p, const char *call, long ret)
{
	int err = errno;

	if (ret >= 0) {
		add(p, "%s succeeded", call);
		return OPEN;
	}
	add(p, "%s %s", call, errno_name(err));
	return err == EPERM || err == EACCES || err == ENOSYS ? BLOCKED : OPEN;
}

/* ---- syscalls a sandbox must stop ---- */

/* Calls with bad pointers, fds, flags or magic: harmless when they get through. A route may
 * have several (32-bit ARM has two clock_settime, a filter may know only one). */
static const struct call {
	const char *route, *what;
	long nr;
	long arg[5];
} calls[] = {
	{ "umount", "umount2", SYS_umount2, { BAD_ADDR } },
	{ "pivot-root", "pivot_root", SYS_pivot_root, { BAD_ADDR, BAD_ADDR } },
	{ "module-load", "init_module", SYS_init_module, { BAD_ADDR, 0, BAD_ADDR } },
	{ "module-load", "finit_module", SYS_finit_module, { -1, BAD_ADDR } },
	{ "kexec", "kexec_load", SYS_kexec_load, { 0, 0, 0, KEXEC_BAD_FLAGS } },
#ifdef SYS_kexec_file_load
	{ "kexec", "kexec_file_load", SYS_kexec_file_load, { -1, -1, 0, 0, KEXEC_BAD_FLAGS } },
#endif
	/* The first magic is 0xfee1dead: with 0xdead no reboot can happen. */
	{ "reboot", "reboot(bad magic)", SYS_reboot, { 0xdead } },
	{ "swapon", "swapon", SYS_swapon, { BAD_ADDR } },
	{ "acct", "acct", SYS_acct, { BAD_ADDR } },
	{ "perf-event-open", "perf_event_open", SYS_perf_event_open, { BAD_ADDR, 0, -1, -1 } },
	/* USER_MODE_ONLY passes the privilege check; the unknown bit then fails with EINVAL. */
	{ "userfaultfd", "userfaultfd(bad flags)", SYS_userfaultfd,
	  { UFFD_USER_MODE_ONLY | 0x40000000 } },
	{ "keyctl", "keyctl(bad cmd)", SYS_keyctl, { BAD_CMD } },
	{ "io-uring", "io_uring_setup", SYS_io_uring_setup, { 1, BAD_ADDR } },
	{ "syslog", "syslog(READ_ALL)", SYS_syslog, { SYSLOG_ACTION_READ_ALL, BAD_ADDR, 16 } },
	{ "open-by-handle", "open_by_handle_at", SYS_open_by_handle_at, { -1, BAD_ADDR } },
	/* SEIZE passes the same permission check as ATTACH but stops nothing; the route's exit
	 * detaches it. */
	{ "ptrace-pid1", "ptrace(SEIZE, 1)", SYS_ptrace, { PTRACE_SEIZE, 1 } },
	/* stdin may be /dev/null: ENOTTY then means the call reached the tty layer. */
	{ "tiocsti", "ioctl(0, TIOCSTI)", SYS_ioctl, { 0, TIOCSTI, BAD_ADDR } },
	{ "tioclinux", "ioctl(0, TIOCLINUX)", SYS_ioctl, { 0, TIOCLINUX, BAD_ADDR } },
#ifdef SYS_iopl
	{ "iopl", "iopl(4)", SYS_iopl, { 4 } }, /* levels stop at 3 */
#endif
#ifdef SYS_ioperm
	{ "ioperm", "ioperm(0, 0, 0)", SYS_ioperm, { 0 } }, /* an empty range */
#endif
#ifdef SYS_clock_settime
	{ "clock-settime", "clock_settime", SYS_clock_settime, { CLOCK_REALTIME, BAD_ADDR } },
#endif
#ifdef SYS_clock_settime32
	{ "clock-settime", "clock_settime32", SYS_clock_settime32, { CLOCK_REALTIME, BAD_ADDR } },
#endif
#ifdef SYS_clock_settime64
	{ "clock-settime", "clock_settime64", SYS_clock_settime64, { CLOCK_REALTIME, BAD_ADDR } },
#endif
#ifdef SYS_settimeofday
	{ "settimeofday", "settimeofday", SYS_settimeofday, { BAD_ADDR } },
#endif
#ifdef SYS_settimeofday_time32
	{ "settimeofday", "settimeofday_time32", SYS_settimeofday_time32, { BAD_ADDR } },
#endif
};

/* Every call of the table for the running route; skipped when this arch has none. */
static enum verdict route_calls(struct probe *p)
{
	enum verdict v = SKIP;
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		const struct call *c = &calls[i];

		if (!strcmp(c->route, p->route))
			v = worse(v, gate(p, c->what, syscall(c->nr, c->arg[0], c->arg[1], c->arg[2],
							     c->arg[3], c->arg[4])));
	}
	return v == SKIP ? tell(p, SKIP, "no such syscall on this arch") : v;
}

static enum verdict route_mount(struct probe *p)
{
	long ret = mount("probe", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k");
	enum verdict v = gate(p, "mount tmpfs on /tmp", ret);

	if (ret == 0)
		umount2("/tmp", MNT_DETACH);
	return v;
}

/* "/" and not a directory that may be missing: the path lookup comes before the capability
 * check, and ENOENT would read as open. Changing the root of this child harms nothing. */
static enum verdict route_chroot(struct probe *p)
{
	return gate(p, "chroot /", chroot("/"));
}

static enum verdict route_unshare_userns(struct probe *p)
{
	long ret = unshare(CLONE_NEWUSER);

	/* The namespace limits (max_user_namespaces, nesting) stop it as well as a filter. */
	if (ret < 0 && (errno == ENOSPC || errno == EUSERS))
		return tell(p, BLOCKED, "unshare(CLONE_NEWUSER) %s: a namespace limit",
			    errno_name(errno));
	return gate(p, "unshare(CLONE_NEWUSER)", ret);
}

static enum verdict route_setns(struct probe *p)
{
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	enum verdict v;

	if (fd < 0)
		note(p, "/proc/self/ns/net: %s, trying fd -1", errno_name(errno));
	v = gate(p, "setns(CLONE_NEWNET)", setns(fd, CLONE_NEWNET));
	close(fd);
	return v;
}

static enum verdict route_mknod(struct probe *p)
{
	static const char path[] = "/tmp/.probe-null";
	long ret;
	enum verdict v;

	unlink(path);
	ret = mknod(path, S_IFCHR | 0600, makedev(1, 3));
	v = gate(p, "mknod c 1 3 in /tmp", ret);
	if (ret == 0)
		unlink(path);
	return v;
}

/* A copy of this program at path: -1 with errno where its directory takes no file (a
 * read-only mount, /proc, devpts). */
static int copy_self(const char *path)
{
	int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), out = -1, err;
	ssize_t n = -1;

	if (in >= 0 && (out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700)) >= 0) {
		static char buf[64 << 10];

		while ((n = read(in, buf, sizeof(buf))) > 0 && write(out, buf, (size_t)n) == n)
			;
	}
	err = errno;
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) < 0 && n == 0) {
		err = errno;
		n = -1;
	}
	if (out >= 0 && n != 0)
		unlink(path);
	errno = err;
	return n == 0 ? 0 : -1;
}

/* A copy of this program in dir, run (its --list, output dropped) and mapped executable: on a
 * noexec mount execve fails with EACCES and mmap with EPERM. A pipe closed on exec tells an
 * execve that took (nothing to read) from one that failed (its errno). SKIP where dir takes
 * no file. */
static enum verdict exec_in(struct probe *p, const char *dir)
{
	char path[PATH_MAX];
	int fds[2], fd, err = 0, map_err = 0;
	bool ran, mapped;
	void *map;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/.probe-exec", strcmp(dir, "/") ? dir : "");
	if (copy_self(path) < 0)
		return SKIP;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || pipe2(fds, O_CLOEXEC) < 0) {
		add(p, "%s: open or pipe %s", dir, errno_name(errno));
		if (fd >= 0)
			close(fd);
		unlink(path);
		return FAILED;
	}
	map = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	map_err = errno;
	mapped = map != MAP_FAILED;
	if (mapped)
		munmap(map, 4096);
	close(fd);
	pid = fork();
	if (pid < 0) {
		add(p, "%s: fork %s", dir, errno_name(errno));
		close(fds[0]);
		close(fds[1]);
		unlink(path);
		return FAILED;
	}
	if (pid == 0) {
		char *const argv[] = { path, "--list", NULL };
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, 1);
		execv(path, argv);
		err = errno;
		_exit(write(fds[1], &err, sizeof(err)) == (ssize_t)sizeof(err) ? 0 : 1);
	}
	close(fds[1]);
	ran = read(fds[0], &err, sizeof(err)) == 0;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	unlink(path);
	add(p, "%s: execve %s, mmap %s", dir, ran ? "ran it" : errno_name(err),
	    mapped ? "took PROT_EXEC" : errno_name(map_err));
	if (ran || mapped)
		return OPEN;
	return err == EACCES && map_err == EPERM ? BLOCKED : FAILED;
}

/* Every writable mount the app sees (rw in its mountinfo) that takes a file: nothing the app
 * writes there may run (NOEXEC). Open at the first that runs it: an app without a root of
 * its own writes in the system's /. */
static enum verdict route_exec_writable(struct probe *p)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024], point[512], opts[256];
	enum verdict v = SKIP;

	if (!f)
		return tell(p, FAILED, "/proc/self/mountinfo %s", errno_name(errno));
	while (v != OPEN && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %*s %*s %511s %255s", point, opts) == 2 &&
		    (!strcmp(opts, "rw") || !strncmp(opts, "rw,", 3)))
			v = worse(v, exec_in(p, point));
	fclose(f);
	return v == SKIP ? tell(p, FAILED, "no writable mount takes a file") : v;
}

static enum verdict route_personality(struct probe *p)
{
	int old = personality(0xffffffff);
	long ret = personality(PER_LINUX32);
	enum verdict v = gate(p, "personality(PER_LINUX32)", ret);

	if (ret >= 0)
		personality(old);
	return v;
}

/* ---- files and devices ---- */

/* A mask bound over the real file: /dev/null, or a file of another filesystem. */
static bool masked(struct probe *p, const char *path, int fd, long magic)
{
	struct stat st;
	struct statfs fs;

	if (fstat(fd, &st) == 0 && S_ISCHR(st.st_mode)) {
		add(p, "%s masked by char device %u:%u", path, major(st.st_rdev), minor(st.st_rdev));
		return true;
	}
	if (fstatfs(fd, &fs) == 0 && (long)fs.f_type != magic) {
		add(p, "%s masked by filesystem 0x%lx", path, (unsigned long)fs.f_type);
		return true;
	}
	return false;
}

enum access { READ, WRITE };

/* Kernel files that must not open for writing (never written to), or must not have real
 * content to read; magic is the filesystem the real one lives on. */
static const struct file {
	const char *route, *path;
	enum access access;
	long magic;
} files[] = {
	{ "proc-sys-write", "/proc/sys/kernel/hostname", WRITE, PROC_SUPER_MAGIC },
	{ "sysrq", "/proc/sysrq-trigger", WRITE, PROC_SUPER_MAGIC },
	{ "proc-kcore", "/proc/kcore", READ, PROC_SUPER_MAGIC },
	{ "proc-keys", "/proc/keys", READ, PROC_SUPER_MAGIC },
	{ "proc-timer-list", "/proc/timer_list", READ, PROC_SUPER_MAGIC },
	{ "proc-interrupts", "/proc/interrupts", READ, PROC_SUPER_MAGIC },
	{ "proc-sched-debug", "/proc/sched_debug", READ, PROC_SUPER_MAGIC }, /* until 5.13 */
	{ "proc-sched-debug", "/sys/kernel/debug/sched/debug", READ, DEBUGFS_MAGIC },
	{ "sys-write", "/sys/kernel/uevent_helper", WRITE, SYSFS_MAGIC },
	{ "sys-write", "/sys/power/state", WRITE, SYSFS_MAGIC },
};

static enum verdict file_open(struct probe *p, const struct file *f)
{
	int flags = f->access == WRITE ? O_WRONLY : O_RDONLY;
	int fd = open(f->path, flags | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	ssize_t n = 0;
	int err = 0;
	bool mask;

	if (fd < 0) {
		add(p, "%s %s", f->path, errno_name(errno));
		return BLOCKED;
	}
	mask = masked(p, f->path, fd, f->magic);
	if (!mask && f->access == READ) {
		char buf[256];

		n = read(fd, buf, sizeof(buf));
		err = errno;
	}
	close(fd);
	if (mask)
		return BLOCKED;
	if (f->access == WRITE) {
		add(p, "%s opens for writing (not written)", f->path);
		return OPEN;
	}
	if (n <= 0) {
		add(p, "%s %s", f->path, n < 0 ? errno_name(err) : "is empty");
		return BLOCKED;
	}
	add(p, "%s has content", f->path);
	return OPEN;
}

/* Every file of the table for the running route. */
static enum verdict route_files(struct probe *p)
{
	enum verdict v = BLOCKED;
	size_t i, tried = 0, missing = 0;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (!strcmp(files[i].route, p->route)) {
			tried++;
			missing += access(files[i].path, F_OK) < 0 && errno == ENOENT;
			v = worse(v, file_open(p, &files[i]));
		}
	/* A file this kernel does not have (no /proc/kcore on armhf) is neither open nor
	 * blocked: there is nothing to protect, and a negative control cannot see it open. */
	if (tried > 0 && missing == tried)
		return tell(p, SKIP, "not in this kernel");
	return v;
}

/* Opening a watchdog arms it, so /dev/watchdog is judged without opening it. */
static enum verdict watchdog(struct probe *p, const char *path)
{
	struct statvfs fs;

	if (access(path, F_OK) < 0)
		return BLOCKED;
	if (statvfs(path, &fs) == 0 && (fs.f_flag & ST_NODEV)) {
		note(p, "%s exists on a nodev mount", path);
		return BLOCKED;
	}
	if (access(path, W_OK) < 0) {
		note(p, "%s: %s", path, errno_name(errno));
		return BLOCKED;
	}
	add(p, "%s writable (not opened: that would arm it)", path);
	return OPEN;
}

static enum verdict route_dev_raw(struct probe *p)
{
	static const char *const devices[] = {
		"/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/vda",
		"/dev/sda", "/dev/mmcblk0", "/dev/console",
	};
	enum verdict v = BLOCKED;
	size_t i;

	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		int fd = open(devices[i], O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

		if (fd >= 0) {
			add(p, "%s opens", devices[i]);
			close(fd);
			v = OPEN;
		} else if (errno != ENOENT) {
			note(p, "%s: %s", devices[i], errno_name(errno));
		}
	}
	v = worse(v, watchdog(p, "/dev/watchdog"));
	v = worse(v, watchdog(p, "/dev/watchdog0"));
	return v == OPEN ? v : tell(p, v, "none opens");
}

/* Names in dir besides . and .. and the allowed ones: open when there is one. */
static enum verdict unlisted(struct probe *p, const char *dir, const char *const *allowed)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	enum verdict v = BLOCKED;

	if (!d)
		return tell(p, BLOCKED, "%s %s", dir, errno_name(errno));
	while ((e = readdir(d))) {
		const char *const *a = allowed;

		while (*a && strcmp(e->d_name, *a))
			a++;
		if (*a || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		add(p, "%s", e->d_name);
		v = OPEN;
	}
	closedir(d);
	return v == OPEN ? v : tell(p, v, "nothing else in %s", dir);
}

static enum verdict route_dev_list(struct probe *p)
{
	static const char *const allowed[] = {
		"null", "zero", "full", "random", "urandom", "tty", "ptmx", "pts", "shm",
		"fd", "stdin", "stdout", "stderr", NULL,
	};

	return unlisted(p, "/dev", allowed);
}

static enum verdict route_sys_firmware(struct probe *p)
{
	static const char *const none[] = { NULL };

	return unlisted(p, "/sys/firmware", none);
}

/* Opens every cgroup.procs, memory.max and pids.max below dir for writing (never writes).
 * The type comes from readdir: a v1 tree under TCG on armhf has thousands of files, and an
 * lstat of each took the walk to 8.6-9.2 of the 10 seconds a route then had (2.9 without). */
static void cgroup_walk(struct probe *p, const char *dir, int depth, int *found)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;
		bool is_dir = e->d_type == DT_DIR;
		int fd;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_UNKNOWN)
			is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
		if (is_dir) {
			if (depth < CGROUP_DEPTH_MAX)
				cgroup_walk(p, path, depth + 1, found);
			continue;
		}
		if (strcmp(e->d_name, "cgroup.procs") && strcmp(e->d_name, "memory.max") &&
		    strcmp(e->d_name, "pids.max"))
			continue;
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		close(fd);
		if ((*found)++ < 3)
			add(p, "%s", path);
	}
	closedir(d);
}

static enum verdict route_cgroup_write(struct probe *p)
{
	int found = 0;

	cgroup_walk(p, "/sys/fs/cgroup", 0, &found);
	if (!found)
		return tell(p, BLOCKED, "no cgroup file opens for writing");
	add(p, "%d in all open for writing (not written)", found);
	return OPEN;
}

static enum verdict route_proc_exe_pid1(struct probe *p)
{
	int fd = open("/proc/1/exe", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return tell(p, OPEN, "/proc/1/exe opens for writing");
	}
	add(p, "write %s", errno_name(errno));
	fd = open("/proc/1/exe", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		add(p, "readable");
		return OPEN;
	}
	add(p, "read %s", errno_name(errno));
	return BLOCKED;
}

static enum verdict route_leaked_fds(struct probe *p)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	enum verdict v = BLOCKED;

	if (!d)
		return tell(p, FAILED, "/proc/self/fd %s", errno_name(errno));
	while ((e = readdir(d))) {
		char link[32], target[PATH_MAX];
		ssize_t n;
		int fd = atoi(e->d_name);

		if (e->d_name[0] == '.' || fd <= 2 || fd == dirfd(d))
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		add(p, "%d -> %s", fd, target);
		v = OPEN;
	}
	closedir(d);
	return v == OPEN ? v : tell(p, v, "only 0, 1, 2");
}

/* Its stdin, a /dev/null its sandbox opened: that of the system would be its own to chmod
 * for uid 0 without a user namespace (the node's owner), and a mode changed there is the whole
 * system's. fchmod to the mode it has (harmless) must fail: EROFS on the app's read-only bind,
 * EPERM for an id that does not own it. */
static enum verdict route_stdio_chmod(struct probe *p)
{
	struct stat st;

	if (fstat(0, &st) < 0)
		return tell(p, FAILED, "fstat of stdin %s", errno_name(errno));
	if (fchmod(0, st.st_mode & 07777) == 0)
		return tell(p, OPEN, "fchmod of stdin (dev %u:%u, ino %lu) took", major(st.st_dev),
			    minor(st.st_dev), (unsigned long)st.st_ino);
	return tell(p, BLOCKED, "fchmod of stdin %s", errno_name(errno));
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The raw syscall, as libc's getcwd hides the "(unreachable)" of a cwd outside the root. */
static enum verdict route_cwd_escape(struct probe *p)
{
	char cwd[PATH_MAX];
	struct stat root, up;
	int i;

	if (syscall(SYS_getcwd, cwd, sizeof(cwd)) < 0)
		return tell(p, FAILED, "getcwd %s", errno_name(errno));
	if (cwd[0] != '/')
		return tell(p, OPEN, "cwd outside the root: %s", cwd);
	if (strcmp(cwd, "/"))
		note(p, "cwd is %s", cwd);
	if (stat("/", &root) < 0 || stat("/..", &up) < 0)
		return tell(p, FAILED, "stat / or /.. %s", errno_name(errno));
	if (!same_file(&root, &up))
		return tell(p, OPEN, "/.. is not /");
	for (i = 0; i < 64; i++)
		if (chdir("..") < 0)
			return tell(p, FAILED, "chdir .. %s", errno_name(errno));
	if (stat(".", &up) < 0)
		return tell(p, FAILED, "stat . %s", errno_name(errno));
	if (!same_file(&root, &up))
		return tell(p, OPEN, "64 x chdir .. leaves the root");
	return tell(p, BLOCKED, "cwd %s, /.. is /, 64 x chdir .. stops at /", cwd);
}

/* The first line of a small file, without its newline; "" when unreadable. */
static char *first_line(const char *path, char *buf, int size)
{
	FILE *f = fopen(path, "re");

	buf[0] = '\0';
	if (f) {
		if (fgets(buf, size, f))
			buf[strcspn(buf, "\n")] = '\0';
		fclose(f);
	}
	return buf;
}

static enum verdict route_host_processes(struct probe *p)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char comm[32];
	int count = 0;

	if (!d)
		return tell(p, BLOCKED, "/proc %s", errno_name(errno));
	while ((e = readdir(d)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			count++;
	closedir(d);
	if (!strcmp(first_line("/proc/2/comm", comm, sizeof(comm)), "kthreadd"))
		return tell(p, OPEN, "kthreadd is pid 2; %d processes visible", count);
	if (count > OWN_PROCESSES_MAX)
		return tell(p, OPEN, "%d processes visible", count);
	return tell(p, BLOCKED, "%d processes visible, no kernel threads", count);
}

static enum verdict route_host_interfaces(struct probe *p)
{
	FILE *f = fopen("/proc/net/dev", "re");
	char line[256], name[32];
	enum verdict v = BLOCKED;
	int n = 0;

	if (!f)
		return tell(p, BLOCKED, "/proc/net/dev %s", errno_name(errno));
	while (fgets(line, sizeof(line), f))
		if (n++ >= 2 && sscanf(line, " %31[^:]:", name) == 1 && strcmp(name, "lo")) {
			add(p, "%s", name);
			v = OPEN;
		}
	fclose(f);
	return v == OPEN ? v : tell(p, v, "lo only");
}

static enum verdict route_ctty(struct probe *p)
{
	int fd = open("/dev/tty", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return tell(p, BLOCKED, "/dev/tty %s", errno_name(errno));
	close(fd);
	return tell(p, OPEN, "/dev/tty opens: a controlling terminal");
}

/* The value of a /proc/self/status field, or NULL. */
static const char *status_field(const char *name, char *val, size_t size)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	size_t len = strlen(name);
	const char *ret = NULL;

	if (!f)
		return NULL;
	while (!ret && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ':') {
			const char *v = line + len + 1;

			v += strspn(v, " \t");
			snprintf(val, size, "%.*s", (int)strcspn(v, "\n"), v);
			ret = val;
		}
	fclose(f);
	return ret;
}

/* Linux 5.10 refuses every bpf command to a caller without CAP_BPF while
 * kernel.unprivileged_bpf_disabled is set (Debian's default), before it reads the command
 * (6.1 checks per command: a bad one is EINVAL). Without a filter (Seccomp: 0) that EPERM is
 * the kernel's own, and a control that expects the route open cannot see it open there: not
 * judged. With one, it is the filter's as anywhere. */
static enum verdict route_bpf(struct probe *p)
{
	long ret = syscall(SYS_bpf, BAD_CMD, BAD_ADDR, 0);
	int err = errno;
	enum verdict v = gate(p, "bpf(bad cmd)", ret);
	char val[16];

	if (v == BLOCKED && err == EPERM && status_field("Seccomp", val, sizeof(val)) &&
	    !strcmp(val, "0"))
		return tell(p, SKIP, "no filter, and the kernel refuses bpf to an unprivileged "
				     "caller (kernel.unprivileged_bpf_disabled)");
	return v;
}

static enum verdict route_caps(struct probe *p)
{
	static const char *const sets[] = { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" };
	enum verdict v = BLOCKED;
	char val[64];
	size_t i;

	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		if (!status_field(sets[i], val, sizeof(val)))
			return tell(p, FAILED, "no %s in /proc/self/status", sets[i]);
		if (strtoull(val, NULL, 16)) {
			add(p, "%s %s", sets[i], val);
			v = OPEN;
		}
	}
	return v == OPEN ? v : tell(p, v, "every capability set is empty");
}

/* An app that may keep capabilities, and gives them up as a daemon does, by setuid to a user:
 * the kernel clears them then, unless the securebits say otherwise (SECBIT_NO_SETUID_FIXUP,
 * which the sandbox sets and locks only for apps that keep none). */
static enum verdict route_setuid_keeps_caps(struct probe *p)
{
	char val[64];

	if (!status_field("CapEff", val, sizeof(val)))
		return tell(p, FAILED, "no CapEff in /proc/self/status");
	if (!strtoull(val, NULL, 16))
		return tell(p, BLOCKED, "no capability to keep");
	if (setresuid(1000, 1000, 1000) < 0)
		return tell(p, FAILED, "setresuid(1000) %s", errno_name(errno));
	if (!status_field("CapEff", val, sizeof(val)))
		return tell(p, FAILED, "no CapEff in /proc/self/status");
	return tell(p, strtoull(val, NULL, 16) ? OPEN : BLOCKED, "as uid 1000, CapEff %s", val);
}

/* A status field that must read want. */
static enum verdict status_is(struct probe *p, const char *name, const char *want)
{
	char val[64];

	if (!status_field(name, val, sizeof(val)))
		return tell(p, FAILED, "no %s in /proc/self/status", name);
	return tell(p, strcmp(val, want) ? OPEN : BLOCKED, "%s: %s", name, val);
}

static enum verdict route_no_new_privs(struct probe *p)
{
	return status_is(p, "NoNewPrivs", "1");
}

static enum verdict route_seccomp_mode(struct probe *p)
{
	char val[64];
	enum verdict v = status_is(p, "Seccomp", "2");

	if (status_field("Seccomp_filters", val, sizeof(val)))
		add(p, "%s filters", val);
	return v;
}

/* Where inside uid maps to outside, from the kernel's uid_map; -1 when unmapped. */
static long long uid_outside(FILE *f, unsigned long inside)
{
	unsigned long in, out, count;

	rewind(f);
	while (fscanf(f, "%lu %lu %lu", &in, &out, &count) == 3)
		if (inside >= in && inside - in < count)
			return (long long)(out + (inside - in));
	return -1;
}

static enum verdict route_userns_root(struct probe *p)
{
	FILE *f = fopen("/proc/self/uid_map", "re");
	unsigned long uid = 0;
	long long out;

	if (!f)
		return tell(p, FAILED, "/proc/self/uid_map %s", errno_name(errno));
	out = uid_outside(f, 0);
	if (out < 0) {
		uid = getuid();
		out = uid_outside(f, uid);
	}
	fclose(f);
	if (out < 0)
		return tell(p, FAILED, "neither uid 0 nor uid %lu is mapped", uid);
	return tell(p, out ? BLOCKED : OPEN, "uid %lu is uid %lld outside", uid, out);
}

static enum verdict route_setgroups(struct probe *p)
{
	char val[16];

	if (!strcmp(first_line("/proc/self/setgroups", val, sizeof(val)), "deny"))
		return tell(p, BLOCKED, "/proc/self/setgroups: deny");
	if (val[0])
		add(p, "/proc/self/setgroups: %s", val);
	return gate(p, "setgroups(0, NULL)", setgroups(0, NULL));
}

/* ---- resources ---- */

static enum verdict route_fork_bomb(struct probe *p)
{
	static pid_t kids[BOMB_CEILING];
	/* Four times the limit proves there is none, and stays quick under emulation. */
	int ceiling = 4 * p->pids_max < BOMB_CEILING ? 4 * p->pids_max : BOMB_CEILING;
	int n = 0, err = 0, i;

	while (n < ceiling) {
		pid_t pid = fork();

		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (;;)
				pause();
		}
		kids[n++] = pid;
	}
	for (i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	if (n >= ceiling)
		return tell(p, OPEN, "forked %d children", n);
	if (n > p->pids_max)
		return tell(p, OPEN, "fork %s after %d children, more than --pids-max %d",
			    errno_name(err), n, p->pids_max);
	return tell(p, BLOCKED, "fork %s after %d children", errno_name(err), n);
}

/* The cgroup's OOM killer picks this process first. */
static void oom_first(void)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	write(fd, "1000", 4); /* best effort: the limit is what is tested */
	close(fd);
}

/* Grandchild: maps and touches memory in 1 MiB steps up to twice the limit. */
static _Noreturn void hog(struct probe *p)
{
	long page = sysconf(_SC_PAGESIZE);
	int i;

	oom_first();
	for (i = 0; i < 2 * p->memory_max_mib; i++) {
		char *m = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		long off;

		if (m == MAP_FAILED) {
			p->out->err = errno;
			_exit(1);
		}
		for (off = 0; off < MIB; off += page)
			m[off] = 1;
		p->out->progress = i + 1;
	}
	_exit(0);
}

/* Grandchild: writes a /tmp file in 1 MiB steps up to twice the limit. The file is unlinked
 * at once, so it is gone when this process ends, killed or not. */
static _Noreturn void fill(struct probe *p)
{
	static char chunk[64 << 10];
	char path[] = "/tmp/.probe-fill-XXXXXX";
	int fd = mkstemp(path);
	int i, j;

	if (fd < 0) {
		p->out->err = errno;
		_exit(2);
	}
	unlink(path);
	oom_first();
	signal(SIGXFSZ, SIG_IGN); /* a file size limit: EFBIG rather than a signal */
	memset(chunk, 0x5a, sizeof(chunk));
	for (i = 0; i < 2 * p->memory_max_mib; i++) {
		for (j = 0; j < MIB / (int)sizeof(chunk); j++)
			if (write(fd, chunk, sizeof(chunk)) != (ssize_t)sizeof(chunk)) {
				p->out->err = errno;
				_exit(1);
			}
		p->out->progress = i + 1;
	}
	_exit(0);
}

/* Runs a hog or filler and judges how it ended: stopped (killed, or an allocation or write
 * failed) is blocked; done with twice the memory limit is open. */
static enum verdict grow(struct probe *p, void (*grower)(struct probe *p),
			 const char *what)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return tell(p, FAILED, "fork %s", errno_name(errno));
	if (pid == 0)
		grower(p);
	if (waitpid(pid, &st, 0) < 0)
		return tell(p, FAILED, "waitpid %s", errno_name(errno));
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
		return tell(p, BLOCKED, "killed by SIGKILL after %d MiB", p->out->progress);
	if (WIFSIGNALED(st))
		return tell(p, FAILED, "died of signal %d after %d MiB", WTERMSIG(st),
			    p->out->progress);
	if (WEXITSTATUS(st) == 2)
		return tell(p, BLOCKED, "cannot create a file in /tmp: %s", errno_name(p->out->err));
	if (WEXITSTATUS(st) == 1)
		return tell(p, BLOCKED, "%s after %d MiB", errno_name(p->out->err), p->out->progress);
	return tell(p, OPEN, "%s %d MiB (limit %d MiB)", what, p->out->progress,
		    p->memory_max_mib);
}

static enum verdict route_memory_hog(struct probe *p)
{
	return grow(p, hog, "touched");
}

static enum verdict route_tmpfs_fill(struct probe *p)
{
	return grow(p, fill, "wrote /tmp");
}

static const struct route routes[] = {
	{ "mount", route_mount },
	{ "umount", route_calls },
	{ "pivot-root", route_calls },
	{ "chroot", route_chroot },
	{ "unshare-userns", route_unshare_userns },
	{ "setns", route_setns },
	{ "module-load", route_calls },
	{ "kexec", route_calls },
	{ "reboot", route_calls },
	{ "swapon", route_calls },
	{ "acct", route_calls },
	{ "bpf", route_bpf },
	{ "perf-event-open", route_calls },
	{ "userfaultfd", route_calls },
	{ "keyctl", route_calls },
	{ "io-uring", route_calls },
	{ "syslog", route_calls },
	{ "open-by-handle", route_calls },
	{ "ptrace-pid1", route_calls },
	{ "tiocsti", route_calls },
	{ "tioclinux", route_calls },
	{ "iopl", route_calls },
	{ "ioperm", route_calls },
	{ "clock-settime", route_calls },
	{ "settimeofday", route_calls },
	{ "mknod", route_mknod },
	{ "exec-writable", route_exec_writable },
	{ "personality", route_personality },
	{ "dev-raw", route_dev_raw },
	{ "dev-list", route_dev_list },
	{ "proc-sys-write", route_files },
	{ "sysrq", route_files },
	{ "proc-kcore", route_files },
	{ "proc-keys", route_files },
	{ "proc-timer-list", route_files },
	{ "proc-interrupts", route_files },
	{ "proc-sched-debug", route_files },
	{ "sys-write", route_files },
	{ "sys-firmware", route_sys_firmware },
	{ "cgroup-write", route_cgroup_write },
	{ "proc-exe-pid1", route_proc_exe_pid1 },
	{ "leaked-fds", route_leaked_fds },
	{ "stdio-chmod", route_stdio_chmod },
	{ "cwd-escape", route_cwd_escape },
	{ "host-processes", route_host_processes },
	{ "host-interfaces", route_host_interfaces },
	{ "ctty", route_ctty },
	{ "caps", route_caps },
	{ "setuid-keeps-caps", route_setuid_keeps_caps },
	{ "no-new-privs", route_no_new_privs },
	{ "seccomp-mode", route_seccomp_mode },
	{ "userns-root", route_userns_root },
	{ "setgroups", route_setgroups },
	{ "fork-bomb", route_fork_bomb },
	{ "memory-hog", route_memory_hog },
	{ "tmpfs-fill", route_tmpfs_fill },
};

enum { ROUTE_COUNT = sizeof(routes) / sizeof(routes[0]) };

/* ---- running and reporting ---- */

static void on_alarm(int sig)
{
	(void)sig; /* only to interrupt waitpid */
}

/* Kills what is left of a route's process group and reaps it: the probe is a subreaper, so
 * the route's orphans come back here too. */
static void collect(pid_t pgid)
{
	kill(-pgid, SIGKILL);
	alarm(COLLECT_TIMEOUT_S);
	while (waitpid(-1, NULL, __WALL) > 0)
		;
	alarm(0);
}

static void run_route(struct probe *p, const struct route *r)
{
	bool timed_out = false;
	pid_t pid;
	int st = 0;

	memset(p->out, 0, sizeof(*p->out));
	p->out->verdict = FAILED;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		tell(p, FAILED, "fork %s", errno_name(errno));
		return;
	}
	if (pid == 0) {
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		signal(SIGALRM, SIG_DFL);
		alarm(ROUTE_TIMEOUT_S);
		p->route = r->name;
		p->out->verdict = r->run(p);
		_exit(0);
	}
	setpgid(pid, pid);
	alarm(ROUTE_TIMEOUT_S + 2);
	if (waitpid(pid, &st, 0) < 0) {
		timed_out = true;
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	alarm(0);
	collect(pid);
	if (timed_out || (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM))
		tell(p, FAILED, "timed out after %d s", ROUTE_TIMEOUT_S);
	else if (WIFSIGNALED(st))
		tell(p, FAILED, "died of signal %d", WTERMSIG(st));
	else if (p->out->verdict == FAILED && !p->out->detail[0])
		tell(p, FAILED, "ended without a verdict");
}

/* A TAP description must not hold a newline, nor a '#' that would start a directive. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '#')
			*s = ' ';
}

static void report(int n, const char *name, struct outcome *o, bool want_open)
{
	static const struct {
		const char *status, *what;
	} lines[][2] = {
		[SKIP] = { { "ok", "skipped" }, { "ok", "skipped" } },
		[BLOCKED] = { { "ok", "blocked" }, { "not ok", "blocked, expected open" } },
		[OPEN] = { { "not ok", "OPEN" }, { "ok", "open as expected" } },
		[FAILED] = { { "not ok", "probe failed" }, { "not ok", "probe failed" } },
	};
	char *line = o->notes;

	while (*line) {
		size_t len = strcspn(line, "\n");

		printf("# %s: %.*s\n", name, (int)len, line);
		line += len + (line[len] == '\n');
	}
	sanitize(o->detail);
	printf("%s %d - %s: %s", lines[o->verdict][want_open].status, n, name,
	       lines[o->verdict][want_open].what);
	printf(o->verdict == SKIP ? " # SKIP %s\n" : " (%s)\n", o->detail);
	fflush(stdout);
}

/* Marks the routes of a comma-separated list ("all": every one); -1 on an unknown name. */
static int mark(bool *set, const char *list)
{
	char copy[1024], *name, *save = NULL;
	int i;

	snprintf(copy, sizeof(copy), "%s", list);
	for (name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		bool all = !strcmp(name, "all"), known = all;

		for (i = 0; i < ROUTE_COUNT; i++)
			if (all || !strcmp(routes[i].name, name))
				set[i] = known = true;
		if (!known) {
			fprintf(stderr, "probe: unknown route %s (see probe --list)\n", name);
			return -1;
		}
	}
	return 0;
}

static int number(const char *arg, int max)
{
	char *end;
	long n = strtol(arg, &end, 10);

	return *arg && !*end && n > 0 && n <= max ? (int)n : -1;
}

/* A new session whose controlling terminal is a fresh pseudo-terminal: opened without
 * O_NOCTTY by a session leader, the slave becomes it. */
static int take_ctty(void)
{
	/* Both ends stay open for the probe's life: a closed master hangs the terminal up. */
	static int master, slave;
	char path[32];
	int unlock = 0, n;

	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || setsid() < 0 || ioctl(master, TIOCSPTLCK, &unlock) < 0 ||
	    ioctl(master, TIOCGPTN, &n) < 0)
		return -1;
	snprintf(path, sizeof(path), "/dev/pts/%d", n);
	slave = open(path, O_RDWR | O_CLOEXEC);
	return slave < 0 ? -1 : 0;
}

static _Noreturn void usage(int code)
{
	fprintf(code ? stderr : stdout,
		"usage: probe [--open ROUTE,...|all] [--only ROUTE,...] [--pids-max N (1-512)]\n"
		"             [--memory-max-mib N] [--chroot DIR] [--ctty] | --list\n"
		"Tries each escape route and prints TAP: blocked is ok, open is not ok, unless\n"
		"--open names the route (a control in an app without that protection).\n"
		"--chroot DIR and --ctty undo two protections no configuration can turn off, as\n"
		"controls of their routes: chroot(DIR) leaving the cwd outside (cwd-escape), and\n"
		"a new session with a pseudo-terminal as its controlling terminal (ctty).\n");
	exit(code);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "open", required_argument, NULL, 'o' },
		{ "only", required_argument, NULL, 'O' },
		{ "pids-max", required_argument, NULL, 'p' },
		{ "memory-max-mib", required_argument, NULL, 'm' },
		{ "list", no_argument, NULL, 'l' },
		{ "chroot", required_argument, NULL, 'c' },
		{ "ctty", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct probe p = { .pids_max = 64, .memory_max_mib = 32 };
	bool want_open[ROUTE_COUNT] = { false }, only[ROUTE_COUNT] = { false };
	bool any_only = false;
	struct sigaction sa = { .sa_handler = on_alarm };
	int c, i, n = 0, planned = 0;

	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (mark(want_open, optarg) < 0)
				usage(2);
			break;
		case 'O':
			if (mark(only, optarg) < 0)
				usage(2);
			any_only = true;
			break;
		case 'p':
			if ((p.pids_max = number(optarg, BOMB_CEILING)) < 0)
				usage(2);
			break;
		case 'm':
			if ((p.memory_max_mib = number(optarg, 65536)) < 0)
				usage(2);
			break;
		case 'c':
			/* As runc did before CVE-2024-21626 was fixed: a root without a chdir. */
			if (chroot(optarg) < 0) {
				printf("Bail out! chroot %s: %s\n", optarg, errno_name(errno));
				return 0;
			}
			break;
		case 't':
			if (take_ctty() < 0) {
				printf("Bail out! no controlling terminal: %s\n", errno_name(errno));
				return 0;
			}
			break;
		case 'l':
			for (i = 0; i < ROUTE_COUNT; i++)
				puts(routes[i].name);
			return 0;
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (optind < argc)
		usage(2);

	p.out = mmap(NULL, sizeof(*p.out), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		     -1, 0);
	if (p.out == MAP_FAILED) {
		printf("Bail out! unable to map the shared outcome: %s\n", errno_name(errno));
		return 0;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART: the alarm interrupts waitpid */

	for (i = 0; i < ROUTE_COUNT; i++)
		planned += !any_only || only[i];
	printf("1..%d\n", planned);
	printf("# probe: pid %d, uid %d, --pids-max %d, --memory-max-mib %d\n", (int)getpid(),
	       (int)getuid(), p.pids_max, p.memory_max_mib);
	for (i = 0; i < ROUTE_COUNT; i++) {
		if (any_only && !only[i])
			continue;
		run_route(&p, &routes[i]);
		report(++n, routes[i].name, p.out, want_open[i]);
	}
	return 0;
}
