#!/bin/sh
# An app whose CPUSET names an offline CPU is refused, under cgroup v2 as under v1.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 offcpu
