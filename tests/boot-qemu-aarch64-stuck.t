#!/bin/sh
# A critical app that hangs (its heartbeat stops) stops the feeding: the watchdog (i6300esb) resets the board.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-aarch64 stuck
