#!/bin/sh
# A critical app that hangs after two short boots in a row: the throttle refuses the watchdog's
# reset, PID 1 stays up degraded and feeds on. See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 stuck-throttled
