/* mount.c: the early mounts of the boot sequence, and moving / off the initramfs. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "log.h"
#include "mount.h"
#include "read_text.h"
#include "syscalls.h"

#define ROOT_BIND "/.ward-root"

static const struct early_mount {
	const char *source, *target, *type;
	unsigned long flags;
	const char *data;
} early_mounts[] = {
	{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
	{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
	{ "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755" },
	{ "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "mode=0620,ptmxmode=0666" },
	{ "shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777" },
	{ "run", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755" },
};

static const struct early_mount cgroup2 = { "cgroup2", "/sys/fs/cgroup", "cgroup2",
					    MS_NOSUID | MS_NODEV | MS_NOEXEC, "nsdelegate" };

/* Whether / is the initramfs itself, the kernel's "rootfs", which pivot_root will not leave.
 * After a switch_root to a tmpfs it is not: the bind below would then copy the mounts made
 * before init (a data disk the initramfs mounted) and hide the originals beneath, where no
 * shutdown unmounts them. Read from /proc/self/mounts, whose first line is / then. */
static bool root_is_initramfs(void)
{
	char line[24];

	return sb_read_text("/proc/self/mounts", line, sizeof(line)) > 0 &&
	       fmt_starts(line, "rootfs / rootfs ");
}

void mount_move_root(void)
{
	if (!root_is_initramfs())
		return;
	/* Bind / onto a directory of its own, then move that mount over / and enter it: the
	 * new root is a mount with a parent, which pivot_root accepts. */
	if (mkdir(ROOT_BIND, 0700) < 0 && errno != EEXIST)
		goto fail;
	if (mount("/", ROOT_BIND, NULL, MS_BIND | MS_REC, NULL) < 0 || chdir(ROOT_BIND) < 0)
		goto fail;
	if (mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 || chdir("/") < 0)
		goto fail;
	rmdir(ROOT_BIND);
	return;
fail:
	log_error(NULL, "move", "/ off the initramfs");
}

/* A mount point sits on another device than its parent directory. */
static int is_mount_point(const char *path)
{
	struct sb_statx self, parent;
	char up[64];

	fmt_buf(up, sizeof(up), "%s/..", path);
	return sb_statx(AT_FDCWD, path, 0, &self) == 0 && sb_statx(AT_FDCWD, up, 0, &parent) == 0 &&
	       (self.dev_major != parent.dev_major || self.dev_minor != parent.dev_minor);
}

static void mount_one(const struct early_mount *m)
{
	if (mkdir(m->target, 0755) < 0 && errno != EEXIST) {
		log_error(NULL, "create", m->target);
		return;
	}
	if (!is_mount_point(m->target) && mount(m->source, m->target, m->type, m->flags, m->data) < 0)
		log_error(NULL, "mount", m->target);
}

void mount_cgroup2(void)
{
	mount_one(&cgroup2);
}

void mount_early(void)
{
	for (size_t i = 0; i < sizeof(early_mounts) / sizeof(early_mounts[0]); i++)
		mount_one(&early_mounts[i]);
}
