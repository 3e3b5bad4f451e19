#!/bin/sh
# PID 1 stuck after its fault (in its rescue shell, never left) feeds the watchdog no more: the hardware resets the board.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 fault-hang
