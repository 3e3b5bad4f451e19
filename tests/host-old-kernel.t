#!/bin/sh
# On a kernel older than 5.10 every app's start fails, each with its own reason: PID 1 says at
# boot why they all do (init/kernel_floor.c). setarch --uname-2.6 makes uname report a 2.6
# release to PID 1 (init --test in fresh pid and mount namespaces); this host's own release
# must not get the line.
init=${WARD_BUILD:-build}/test-qemu-x86_64/init
. "$(dirname "$0")/host-lib.sh"
echo "1..2"
old=$(setarch "$(uname -m)" --uname-2.6 sh -c '. "$1"; signalled "$2" TERM' sh \
	"$(dirname "$0")/host-lib.sh" "$init")
case $old in
*"init: Linux 2.6."*" is older than 5.10: apps will not start"*"exit status 0"*)
	echo "ok 1 - told a 2.6 release (setarch --uname-2.6), PID 1 says apps will not start" ;;
*)
	echo "not ok 1 - told a 2.6 release, PID 1 did not say so"
	printf '%s\n' "$old" | sed 's/^/# /' ;;
esac
now=$(signalled "$init" TERM)
case $now in
*"older than 5.10"*)
	echo "not ok 2 - this host's $(uname -r) taken for older than 5.10"
	printf '%s\n' "$now" | sed 's/^/# /' ;;
*"exit status 0"*) echo "ok 2 - this host's $(uname -r): no such line" ;;
*) echo "not ok 2 - init --test did not end well"; printf '%s\n' "$now" | sed 's/^/# /' ;;
esac
