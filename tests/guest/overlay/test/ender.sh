#!/bin/sh
# ender.sh: ends the reboot-throttle boots and the xoff boot. Waits until PID 1's log (the
# kernel's ring, read with dmesg) shows what the boot is for, named by ender.wait= on the
# kernel command line (none: no wait), then powers the board off, ender.hold= seconds later
# (default 0). With ender.burst=N, first writes N lines of 240 bytes 2 s after its start.
arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^ender\\.$1=//p"; }
want=$(arg wait)
case $want in
degraded) pattern='staying up, degraded' ;;
over) pattern='starts over' ;;
none) pattern= ;;
*) echo "ender.wait=$want: unknown"; exit 2 ;;
esac
# With ender.cgroups=1, its cgroups as the kernel lists them, on one line.
[ "$(arg cgroups)" = 1 ] && echo "cgroups $(tr '\n' ' ' < /proc/self/cgroup)"
burst=$(arg burst)
if [ -n "$burst" ]; then
	sleep 2
	row=0123456789012345678901234567890123456789012345678901234567890123456789012345678
	i=0
	while [ $i -lt "$burst" ]; do
		echo "burst $i $row$row$row"
		i=$((i + 1))
	done
fi
if [ -n "$pattern" ]; then
	i=0
	until dmesg | grep -q "$pattern"; do
		i=$((i + 1))
		[ $i -lt 240 ] || { echo "gave up waiting for '$pattern'"; break; }
		sleep 0.5
	done
	echo "saw '$pattern'"
fi
hold=$(arg hold)
sleep "${hold:-0}"
# -n: no sync of BusyBox's own, which a disk that never syncs (record-hang) holds for good;
# PID 1 syncs, for WARD_SHUTDOWN_SYNC_MS at most.
poweroff -n
