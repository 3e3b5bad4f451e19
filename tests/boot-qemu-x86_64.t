#!/bin/sh
# Boot test of qemu-x86_64: see tests/boot/run.sh. Its guest sends wardctl's fuzz test a
# million requests (about 2.5 min under TCG): hence the longer timeout.
BOOT_TIMEOUT=${BOOT_TIMEOUT:-420} exec sh "$(dirname "$0")/boot/run.sh" qemu-x86_64
