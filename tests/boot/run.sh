#!/bin/sh
# run.sh BOARD: boots BOARD's test image (built by `make check` in build/test-BOARD) under
# QEMU and prints TAP: first the checks the guest made from inside (tests/guest/overlay/test/
# check.sh), renumbered, then the checks made here on what the serial console showed.
set -u
board=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${WARD_BUILD:-$top/build}
dl=${DL_DIR:-$build/dl}
out=$build/test-$board
. "$top/board/$board/board.conf"
# Stays well inside what armhf needs under TCG on 2 cores, while a hang still ends.
timeout=${BOOT_TIMEOUT:-180}

sh "$top/scripts/qemu-run.sh" --timeout "$timeout" "$top/board/$board/board.conf" \
	"$dl/$ARCH/kernel" "$out/rootfs.cpio" > "$out/boot.log" 2>&1
rc=$?
echo "# $board: serial console in $out/boot.log (QEMU exit status $rc)"

awk -v rc="$rc" -v grace_ms="${GRACE_MS:-2000}" '
function check(cond, desc) { n++; print (cond ? "ok " : "not ok ") n " - " desc }
# PID 1 writes errors to /dev/kmsg, and the kernel echoes them with a timestamp.
{ raw = $0; sub(/^\[ *[0-9.]+\] init: /, "init: ") }
# Guest TAP arrives through ward as "check: <line>".
/^check: (not )?ok [0-9]+/ {
	line = substr($0, 8); guest++
	sub(/^(not )?ok [0-9]+( - )?/, "", line)
	n++; print (($2 == "ok") ? "ok " : "not ok ") n " - guest: " line
	next
}
/^check: 1\.\.[0-9]+$/ { split($2, p, /\.\./); plan = p[2] }
/^check: poweroff-at / { off_at = $3; action = $4 }
raw ~ /^\[ *[0-9.]+\] reboot: (Power down|Restarting system)/ {
	kernel_said = (raw ~ /Power down/) ? "poweroff" : "reboot"
	sub(/^\[ */, "", raw); sub(/\].*/, "", raw); down_at = raw
}
/^flapper: start / { starts[++nstart] = $3 }
/^sleeper: hostname sleeper$/ { hostname = 1 }
/^sleeper: inside cgroup 0::\/$/ { cgroup_root = 1 }
/^sleeper: got TERM$/ { got_term = 1 }
/^init: sleeper: exited with code 0$/ { term_exit = 1 }
/^init: stubborn: killed by signal 9$/ { stubborn_killed = 1 }
/^forwarded: got TERM$/ { fwd_term = 1 }
/^init: forwarded: exited with code 0$/ { fwd_exit = 1 }
/Kernel panic|Attempted to kill init/ { panic = 1 }
/^init: missing: unable to execute the command: No such file or directory$/ { exec_failed = 1; next }
/^init: missing: exited with code 127$/ { exec_code = 1 }
/unable to/ { unable = unable " [" $0 "]" }
END {
	check(rc != 124, "QEMU ended by itself, before the timeout")
	check(plan > 0 && guest == plan, "the guest ran its whole plan (" guest " of " plan ")")
	check(!panic, "no kernel panic: PID 1 never exited")
	check(unable == "", "PID 1 and the sandboxes logged no failure but the expected one" unable)
	check(exec_failed && exec_code, "a missing command is logged in the one message shape, with code 127")
	check(hostname, "app output reaches the console prefixed with its name; its hostname is its own")
	check(cgroup_root, "inside its cgroup namespace the app sees itself at the root (0::/)")
	check(nstart >= 5, "the crashing app was started at least 5 times (" nstart ")")
	grows = nstart >= 5
	for (i = 3; i <= nstart; i++)
		if ((starts[i] - starts[i-1]) - (starts[i-1] - starts[i-2]) < 0.1) grows = 0
	check(grows, "its restart delays grow (start times:" (nstart ? "" : " none") \
	      (nstart ? " " starts[1] : "") (nstart > 1 ? " " starts[2] : "") (nstart > 2 ? " " starts[3] : "") \
	      (nstart > 3 ? " " starts[4] : "") (nstart > 4 ? " " starts[5] : "") ")")
	check(got_term && term_exit, "poweroff: SIGTERM reached the app through its reaper, which exited 0")
	check(fwd_term && fwd_exit, "the app got the SIGTERM sent to its reaper and exited 0")
	check(stubborn_killed, "poweroff: the app that ignores SIGTERM was killed with SIGKILL")
	check(action != "" && kernel_said == action, "BusyBox " action " made the kernel " kernel_said)
	dt = down_at - off_at
	check(off_at != "" && down_at != "" && dt >= grace_ms / 1000, \
	      "poweroff waited the grace period for the stubborn app (" dt " s)")
	check(off_at != "" && down_at != "" && dt <= grace_ms / 1000 + 2, \
	      "poweroff finished within the grace period + 2 s (" dt " s)")
	print "1.." n
}' "$out/boot.log"
