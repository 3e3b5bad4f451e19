#!/bin/sh
# cgroup v1 on a kernel without its memory controller: the other hierarchies are used.
# See tests/boot/scenario.sh.
exec sh "$(dirname "$0")/boot/scenario.sh" qemu-x86_64 v1-nomemory
