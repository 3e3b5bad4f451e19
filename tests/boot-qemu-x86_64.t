#!/bin/sh
# Boot test of qemu-x86_64: see tests/boot/run.sh. Its guest sends wardctl's fuzz test a
# million requests (about 2.5 min under TCG): hence the longer timeout.
# Two CPUs: PID 1 then makes each app's net namespace beside its root (sandbox/netns.c), under
# cgroup v2, through every check of this boot; the other boards run one CPU, where the clone
# makes it (bench-smoke tells the two paths apart on the host, with strace).
QEMU_EXTRA_ARGS="${QEMU_EXTRA_ARGS:-} -smp 2" BOOT_TIMEOUT=${BOOT_TIMEOUT:-420} \
	exec sh "$(dirname "$0")/boot/run.sh" qemu-x86_64
