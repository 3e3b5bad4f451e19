#!/bin/sh
# PID 1 refuses to run as anything but PID 1 (its mounts and reboot(2) would reach the host),
# unless --test says it runs as PID 1 of a fresh PID namespace.
init=${WARD_BUILD:-build}/test-qemu-x86_64/init
echo "1..3"
# ward/ anywhere in this machine's cgroup trees (/sys/fs/cgroup, or a hierarchy below it).
wards() { find /sys/fs/cgroup -maxdepth 2 -name ward 2>/dev/null; }
before=$(wards)
out=$("$init" 2>&1); rc=$?
[ "$rc" = 1 ] && echo "ok 1 - init run as pid $$'s child exits 1" || echo "not ok 1 - init exited $rc"
case $out in
*"must run as PID 1"*) echo "ok 2 - and says why" ;;
*) echo "not ok 2 - message: $out" ;;
esac
[ "$(wards)" = "$before" ] && echo "ok 3 - and touched nothing (no new ward/ in the host's cgroups)" ||
	echo "not ok 3 - new in the host's cgroups: $(wards)"
