#!/bin/sh
# A fault in PID 1 with disks that never sync (a suspended device-mapper device): the sync waits WARD_SHUTDOWN_SYNC_MS only, then the board reboots.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 fault-synchang
