#!/bin/sh
# The reboot throttle of qemu-aarch64 across five real boots: see tests/boot/throttle.sh.
exec sh "$(dirname "$0")/boot/throttle.sh" qemu-aarch64
