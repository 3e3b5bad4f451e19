#!/bin/sh
# Disks that never sync (a suspended device-mapper device) hold a poweroff up for WARD_SHUTDOWN_SYNC_MS only.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 synchang
