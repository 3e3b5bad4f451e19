#!/bin/sh
# An XOFF on the serial line stops the console for 9.5 s while an app writes more than its buffer holds: PID 1 must not wait on it (the watchdog is fed, the poweroff comes), and says what it kept off.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 xoff
