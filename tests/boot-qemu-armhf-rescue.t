#!/bin/sh
# ward.rescue: no app starts, a root shell (PID 1's child, the console as its tty) is typed into, started again after exit; poweroff from it is orderly.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-armhf rescue
