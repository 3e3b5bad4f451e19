#!/bin/sh
# A reboot record whose disk never syncs holds PID 1 for half the watchdog timeout only.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 record-hang
