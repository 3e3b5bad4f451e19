#!/bin/sh
# The benchmark keeps working (make bench-smoke: seconds long, no budgets checked): ward-run
# starts an app in its full sandbox, which the kernel confirms (its own 7 namespaces, on a v1
# host its cgroup leaf, seccomp, no_new_privs, no capabilities, none of its invoker's
# supplementary groups; ^Z freezes it), hyperfine times it beside
# unshare, bwrap and crun, and the size of the init is measured. Needs root (namespaces,
# cgroups, packages).
echo "1..14"
if [ "$(id -u)" != 0 ]; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do echo "ok $i # skip not root"; done
	exit 0
fi
out=$(sh scripts/bench/bench.sh --smoke 2>&1); rc=$?
results=build/bench/results.txt
[ "$rc" = 0 ] && echo "ok 1 - bench.sh --smoke exits 0" ||
	{ echo "not ok 1 - bench.sh --smoke exited $rc"; echo "$out" | sed 's/^/# /'; }
# On a host with v1 controllers, also in its leaf in each of them, as /proc/PID/cgroup says.
leaf=
[ "$(stat -f -c %T /sys/fs/cgroup/memory 2>/dev/null)" = cgroupfs ] && leaf=" its v1 cgroup leaf,"
echo "$out" | grep -qx "ward-run probe: 7 namespaces of its own,$leaf seccomp, no_new_privs, no capabilities, no groups" &&
	echo "ok 2 - ward-run's app is confined, as /proc/self/ns, /proc/self/status${leaf:+ and /proc/PID/cgroup} say" ||
	{ echo "not ok 2 - ward-run's app is not confined"; echo "$out" | grep probe | sed 's/^/# /'; }
awk '$1 == "spawn.ward-run.median_ms" && $2 > 0 { f = 1 } END { exit !f }' "$results" 2>/dev/null &&
	awk '$1 == "spawn.unshare.median_ms" && $2 > 0 { f = 1 } END { exit !f }' "$results" &&
	echo "ok 3 - spawn latencies of ward-run and unshare measured" || echo "not ok 3 - no spawn latency"
awk '$1 == "size.x86_64.default" && $2 > 0 { f = 1 } END { exit !f }' "$results" 2>/dev/null &&
	echo "ok 4 - size of the x86_64 init measured" || echo "not ok 4 - no size"
# said N LINE OK NOT_OK SHOWN: check N passes when bench.sh printed LINE (a whole line, a
# basic regular expression); else the lines that match SHOWN are shown.
said() {
	if echo "$out" | grep -qx "$2"; then
		echo "ok $1 - $3"
	else
		echo "not ok $1 - $4"
		echo "$out" | grep -e "$5" | sed 's/^/# /'
	fi
}
said 5 "ward-run: the leaves of probe and leaver removed, leaver's sleep killed" \
	"ward-run replaces a leftover leaf, and removes its leaves, killing what the app left" \
	"ward-run's leaves are not replaced or not removed" leaves
said 6 "ward-run probe: its sandbox child (uid [1-9][0-9]*) is not dumpable during its setup" \
	"the sandbox child, holding ward-run's fds, is not dumpable once it has the app's ids" \
	"the sandbox child is dumpable during its setup" dumpable
said 7 "ward-run lasting: killed, its sandbox went with it" \
	"killed, ward-run takes its sandbox along (its reaper's parent-death signal)" \
	"killed, ward-run leaves its sandbox running" lasting
said 8 "ward-run probe: on a terminal, its stdout is a pipe that ward-run copies there .*" \
	"on a terminal, ward-run gives the app a pipe, not the terminal (/proc/PID/fd/1)" \
	"on a terminal, ward-run's app has the terminal" terminal
said 9 "ward-run probe: killed during its sandbox's setup, the sandbox went with it" \
	"killed during the setup, after the id change, ward-run takes its sandbox along" \
	"killed during the setup, ward-run leaves its sandbox to run the app" setup
said 10 "ward-run true: runs with fds 0-2 closed" \
	"ward-run runs an app with its own fds 0-2 closed" \
	"ward-run fails with fds 0-2 closed" closed
said 11 "ward-run lasting: a ^C on its terminal ends it by SIGINT" \
	"a ^C that ends the app ends ward-run by SIGINT (bash stops its script)" \
	"ward-run exits with a code after a ^C" "C on its"
said 12 "ward-run deaf: readiness pipe read; a second SIGTERM ends the sandbox" \
	"ward-run reads the readiness pipe, and a second SIGTERM ends an app that ignores the first" \
	"ward-run deaf" deaf
said 13 "ward-run leaver: what a killed ward-run left in its leaf is killed, the leaf replaced" \
	"ward-run kills what a killed ward-run left in the app's leaf, and replaces the leaf" \
	"a process left in the leaf fails ward-run" leaver
said 14 "ward-run lasting: ^Z stops it.*" \
	"^Z stops ward-run and freezes its app (the leaf's freezer); continued, it is thawed" \
	"^Z leaves ward-run's app running, or frozen after it continued" "Z stops\|after \^Z\|continued"
