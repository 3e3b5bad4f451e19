#!/bin/sh
# Boot test of qemu-armhf: see tests/boot/run.sh.
exec sh "$(dirname "$0")/boot/run.sh" qemu-armhf
