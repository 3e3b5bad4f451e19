/* root.c: the app's own root file system: a tmpfs assembled from bind mounts of what the app
 * needs, a minimal /dev, a fresh and masked /proc, writable /tmp, /run and /dev/shm, then
 * pivot_root with the old root detached. Destinations are resolved beneath the new root
 * (path.c), so a link an app left in a writable place cannot redirect a mount. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "path.h"
#include "root.h"
#include "syscalls.h"

/* Device nodes an app may use: the kernel's devtmpfs nodes, bound one by one. */
static const char devices[] = "null\0zero\0full\0random\0urandom\0tty\0";

/* /proc files whose content describes or controls the whole machine (OCI's masked paths;
 * interrupts too, as Docker and Kubernetes now mask it: other devices' IRQ counts). */
static const char proc_masked[] = "kcore\0keys\0timer_list\0sched_debug\0latency_stats\0"
				  "timer_stats\0acpi\0asound\0scsi\0interrupts\0";
/* ... and those an app may read but not write (OCI's read-only paths). */
static const char proc_readonly[] = "bus\0fs\0irq\0sys\0sysrq-trigger\0";
static const char sys_masked[] = "firmware\0devices/virtual/powercap\0";
/* The names above are lists, a NUL after each name and an empty name at the end: a table of
 * pointers would take 8 bytes a name more on 64-bit. */

struct root {
	int fd; /* the new root, before pivot_root */
	unsigned int recursive; /* AT_RECURSIVE, or 0 without mount_setattr: see attach */
	unsigned int noexec;    /* MS_NOEXEC under SB_NOEXEC: what attach adds to a writable bind */
	const char **what;
};

static int failed(struct root *r, const char *op, const char *path)
{
	/* The child reports it after sb_root_build returns; it is single-threaded. */
	static char detail[96];

	fmt_buf(detail, sizeof(detail), "%s %s", op, path); /* errno left alone */
	*r->what = detail;
	return -1;
}

static void fd_path(char *buf, size_t len, int fd)
{
	fmt_buf(buf, len, "/proc/self/fd/%d", fd);
}

static int open_beneath(struct root *r, const char *path, int flags)
{
	return sb_path_open(r->fd, path, flags);
}

/* The fd of `path` beneath the new root, created (a directory, or an empty file) if missing. */
static int make_path(struct root *r, const char *path, int file)
{
	return sb_path_make(r->fd, path, file);
}

/* mount_setattr is Linux 5.12's. Without it (5.10 LTS) a bind is opened without the mounts
 * beneath its source, which a remount could not reach (it is not recursive). In the child's
 * user namespace those mounts are locked, and the kernel refuses such a bind (EINVAL): on
 * 5.10 a source with a mount beneath it fails the start, naming it. Asked once per sandbox
 * child: one system call. */
static void root_init(struct root *r, const struct sb_spec *spec, int fd, const char **what)
{
	static int has_setattr = -1;

	if (has_setattr < 0)
		has_setattr = sb_mount_setattr(-1, "", 0, NULL) == 0 || errno != ENOSYS;
	*r = (struct root){ .fd = fd, .recursive = has_setattr ? AT_RECURSIVE : 0,
			    .noexec = spec->flags & SB_NOEXEC ? MS_NOEXEC : 0, .what = what };
}

/* Attaches the detached copy `tree` at `dst` with its attributes already set: there is no
 * moment when the bind is visible and still writable. A device's bind stays usable (no
 * nodev); read-only, it still takes reads and writes (a mount's flag does not reach a
 * device), but not a chmod of the system's node. A writable bind is one of the app's
 * writable places (/tmp, /run, /dev/shm, DATA, a :rw of BINDS): under SB_NOEXEC it is
 * noexec too, so nothing the app wrote runs; its programs are in the read-only ones.
 * Closes `tree`.
 * Without mount_setattr the bind is attached first and remounted through its fd, keeping its
 * source's flags (the kernel refuses to clear one a user namespace's mount came with): it is
 * writable for that moment in the child's own mount namespace, before anything of the app's
 * runs there. */
_Static_assert(MOUNT_ATTR_RDONLY == MS_RDONLY && MOUNT_ATTR_NOSUID == MS_NOSUID &&
	       MOUNT_ATTR_NODEV == MS_NODEV && MOUNT_ATTR_NOEXEC == MS_NOEXEC,
	       "attach: one set of flags for both calls");
