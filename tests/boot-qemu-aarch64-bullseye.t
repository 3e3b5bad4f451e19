#!/bin/sh
# Boot test of qemu-aarch64 on Debian 11's kernel, Linux 5.10 LTS: the same image, apps and checks
# as tests/boot-qemu-aarch64.t, with that kernel's modules and softdog for its watchdog
# (tests/guest/test-qemu-aarch64-bullseye.config). The fallbacks for 5.10 (no mount_setattr,
# no CLOSE_RANGE_CLOEXEC) are C shared by every board, but their system calls, the filter's
# numbers and the kernel's arm64 code are the board's own: tests/boot-qemu-x86_64-bullseye.t
# does not run them.
KERNEL_SUITE=bullseye exec sh "$(dirname "$0")/boot/run.sh" qemu-aarch64
