#!/bin/sh
# A critical app that hangs (its heartbeat stops) stops the feeding: the hardware watchdog resets the board.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 stuck