static int attach(struct root *r, int tree, int dst_fd, const char *dst, unsigned int flags)
{
	unsigned long ms = MS_NOSUID | (flags & SB_BIND_DEVICE ? 0 : MS_NODEV) |
			   (flags & SB_BIND_RW ? r->noexec : MS_RDONLY);
	struct sb_mount_attr ma = { .attr_set = ms };
	struct statfs sf;
	char at[32];
	int ret = -1;

	/* The fd's path only where it is used: the flat remount, not each bind of every start. */
	if (r->recursive ? sb_mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &ma) < 0 :
			   (fd_path(at, sizeof(at), tree), sb_statfs(at, &sf) < 0))
		failed(r, "restrict", dst);
	else if (sb_move_mount_fd(tree, dst_fd) < 0)
		failed(r, "bind", dst);
	else if (r->recursive)
		ret = 0;
	else {
		/* The source's flags, which a user namespace may not clear (ST_* are MS_*'s
		 * values for these four), and nosymfollow (ST_ 0x2000, not locked but dropped by
		 * a remount that does not say it). No atime flag is given: a remount keeps the
		 * mount's own then, as its lock requires (with nodiratime, the call's default
		 * relatime was refused for a strictatime source). */
		ms |= (unsigned long)sf.f_flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
		if (sf.f_flags & 0x2000)
			ms |= MS_NOSYMFOLLOW;
		ret = mount(NULL, at, NULL, MS_REMOUNT | MS_BIND | ms, NULL);
		if (ret < 0)
			failed(r, "restrict", dst);
	}
	close(tree);
	return ret;
}

static int bind_at(struct root *r, const char *src, const char *dst, unsigned int flags)
{
	struct sb_statx st;
	int tree = sb_open_tree(AT_FDCWD, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | r->recursive);
	int dfd, ret;

	if (tree < 0) {
		if (errno == ENOENT && (flags & SB_BIND_OPTIONAL))
			return 0;
		return failed(r, "open", src);
	}
	if (sb_statx(tree, "", AT_EMPTY_PATH, &st) < 0 ||
	    (dfd = make_path(r, dst, !S_ISDIR(st.mode))) < 0) {
		close(tree);
		return failed(r, "create", dst);
	}
	ret = attach(r, tree, dfd, dst, flags);
	close(dfd);
	return ret;
}

/* Mounts a new `type` at dst. Returns the fd of the directory it covers (whose masks are
 * binds of it: see mask), or -1. */
static int mount_on(struct root *r, const char *type, const char *dst, unsigned long flags,
		    const char *data)
{
	char to[32];
	int fd = make_path(r, dst, 0);

	if (fd < 0)
		return failed(r, "create", dst);
	fd_path(to, sizeof(to), fd);
	if (mount(type, to, type, flags, data) < 0) {
		close(fd);
		return failed(r, "mount", dst);
	}
	return fd;
}

static int mount_at(struct root *r, const char *type, const char *dst, unsigned long flags,
		    const char *data)
{
	int fd = mount_on(r, type, dst, flags, data);

	return fd < 0 ? -1 : close(fd);
}

static int symlink_at(struct root *r, const char *target, const char *path)
{
	if (symlinkat(target, r->fd, path + 1) < 0 && errno != EEXIST)
		return failed(r, "link", path);
	return 0;
}

