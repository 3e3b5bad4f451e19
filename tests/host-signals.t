#!/bin/sh
# BusyBox-compatible shutdown signals, on the host: init --test in fresh pid and mount
# namespaces (so nothing reaches the host), one signal each, and the kind of shutdown it
# starts. The boot tests cover poweroff and reboot end to end; this covers every mapping.
init=${WARD_BUILD:-build}/test-qemu-x86_64/init
. "$(dirname "$0")/host-lib.sh"
n=0
for case in USR1:halt USR2:poweroff TERM:reboot INT:reboot; do
	sig=${case%%:*} kind=${case#*:}
	out=$(signalled "$init" "$sig")
	n=$((n + 1))
	case $out in
	*"init: $kind: stopping apps"*"init: $kind"*"exit status 0"*)
		echo "ok $n - SIG$sig starts a $kind and ends it" ;;
	*)
		echo "not ok $n - SIG$sig starts a $kind and ends it"
		printf '%s\n' "$out" | sed 's/^/# /' ;;
	esac
done
echo "1..$n"
