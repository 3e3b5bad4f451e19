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
echo "switch-root: handing over to /sbin/init on a tmpfs root"
exec switch_root /newroot /sbin/init
