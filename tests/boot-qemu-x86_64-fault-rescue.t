#!/bin/sh
# WARD_FAULT_RESCUE: after PID 1's fault a rescue shell comes up on the console; leaving it reboots the board.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 fault-rescue
