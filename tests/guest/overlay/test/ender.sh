#!/bin/sh
# ender.sh: ends the reboot-throttle boots. Waits until PID 1's log (the kernel's ring, read
# with dmesg) shows what the boot is for, named by ender.wait= on the kernel command line,
# then powers the board off, ender.hold= seconds later (default 0).
want=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^ender\.wait=//p')
case $want in
degraded) pattern='staying up, degraded' ;;
over) pattern='starts over' ;;
*) echo "ender.wait=$want: unknown"; exit 2 ;;
esac
i=0
until dmesg | grep -q "$pattern"; do
	i=$((i + 1))
	[ $i -lt 240 ] || { echo "gave up waiting for '$pattern'"; break; }
	sleep 0.5
done
echo "saw '$pattern'"
hold=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^ender\.hold=//p')
sleep "${hold:-0}"
poweroff
