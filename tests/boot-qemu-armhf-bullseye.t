#!/bin/sh
# Boot test of qemu-armhf on Debian 11's kernel, Linux 5.10 LTS (the armmp kernel of many 32-bit
# boards' support packages): the same image, apps and checks as tests/boot-qemu-armhf.t, with
# that kernel's modules (virtio and virtio_ring are built into it). 32-bit ARM has system calls
# of its own (the filter's numbers, clone3, 64-bit time), which the x86_64 and aarch64 boots on
# 5.10 do not run.
KERNEL_SUITE=bullseye exec sh "$(dirname "$0")/boot/run.sh" qemu-armhf
