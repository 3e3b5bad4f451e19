/* mount.h: the file systems PID 1 sets up before anything else runs. */
#ifndef WARD_MOUNT_H
#define WARD_MOUNT_H

/* When / is the initramfs (rootfs), puts a bind mount of it in its place: pivot_root(2)
 * refuses to move rootfs, and every sandbox pivots. Reads /proc: after mount_early. */
void mount_move_root(void);
/* /proc, /sys, /dev, /dev/pts, /dev/shm, /run: each skipped when already a mount point
 * (booted as /sbin/init after an initramfs), each failure logged, none fatal. */
void mount_early(void);
/* cgroup2 on /sys/fs/cgroup (the v1 hierarchies are cgroup_v1.c's). */
void mount_cgroup2(void);

#endif
