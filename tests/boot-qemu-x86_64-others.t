#!/bin/sh
# Processes outside the apps get their time at a shutdown.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 others
