#!/bin/sh
# Boot test of qemu-aarch64: see tests/boot/run.sh.
exec sh "$(dirname "$0")/boot/run.sh" qemu-aarch64