static int build_dev(struct root *r)
{
	static const char *const links[][2] = {
		{ "/proc/self/fd", "/dev/fd" }, { "/proc/self/fd/0", "/dev/stdin" },
		{ "/proc/self/fd/1", "/dev/stdout" }, { "/proc/self/fd/2", "/dev/stderr" },
		{ "pts/ptmx", "/dev/ptmx" },
	};
	char src[32];
	int dev;

	/* A directory of the root's, not a tmpfs of its own: it turns read-only with the root,
	 * and a start makes (and its end tears down) one superblock less. Nothing of the app's
	 * is in it: its entries are made directly, without resolving each path again. */
	dev = make_path(r, "/dev", 0);
	if (dev < 0)
		return failed(r, "create", "/dev");
	for (const char *name = devices; *name; name += strlen(name) + 1) {
		int tree, node, ret;

		fmt_buf(src, sizeof(src), "/dev/%s", name);
		tree = sb_open_tree(AT_FDCWD, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
		if (tree < 0) {
			close(dev);
			return failed(r, "open", src);
		}
		node = openat(dev, name, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (node < 0) {
			failed(r, "create", src);
			close(tree);
			close(dev);
			return -1;
		}
		ret = attach(r, tree, node, src, SB_BIND_DEVICE); /* closes tree */
		close(node);
		if (ret < 0) {
			close(dev);
			return -1;
		}
	}
	close(dev);
	/* A devpts of its own: the app sees no other terminal of the system. Every instance
	 * draws on the kernel's one count of ptys (4096, 1024 of them kept for the system's
	 * devpts): max= keeps an app from taking the rest from the others. */
	if (mount_at(r, "devpts", "/dev/pts", MS_NOSUID | MS_NOEXEC,
		     "newinstance,ptmxmode=0666,mode=0620,max=64") < 0)
		return -1;
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (symlink_at(r, links[i][0], links[i][1]) < 0)
			return -1;
	return 0;
}

/* Hides each existing dir/name: /dev/null over a file; over a directory, a read-only bind of
 * `under`, the directory dir's filesystem is mounted on, in the root's tmpfs: empty, covered
 * and read-only for good, and no superblock of its own (an empty tmpfs each was one more to
 * make and tear down per start). */
static int mask(struct root *r, const char *dir, const char *names, int under)
{
	char path[64];
	struct sb_statx st;

	for (const char *name = names; *name; name += strlen(name) + 1) {
		int fd, ret;

		fmt_buf(path, sizeof(path), "%s/%s", dir, name);
		fd = open_beneath(r, path, O_PATH);
		if (fd < 0 && errno == ENOENT)
			continue; /* not in this kernel */
		if (fd < 0) /* a mask not applied: fail closed */
			return failed(r, "open", path);
		if (sb_statx(fd, "", AT_EMPTY_PATH, &st) < 0) {
			ret = failed(r, "stat", path);
		} else if (S_ISDIR(st.mode)) {
			int tree = sb_open_tree(under, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
								 AT_EMPTY_PATH);

			ret = tree < 0 ? failed(r, "open", path) : attach(r, tree, fd, path, 0);
		} else {
			int null = sb_open_tree(AT_FDCWD, "/dev/null",
						OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

			ret = null < 0 ? failed(r, "open", "/dev/null") :
					 attach(r, null, fd, path, SB_BIND_DEVICE);
		}
		close(fd);
		if (ret < 0)
			return -1;
	}
	return 0;
}

/* Binds `fd` (the new root's `path`) onto itself with attach's attributes for `flags`:
 * read-only where it is, or writable where what holds it turns read-only. */
static int bind_self(struct root *r, int fd, const char *path, unsigned int flags)
{
	int tree = sb_open_tree(fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | r->recursive |
					       AT_EMPTY_PATH);

	return tree < 0 ? failed(r, "open", path) : attach(r, tree, fd, path, flags);
}

/* Makes dir/name read-only where it is. */
static int read_only(struct root *r, const char *dir, const char *name)
{
	char path[64];
	int fd, ret;

	fmt_buf(path, sizeof(path), "%s/%s", dir, name);
	fd = open_beneath(r, path, O_PATH);
	if (fd < 0) /* not in this kernel, or fail closed */
		return errno == ENOENT ? 0 : failed(r, "open", path);
	ret = bind_self(r, fd, path, 0);
	close(fd);
	return ret;
}

static int build_proc(struct root *r, const struct sb_spec *spec)
{
	int under = mount_on(r, "proc", "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	int ret = under < 0 ? -1 : 0;

	if (ret == 0 && (spec->flags & SB_MASK_PROC)) {
		ret = mask(r, "/proc", proc_masked, under);
		for (const char *name = proc_readonly; ret == 0 && *name; name += strlen(name) + 1)
			ret = read_only(r, "/proc", name);
	}
	if (under >= 0)
		close(under);
	return ret;
}

/* The spec's binds beneath /sys (sys) or the others: those beneath /sys go on top of the
 * sysfs, which comes last. */
static int bind_all(struct root *r, const struct sb_spec *spec, bool sys)
{
	for (unsigned int i = 0; i < spec->nbinds; i++) {
		const struct sb_bind *b = &spec->binds[i];
		const char *d = b->dst + fmt_span(b->dst, "/", true);

		if ((fmt_starts(d, "sys") && (d[3] == '/' || !d[3])) == sys &&
		    bind_at(r, b->src, b->dst, b->flags) < 0)
			return -1;
	}
	return 0;
}

/* The app's writable places: directories of the root's tmpfs, each a writable bind of itself
 * (the root turns read-only after pivot_root; these binds stay as they are). The root's one
 * superblock holds them all: its size (TMPFS_SIZE) bounds what the app can write in them
 * together, /dev/shm included, and a start mounts (and its end tears down) one tmpfs, not
 * four (A/B: -0.11 ms a spawn). */
static int scratch(struct root *r)
{
	static const struct { const char *path; mode_t mode; } dirs[] = {
		{ "/tmp", 01777 }, { "/run", 0755 }, { "/dev/shm", 01777 },
	};
	char at[32];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		int fd = make_path(r, dirs[i].path, 0), ret;

		if (fd < 0)
			return failed(r, "create", dirs[i].path);
		/* The mode as it is, not as umask leaves it; through the fd, not the path. */
		fd_path(at, sizeof(at), fd);
		ret = chmod(at, dirs[i].mode) < 0 ? failed(r, "chmod", dirs[i].path) :
						      bind_self(r, fd, dirs[i].path, SB_BIND_RW);
		close(fd);
		if (ret < 0)
			return -1;
	}
	return 0;
}

int sb_root_build(const struct sb_spec *spec, const char **what)
{
	struct root r;
	char opts[48];

	*what = "mount the root tmpfs";
	/* size= bounds the pages, not the inodes: without nr_inodes an app could make files
	 * (empty ones take no page) until its kernel memory ran out. One a page, and 64 for
	 * the root's own directories and nodes. */
	fmt_buf(opts, sizeof(opts), "mode=0755,size=%uk,nr_inodes=%u", spec->tmpfs_kib,
		spec->tmpfs_kib / 4 + 64);
	if (mount("ward-root", SB_ROOT_DIR, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
		return -1;
	root_init(&r, spec, openat(AT_FDCWD, SB_ROOT_DIR, O_PATH | O_DIRECTORY | O_CLOEXEC), what);
	if (r.fd < 0)
		return -1;
	if (build_dev(&r) < 0 || scratch(&r) < 0 || build_proc(&r, spec) < 0 ||
	    bind_all(&r, spec, false) < 0) {
		close(r.fd);
		return -1;
	}
	return r.fd;
}

/* sysfs shows the network namespace it is mounted in: only with one of its own, and only
 * once the child is in it (netns.c). And before the old root goes: the kernel lets a user
 * namespace mount a sysfs only where one is fully visible already. */
static int build_sys(struct root *r, const struct sb_spec *spec)
{
	if (!(spec->namespaces & CLONE_NEWNET)) {
		int fd = make_path(r, "/sys", 0);

		if (fd < 0)
			return failed(r, "create", "/sys");
		return close(fd);
	}
	int under = mount_on(r, "sysfs", "/sys", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	int ret = under < 0 ? -1 : 0;

	if (ret == 0 && (spec->flags & SB_MASK_PROC))
		ret = mask(r, "/sys", sys_masked, under);
	if (under >= 0)
		close(under);
	return ret;
}

int sb_root_enter(const struct sb_spec *spec, int root, const char **what)
{
	struct root r;
	int ret = -1;

	root_init(&r, spec, root, what);
	/* The binds beneath /sys go on top of it. */
	if (build_sys(&r, spec) < 0 || bind_all(&r, spec, true) < 0)
		goto out;
	/* pivot_root(".", ".") stacks the old root under the new one; detaching it leaves
	 * nothing of the system's tree reachable. */
	*what = "pivot_root";
	if (sb_fchdir(r.fd) < 0 || sb_pivot_root(".", ".") < 0 || umount2(".", MNT_DETACH) < 0 ||
	    chdir("/") < 0)
		goto out;
	*what = "make / read-only";
	ret = mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
out:
	close(r.fd);
	return ret;
}

bool sb_proc_is_own(const struct sb_statx *system)
{
	struct sb_statx now;

	/* Not followed: a mount point, not the app's to replace with a link. */
	if (sb_statx(AT_FDCWD, "/proc", AT_SYMLINK_NOFOLLOW, &now) < 0)
		return false;
	return now.dev_major != system->dev_major || now.dev_minor != system->dev_minor;
}

int sb_root_prepare(void)
{
	if (mkdir("/run/ward", 0755) < 0 && errno != EEXIST)
		return -1;
	if (mkdir(SB_ROOT_DIR, 0755) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* Parent side, before the clone: each persistent data directory exists and belongs to the
 * app's own ids (as seen from outside its user namespace), so its root can write there. */
int sb_root_prepare_data(const struct sb_spec *spec, const char **what)
{
	bool userns = spec->namespaces & CLONE_NEWUSER;
	uid_t uid = userns ? spec->map_uid + spec->uid : spec->uid;
	gid_t gid = userns ? spec->map_gid + spec->gid : spec->gid;
	gid_t root_gid = userns ? spec->map_gid : spec->gid;

	for (unsigned int i = 0; i < spec->nbinds; i++) {
		const struct sb_bind *b = &spec->binds[i];
		char path[256];
		size_t len = strlen(b->src);

		if (!(b->flags & SB_BIND_CREATE))
			continue;
		*what = b->src;
		if (len >= sizeof(path))
			return errno = ENAMETOOLONG, -1;
		memcpy(path, b->src, len + 1);
		for (char *p = path + 1; *p; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			/* The last, WARD_DATA_DIR/<app>, only root and the app's root group may
			 * pass (the child builds the root as that): the app owns NAME and may open
			 * it to all, and a set-id file of its ids there would lend them to any
			 * user of the system (who would then own its user namespace). */
			if ((mkdir(path, 0755) < 0 && errno != EEXIST) ||
			    (!fmt_chr(p + 1, '/') &&
			     (fchownat(AT_FDCWD, path, 0, root_gid, AT_SYMLINK_NOFOLLOW) < 0 ||
			      chmod(path, 0710) < 0)))
				return -1;
			*p = '/';
		}
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return -1;
		/* Not through a symlink: the directory itself, never what a link points to. */
		if (fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
			return -1;
	}
	return 0;
}
