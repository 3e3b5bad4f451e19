#!/bin/sh
# The armhf boot test with PID 1 told to use the cgroup v1 hierarchies: the same limits must
# hold, and the leaves' fds, handed to each sandbox child as SCM_RIGHTS while it builds its
# root (sandbox/fdpass.c), must arrive on a 32-bit board too. See tests/boot/run.sh.
exec sh "$(dirname "$0")/boot/run.sh" qemu-armhf "ward.cgroup=v1"
