#!/bin/sh
# Boot test of qemu-x86_64 on Debian 11's kernel, Linux 5.10 LTS, the oldest ward is tested on
# (still in many vendors' board support packages): the same image, apps and checks as
# tests/boot-qemu-x86_64.t, with that kernel's modules. 5.10 has no mount_setattr (5.12) and
# no CLOSE_RANGE_CLOEXEC (5.11), which every sandbox's setup used: each app failed there.
KERNEL_SUITE=bullseye QEMU_EXTRA_ARGS="${QEMU_EXTRA_ARGS:-} -smp 2" BOOT_TIMEOUT=${BOOT_TIMEOUT:-420} \
	exec sh "$(dirname "$0")/boot/run.sh" qemu-x86_64
