#!/bin/sh
# The x86_64 boot test again, with PID 1 told to use the cgroup v1 hierarchies: the same
# limits must hold. See tests/boot/run.sh.
exec sh "$(dirname "$0")/boot/run.sh" qemu-x86_64 ward.cgroup=v1
