#!/bin/sh
# ward as /sbin/init of a root file system (a tmpfs after switch_root), not as /init of
# the initramfs: the whole x86_64 boot test again. See tests/boot/run.sh.
# Also: ward.debug and ward.rescue take no value: given one, they are logged and ignored.
# And a data disk mounted before ward, which it must leave clean at poweroff (DATA_DISK).
DATA_DISK=1 IMAGE=rootfs-switch-root.cpio exec sh "$(dirname "$0")/boot/run.sh" qemu-x86_64 "ward.debug=7 ward.rescue=banana"
