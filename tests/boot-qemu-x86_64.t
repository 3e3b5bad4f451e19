#!/bin/sh
# Boot test of qemu-x86_64: see tests/boot/run.sh.
exec sh "$(dirname "$0")/boot/run.sh" qemu-x86_64
