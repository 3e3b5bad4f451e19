#!/bin/sh
# switch-root.sh: /init of the boot test that runs ward as /sbin/init of a root file system
# (a tmpfs here, as an initramfs hands over to a real root): copy the image there, mount
# devtmpfs on its /dev as a kernel with DEVTMPFS_MOUNT would, and switch_root to /sbin/init.
mount -t tmpfs -o size=160m,mode=0755 root /newroot 2>/dev/null || {
	mkdir /newroot && mount -t tmpfs -o size=160m,mode=0755 root /newroot
}
for d in /*; do
	case $d in /newroot|/proc|/sys|/dev|/init|/ward-init) ;; *) cp -a "$d" /newroot/ ;; esac
done
mkdir -p /newroot/proc /newroot/sys /newroot/dev
rm -f /newroot/sbin/init
cp /ward-init /newroot/sbin/init
mount -t devtmpfs devtmpfs /newroot/dev
# A disk mounted before init, as an initramfs mounts a data partition: the ext2 one that
# tests/boot/run.sh attached (DATA_DISK), at "/data disk". PID 1 must leave it cleanly
# unmounted at shutdown (run.sh reads its state after). Before it, mounts that fill more than
# a read of /proc/self/mounts (a page) and PID 1's buffer (8 KiB); its space is \040 there.
long=$(printf '%0150d' 0)
i=0
while [ $i -lt 48 ]; do
	i=$((i + 1))
	mkdir -p "/newroot/mnt/$long$i" && mount -t tmpfs -o size=4k filler "/newroot/mnt/$long$i"
done
for m in virtio_ring virtio virtio_mmio virtio_blk crc16 crc32c_generic mbcache jbd2 ext4; do
	insmod "/lib/modules/$m.ko" 2>/dev/null
done
mkdir -p "/newroot/data disk"
for i in 1 2 3 4 5 6 7 8 9 10; do
	for d in /newroot/dev/vd?; do
		[ -b "$d" ] && mount -t ext2 "$d" "/newroot/data disk" 2>/dev/null &&
			echo "switch-root: a disk mounted at /data disk ($d)" && break 2
	done
	sleep 0.2
done
echo "switch-root: handing over to /sbin/init on a tmpfs root"
exec switch_root /newroot /sbin/init
