#!/bin/sh
# The x86_64 boot test again on the other boot paths: PID 1 told to use the cgroup v1
# hierarchies (the same limits must hold), and an app disabled from the kernel command
# line. See tests/boot/run.sh.
# ward.debug too: PID 1's debug lines appear (only) here.
exec sh "$(dirname "$0")/boot/run.sh" qemu-x86_64 "ward.cgroup=v1 ward.disable=killer,bogus ward.debug"
