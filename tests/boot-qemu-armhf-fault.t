#!/bin/sh
# A real SIGSEGV to PID 1 in the guest: logged, synced, rebooted by ward (the kernel's reboot line), no panic.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-armhf fault
