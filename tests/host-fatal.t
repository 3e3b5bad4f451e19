#!/bin/sh
# A fault in PID 1 itself is caught and logged, and (after a sync) ends in a reboot; under
# --test, in fresh pid and mount namespaces, the reboot is an exit with 128+N instead.
init=${WARD_BUILD:-build}/test-qemu-x86_64/init
. "$(dirname "$0")/host-lib.sh"
n=0
for case in SEGV:11 BUS:7; do
	sig=${case%%:*} num=${case#*:}
	out=$(signalled "$init" "$sig")
	n=$((n + 1))
	case $out in
	*"init: fatal signal $num in PID 1: syncing the disks and rebooting"*"exit status $((128 + num))"*)
		echo "ok $n - SIG$sig in PID 1 is caught, logged, and ends in a reboot (test: exit $((128 + num)))" ;;
	*)
		echo "not ok $n - SIG$sig in PID 1 is caught, logged, and ends in a reboot"
		printf '%s\n' "$out" | tail -5 | sed 's/^/# /' ;;
	esac
done
echo "1..$n"
