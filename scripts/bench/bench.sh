#!/bin/sh
# bench.sh [--smoke]: ward against its peers, measured side by side in one run (`make bench`).
# Prints a table and PASS/FAIL budget lines on stdout; writes build/bench/results.txt (one
# "key value" a line), results.json (the same keys) and hyperfine's own JSON. A missed budget
# is reported, not an error; a measurement that breaks is (exit 1). Run as root, from the
# source tree: it installs what it needs (Debian packages) and builds ward itself.
# --smoke (`make bench-smoke`, part of `make check`): seconds long; ward-run's sandbox checked
# from the kernel's view, 3 hyperfine runs, one size.
set -eu
smoke=false
[ "${1:-}" = --smoke ] && smoke=true
srctree=$(cd "$(dirname "$0")/../.." && pwd)
B=$srctree/build/bench
RUNS=${BENCH_RUNS:-50}
ORPHANS=${BENCH_ORPHANS:-10000}
REAP_RUNS=${BENCH_REAP_RUNS:-7}
GUEST_APPS=${BENCH_GUEST_APPS:-8 64 254} # 254 sleepers + meter + true: 256, the table's maximum
RESTARTS=${BENCH_RESTARTS:-11}
$smoke && RUNS=3
mkdir -p "$B"
results=$B/results.txt
: > "$results"
cd "$srctree"

die() { echo "bench: $*" >&2; exit 1; }
record() { echo "$1 $2" >> "$results"; }
# budget NAME OK DETAIL: one PASS/FAIL line.
budget() { if [ "$2" = 1 ]; then echo "PASS $1 ($3)"; else echo "FAIL $1 ($3)"; fi; echo "budget.$1 $2" >> "$results"; }
# awk-evaluated arithmetic on the recorded numbers.
calc() { awk "BEGIN { printf \"%.3f\", ($1) }"; }
value() { awk -v k="$1" '$1 == k { print $2 }' "$results"; }

[ "$(id -u)" = 0 ] || die "run as root (namespaces, cgroups, packages)"

# ---- tools -------------------------------------------------------------------------
pkgs="hyperfine bubblewrap crun tini catatonit util-linux python3"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "bench: installing$missing"
	# A machine whose package lists were never fetched knows none of them: fetched then.
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null ||
		{ apt-get update -q >/dev/null 2>&1
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null; } ||
		die "unable to install$missing"
fi
sh scripts/install-deps.sh || die "unable to install the build dependencies"
sh scripts/fetch-board.sh x86_64 build/dl >/dev/null || die "unable to fetch the x86_64 BusyBox"

# ---- builds ------------------------------------------------------------------------
# make_init O BOARD [EXTERNAL FRAGMENT] [TARGET]
make_init() {
	make -s O="$1" ${3:+EXTERNAL=$3} ${4:+DEFCONFIG_FRAGMENTS=$4} "$2"_defconfig >/dev/null &&
		make -s O="$1" WERROR=1 ${5:-all} >/dev/null
}
make_init "$B/x86_64" qemu-x86_64 tests/bench tests/bench/bench.config "ward-run all" ||
	die "unable to build ward-run"
WARD_RUN=$B/x86_64/ward-run

# ---- 1. sizes ----------------------------------------------------------------------
size_of() { stat -c %s "$1"; }
echo "== binary size (static, stripped; bytes)"
if $smoke; then
	boards=qemu-x86_64
else
	boards="qemu-x86_64 qemu-aarch64 qemu-armhf"
fi
for b in $boards; do
	arch=${b#qemu-}
	make_init "$B/size-$arch-default" "$b" || die "unable to build the $b defaults"
	record "size.$arch.default" "$(size_of "$B/size-$arch-default/init")"
	$smoke && continue
	# Every feature: every option of PID 1 on, the demo apps using the per-app features
	# (tests/size.config, the build tests/size.t holds to the budgets). The boot tests' table
	# of 39 apps is bigger by its data, some 490 bytes a row.
	make_init "$B/size-$arch-all" "$b" "" "$PWD/tests/size.config" ||
		die "unable to build $b with every feature"
	record "size.$arch.all" "$(size_of "$B/size-$arch-all/init")"
done
record size.x86_64.tini-static "$(size_of /usr/bin/tini-static)"
record size.x86_64.catatonit "$(size_of "$(readlink -f /usr/bin/catatonit)")"
for arch in x86_64 aarch64 armhf; do
	[ -f "build/dl/$arch/busybox" ] && record "size.$arch.busybox" "$(size_of "build/dl/$arch/busybox")"
done
printf '%-10s %10s %10s %12s %10s %10s\n' arch ward-all ward-def tini-static catatonit busybox
for arch in x86_64 aarch64 armhf; do
	printf '%-10s %10s %10s %12s %10s %10s\n' "$arch" "$(value size.$arch.all)" \
		"$(value size.$arch.default)" "$(value size.$arch.tini-static)" \
		"$(value size.$arch.catatonit)" "$(value size.$arch.busybox)"
done
for arch in x86_64 aarch64 armhf; do
	all=$(value "size.$arch.all")
	[ -n "$all" ] || continue
	limit=65536
	[ $arch = armhf ] && limit=49152
	budget "size.$arch" "$([ "$all" -le $limit ] && echo 1 || echo 0)" "$all <= $limit bytes, every feature on"
done

# ---- 2. spawn latency ----------------------------------------------------------------
echo "== spawn latency: sandbox created to /bin/true reaped (>= $RUNS runs each)"
# ward-run's sandbox, from the kernel's view: every namespace differs from ours, seccomp on,
# no_new_privs, no capabilities.
# It sleeps a second at the end: meanwhile its cgroup membership is read from our side.
v1=false
[ "$(stat -f -c %T /sys/fs/cgroup/memory 2>/dev/null)" = cgroupfs ] && v1=true
# A leaf left by an earlier run (as a killed ward-run leaves it) is replaced by a fresh one:
# its cpu.shares of 2 must be the fresh leaf's 1024 while the probe runs.
if $v1; then
	mkdir -p /sys/fs/cgroup/cpu/ward/probe && echo 2 > /sys/fs/cgroup/cpu/ward/probe/cpu.shares ||
		die "unable to make a leftover leaf cpu/ward/probe"
fi
# Run with a supplementary group of ours (4242), which the app must not have, and umask 077,
# where the app must have PID 1's 022.
(umask 077 && exec setpriv --groups 4242 "$WARD_RUN" probe) > "$B/probe.out" 2>&1 &
probe_pid=$!
cg_view=
if $v1; then
	# v1: the app's processes are in its leaf in every hierarchy that holds something for
	# every app (cpuset and blkio only with CPUs or an IO weight of its own), as the kernel
	# lists them.
	# Once it has printed its last line, what is left is its reaper and its sleep.
	i=0
	while [ $i -lt 100 ] && ! grep -q '^Seccomp:' "$B/probe.out"; do
		sleep 0.02; i=$((i + 1))
	done
	n=0
	for p in $(cat /sys/fs/cgroup/memory/ward/probe/cgroup.procs 2>/dev/null); do
		view=$(cat /proc/$p/cgroup 2>/dev/null) && [ -n "$view" ] || continue # gone meanwhile
		for h in memory pids cpu freezer; do
			echo "$view" | grep -q "^[0-9]*:[a-z,]*$h[a-z,]*:/ward/probe\$" ||
				die "ward-run probe: pid $p is not in $h:/ward/probe: $(echo $view)"
		done
		n=$((n + 1))
	done
	[ $n -ge 2 ] || die "ward-run probe: $n processes in /sys/fs/cgroup/memory/ward/probe, not its reaper and its app"
	shares=$(cat /sys/fs/cgroup/cpu/ward/probe/cpu.shares)
	[ "$shares" = 1024 ] || die "ward-run probe: its leaf has cpu.shares $shares: the last run's leaf was kept"
	cg_view=" its v1 cgroup leaf,"
fi
wait $probe_pid || die "ward-run probe failed: $(cat "$B/probe.out")"
probe=$(cat "$B/probe.out")
for ns in pid mnt uts ipc net user cgroup; do
	mine=$(readlink /proc/self/ns/$ns)
	echo "$probe" | grep -qx "$ns:\[[0-9]*\]" || die "ward-run probe: no $ns namespace line: $probe"
	! echo "$probe" | grep -qxF "$mine" || die "ward-run probe: the app shares our $ns namespace"
done
echo "$probe" | grep -q '^Seccomp:[[:space:]]*2$' || die "ward-run probe: no seccomp filter"
echo "$probe" | grep -q '^NoNewPrivs:[[:space:]]*1$' || die "ward-run probe: no no_new_privs"
echo "$probe" | grep -q '^CapEff:[[:space:]]*0*$' || die "ward-run probe: capabilities left"
echo "$probe" | grep -qx 'umask 0022' ||
	die "ward-run probe: the app has its invoker's umask: $(echo "$probe" | grep '^umask')"
echo "$probe" | grep -q '^Groups:[[:space:]]*$' ||
	die "ward-run probe: the app has its invoker's groups: $(echo "$probe" | grep '^Groups:')"
echo "ward-run probe: 7 namespaces of its own,$cg_view seccomp, no_new_privs, no capabilities, no groups"
# On a terminal (script gives it a pseudo-terminal), the app gets a pipe that ward-run copies
# there: it can neither read what is typed nor set the terminal's modes or size.
fd1=$(script -qec "$WARD_RUN probe" /dev/null 2>&1 | tr -d '\r' | sed -n 's/^fd1 //p')
case $fd1 in
pipe:*) echo "ward-run probe: on a terminal, its stdout is a pipe that ward-run copies there ($fd1)" ;;
*) die "ward-run probe: on a terminal, its stdout is '$fd1', not a pipe" ;;
esac
# Run with fds 0-2 closed, ward-run's pipes and the setup's socket took their places.
"$WARD_RUN" true <&- >&- 2>&- || die "ward-run true with fds 0-2 closed: exit $?"
echo "ward-run true: runs with fds 0-2 closed"
# A ^C on the terminal ends the app by SIGINT, and ward-run so too: bash then stops the rest
# of its script, as it does for any program a ^C ended (it went on when ward-run exited 130).
after=$( (sleep 1; printf '\003'; sleep 2) |
	script -qec "bash -c '\"$WARD_RUN\" lasting; echo after'" /dev/null 2>&1 | tr -d '\r')
case $after in
*after*) die "ward-run lasting: a ^C ended the app, but not ward-run by SIGINT: '$after'" ;;
esac
echo "ward-run lasting: a ^C on its terminal ends it by SIGINT"
# Its net namespace: with two CPUs or more, a helper forked by ward-run makes it while the
# child builds its root, and the child joins it (sandbox/netns.c: a setns into the app's user
# namespace in the helper, one into the net namespace in the child); on one CPU (taskset)
# clone3 makes it, and nothing calls setns. Either way it belongs to the app's user namespace
# (lsns, while the probe sleeps), lo is up, the app's sysfs shows that namespace alone, and the
# app is pid 2 of its pid namespace (the helper takes no pid there).
probe_net() { # probe_net LABEL SETNS-CALLS [COMMAND PREFIX...]
	label=$1 calls=$2 out=$B/probe-$2.out trace=$B/probe-$2.strace
	shift 2
	"$@" strace -f -qq -e trace=setns -o "$trace" "$WARD_RUN" probe > "$out" 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 200 ] && ! grep -q '^net-devices' "$out"; do
		sleep 0.02; i=$((i + 1))
	done
	net=$(sed -n 's/^net:\[\([0-9]*\)\]$/\1/p' "$out")
	owner=$(lsns -n -o ONS "${net:-0}" 2>/dev/null | head -n 1 | tr -d ' ')
	wait $pid || die "ward-run probe ($label) failed: $(cat "$out")"
	grep -qx "user:\[$owner\]" "$out" ||
		die "ward-run probe ($label): its net namespace $net belongs to user namespace '$owner', not its own: $(grep '^user:' "$out")"
	grep -qx 'app-pid 2' "$out" || die "ward-run probe ($label): the app is not pid 2: $(grep '^app-pid' "$out")"
	grep -qx 'lo-flags 0x9' "$out" || die "ward-run probe ($label): lo is not up: $(grep '^lo-flags' "$out")"
	grep -qx 'net-devices lo' "$out" ||
		die "ward-run probe ($label): its sysfs shows other devices than lo: $(grep '^net-devices' "$out")"
	got=$(grep -c '^[0-9]* *setns(' "$trace" || true)
	[ "$got" = "$calls" ] || die "ward-run probe ($label): $got setns calls, not $calls: $(cat "$trace")"
	echo "ward-run probe ($label): net namespace of its user namespace, lo up, sysfs of it, app pid 2, $calls setns"
}
if [ "$(nproc)" -ge 2 ]; then
	probe_net "two CPUs, made beside" 2 taskset -c 0,1
else
	echo "ward-run probe: one CPU here: the net namespace made beside the root is not tried"
fi
probe_net "one CPU, made by clone3" 0 taskset -c 0
no_leaf() {
	for d in /sys/fs/cgroup/ward/$1 /sys/fs/cgroup/*/ward/$1; do
		[ ! -e "$d" ] || die "ward-run $1: its leaf $d is left"
	done
}
no_leaf probe
# leaver has no pid namespace: the sleep it starts outlives it, in its leaf. ward-run kills
# it on the way out, and removes the leaf.
left=$("$WARD_RUN" leaver 2>&1) || die "ward-run leaver failed: $left"
case $left in '' | *[!0-9]*) die "ward-run leaver printed no pid: $left" ;; esac
[ "$(tr '\0' ' ' < /proc/$left/cmdline 2>/dev/null)" != "sleep 300 " ] ||
	die "ward-run leaver: its sleep ($left) outlived it"
no_leaf leaver
echo "ward-run: the leaves of probe and leaver removed, leaver's sleep killed"
# What a ward-run killed itself leaves of an app without a pid namespace runs on in its leaf
# (a sleep put there stands in for it): the next ward-run kills it, and replaces the leaf.
sleep 3003 &
left=$!
if $v1; then
	for h in memory pids cpu freezer; do
		mkdir -p /sys/fs/cgroup/$h/ward/leaver && echo $left > /sys/fs/cgroup/$h/ward/leaver/cgroup.procs ||
			die "unable to put a leftover process in $h/ward/leaver"
	done
else
	mkdir -p /sys/fs/cgroup/ward/leaver && echo $left > /sys/fs/cgroup/ward/leaver/cgroup.procs ||
		die "unable to put a leftover process in ward/leaver"
fi
out=$("$WARD_RUN" leaver 2>&1) || { kill $left; die "ward-run leaver, a process left in its leaf: $out"; }
if kill -0 $left 2> /dev/null; then
	kill $left
	die "ward-run leaver: the process left in its leaf ($left) still runs"
fi
wait $left 2> /dev/null || true
no_leaf leaver
echo "ward-run leaver: what a killed ward-run left in its leaf is killed, the leaf replaced"
# notifier's readiness fd is 5, a number where the setup holds fds of its own (the setup
# socket, the go-ahead): they must move out of its way, and fd 5 be the readiness pipe.
out=$("$WARD_RUN" notifier 2>&1) || die "ward-run notifier failed: $out"
echo "$out" | grep -q '^fd5 pipe:' || die "ward-run notifier: its fd 5 is not the readiness pipe: $out"
echo "ward-run notifier: readiness on fd 5, a pipe"
# deaf writes 100 kB to its readiness fd (more than a pipe holds), then says ready and ignores
# SIGTERM: ward-run reads the pipe, and ends the whole sandbox at a second SIGTERM.
"$WARD_RUN" deaf > "$B/deaf.out" 2>&1 &
wr=$! i=0
while ! grep -q '^ready$' "$B/deaf.out" && [ $i -lt 250 ]; do sleep 0.02; i=$((i + 1)); done
grep -q '^ready$' "$B/deaf.out" || { kill -KILL $wr; die "ward-run deaf: its readiness pipe is not read"; }
kill -TERM $wr
sleep 0.2
kill -0 $wr 2> /dev/null || die "ward-run deaf: ended at the first SIGTERM, which deaf ignores"
kill -TERM $wr
i=0
while kill -0 $wr 2> /dev/null && [ $i -lt 100 ]; do sleep 0.02; i=$((i + 1)); done
if kill -0 $wr 2> /dev/null; then
	kill -KILL $wr
	die "ward-run deaf: a second SIGTERM did not end it"
fi
wait $wr 2> /dev/null || true
pgrep -f '^sleep 3002$' > /dev/null && die "ward-run deaf: its sleep outlived it"
no_leaf deaf
echo "ward-run deaf: readiness pipe read; a second SIGTERM ends the sandbox"
# Killed, ward-run takes the sandbox along: the reaper of lasting's pid namespace gets SIGKILL
# as its parent dies (PR_SET_PDEATHSIG), and with it the namespace's sleep.
sleeping() { pgrep -f '^/bin/sleep 3001$' > /dev/null; }
# ^Z (SIGTSTP, here from kill): ward-run stops, and its app is frozen, as the kernel's freezer
# of its leaf says; continued (fg, bg), the app is thawed. (It ran on while ward-run stopped.)
freezer() { # FROZEN or THAWED, as the leaf of lasting says (v1 freezer, or v2 cgroup.events)
	if [ -r /sys/fs/cgroup/freezer/ward/lasting/freezer.state ]; then
		cat /sys/fs/cgroup/freezer/ward/lasting/freezer.state
	else
		sed -n 's/^frozen 1$/FROZEN/p; s/^frozen 0$/THAWED/p' /sys/fs/cgroup/ward/lasting/cgroup.events 2> /dev/null
	fi
}
# until_ok TRIES COMMAND...: runs COMMAND every 20 ms until it succeeds, TRIES times at most.
until_ok() {
	n=$1; shift
	while ! "$@" && [ "$n" -gt 0 ]; do sleep 0.02; n=$((n - 1)); done
	"$@"
}
if $v1 || [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
	"$WARD_RUN" lasting > /dev/null 2>&1 &
	wr=$!
	until_ok 250 sleeping || die "ward-run lasting: its sleep never ran"
	kill -TSTP $wr
	stopped() { [ "$(awk '{ print $3 }' /proc/$wr/stat)" = T ] && [ "$(freezer)" = FROZEN ]; }
	until_ok 100 stopped || { kill -KILL $wr; die "ward-run lasting: after ^Z, ward-run $(awk '{ print $3 }' /proc/$wr/stat), its leaf $(freezer)"; }
	kill -CONT $wr
	thawed() { [ "$(freezer)" = THAWED ]; }
	until_ok 100 thawed || { kill -KILL $wr; die "ward-run lasting: continued, its leaf stays $(freezer)"; }
	kill -INT $wr
	wait $wr 2> /dev/null || true # ended by SIGINT: 130
	echo "ward-run lasting: ^Z stops it and freezes its app; continued, the app is thawed"
else
	echo "ward-run lasting: ^Z stops it (no cgroup here: its app runs on)"
fi
"$WARD_RUN" lasting > /dev/null 2>&1 &
wr=$! i=0
while ! sleeping && [ $i -lt 250 ]; do sleep 0.02; i=$((i + 1)); done
sleeping || die "ward-run lasting: its sleep never ran"
kill -KILL $wr
wait $wr 2> /dev/null || true # killed: 137
i=0
while sleeping && [ $i -lt 100 ]; do sleep 0.02; i=$((i + 1)); done
if sleeping; then
	pkill -KILL -f '^/bin/sleep 3001$'
	die "ward-run lasting: killed, it left its sandbox running"
fi
# What the killed ward-run could not remove: its leaf, and the ward/ parents it made.
rmdir /sys/fs/cgroup/ward/lasting /sys/fs/cgroup/*/ward/lasting /sys/fs/cgroup/ward \
	/sys/fs/cgroup/*/ward 2> /dev/null || true # (those that are not there)
echo "ward-run lasting: killed, its sandbox went with it"
# The sandbox child holds ward-run's fds (PID 1's, on a board) and a copy of its memory until
# its execve: once it has the app's ids, it must not be dumpable, or any process of that uid
# could take them (/proc/PID/fd, pidfd_getfd). The kernel shows it: a non-dumpable process's
# /proc/PID/fd is root's, whatever its own uid (/proc/PID itself is always the euid's). sethostname, a step after the ids change, is
# held up 2 s by strace's fault injection while we look.
# held_probe OUT: ward-run probe under that strace, its output in OUT; sets held (strace),
# run (ward-run) and child (the sandbox child, once it has the app's uid; empty if not seen
# within 3 s).
held_probe() {
	strace -f -qq -o /dev/null -e trace=sethostname -e inject=sethostname:delay_enter=2000000 \
		"$WARD_RUN" probe > "$1" 2>&1 &
	held=$! run= child= i=0
	while [ -z "$child" ] && [ $i -lt 150 ]; do
		sleep 0.02; i=$((i + 1))
		run=$(pgrep -P $held | head -n 1)
		for p in $(pgrep -P "$run" 2>/dev/null); do
			[ "$(awk '/^Uid:/ { print $2 }' /proc/$p/status 2>/dev/null)" -gt 0 ] 2>/dev/null && child=$p
		done
	done
}
held_probe "$B/held.out"
sleep 0.3
uid=$(awk '/^Uid:/ { print $2 }' /proc/$child/status 2>/dev/null)
owner=$(stat -c %u /proc/$child/fd 2>/dev/null)
wait $held || die "ward-run probe (sethostname held up) failed: $(cat "$B/held.out")"
[ -n "$child" ] && [ "$owner" = 0 ] ||
	die "ward-run probe: its sandbox child (pid ${child:-not found}, uid ${uid:-?}) is dumpable during its setup: /proc/$child/fd is uid ${owner:-?}'s"
echo "ward-run probe: its sandbox child (uid $uid) is not dumpable during its setup"
# The child dies with ward-run at every step: killed while sethostname is held up (after the
# id change that clears the parent-death signal, before the last step sets it again), the app
# must never run.
held_probe "$B/orphan.out"
[ -n "$child" ] || die "ward-run probe (sethostname held up): no sandbox child found"
kill -KILL "$run"
sleep 3 # past the 2 s hold
alive=$(awk '/^State:/ && $2 != "Z" { print "yes" }' /proc/$child/status 2>/dev/null || true)
wait $held 2>/dev/null || true # strace ends with its killed tracee
rmdir /sys/fs/cgroup/ward/probe /sys/fs/cgroup/*/ward/probe 2> /dev/null || true
[ -z "$alive" ] && ! grep -q '^app-pid' "$B/orphan.out" ||
	die "ward-run killed during its sandbox's setup: the child ${alive:+lives on and }ran the app: $(cat "$B/orphan.out")"
echo "ward-run probe: killed during its sandbox's setup, the sandbox went with it"

# crun refuses a host whose cgroup v2 tree is mounted beside v1 controllers (hybrid): it runs
# in a mount namespace of its own where /sys/fs/cgroup is that (controller-less) v2 tree,
# entered with nsenter, which is timed on its own too.
mnt=$B/mnt
# ward/, the parent of every app's leaf, is made once, as PID 1 makes it at boot: each
# ward-run then makes and removes only its app's leaf (it removes ward/ only when it made it).
# Removed at the end when the bench made it.
made_parents=
if [ "$(stat -f -c %T /sys/fs/cgroup/memory 2>/dev/null)" = cgroupfs ]; then
	# cpuset children start with no CPUs unless they copy their parent's.
	echo 1 > /sys/fs/cgroup/cpuset/cgroup.clone_children
	for c in memory pids cpu cpuset blkio freezer; do
		[ -d /sys/fs/cgroup/$c/ward ] && continue
		mkdir /sys/fs/cgroup/$c/ward || die "unable to create /sys/fs/cgroup/$c/ward"
		made_parents="$made_parents /sys/fs/cgroup/$c/ward"
	done
elif [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ] && [ ! -d /sys/fs/cgroup/ward ]; then
	mkdir /sys/fs/cgroup/ward || die "unable to create /sys/fs/cgroup/ward"
	made_parents=/sys/fs/cgroup/ward
fi
cleanup() {
	umount "$mnt/ns" 2>/dev/null || true
	umount "$mnt" 2>/dev/null || true
	for d in $made_parents; do rmdir "$d" 2>/dev/null || true; done
}
trap cleanup EXIT
# Interrupted (Ctrl-C, a CI timeout): the same, then out.
trap 'cleanup; exit 130' INT TERM
if ! mountpoint -q "$mnt"; then
	mkdir -p "$mnt"
	mount --bind "$mnt" "$mnt" && mount --make-private "$mnt" || die "unable to bind $mnt"
fi
touch "$mnt/ns"
unshare --mount="$mnt/ns" --propagation private sh -c \
	'mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null || mount -t tmpfs none /sys/fs/cgroup' ||
	die "unable to make crun's mount namespace"
sh scripts/bench/oci-bundle.sh "$B/oci" build/dl/x86_64/busybox >/dev/null || die "unable to make the OCI bundle"
nsenter --mount="$mnt/ns" crun run --bundle "$B/oci" bench-probe || die "crun cannot run the bundle"
unshare -U -r -p -f -m -u -i -n -C --mount-proc /bin/true || die "unshare cannot run /bin/true"
bwrap --unshare-all --unshare-user --unshare-cgroup --dev /dev --proc /proc --ro-bind / / /bin/true ||
	die "bwrap cannot run /bin/true"
# Rounds: each times every command in turn, so that the load of a shared machine, which
# drifts, falls on all of them alike; the runs of all rounds are pooled.
ROUNDS=${BENCH_ROUNDS:-10}
$smoke && ROUNDS=1
per=$(( (RUNS + ROUNDS - 1) / ROUNDS ))
rm -f "$B"/spawn-round-*.json
r=1
while [ $r -le "$ROUNDS" ]; do
	hyperfine -N --style none --warmup 1 --runs "$per" --export-json "$B/spawn-round-$r.json" \
		-n unshare 'unshare -U -r -p -f -m -u -i -n -C --mount-proc /bin/true' \
		-n bwrap 'bwrap --unshare-all --unshare-user --unshare-cgroup --dev /dev --proc /proc --ro-bind / / /bin/true' \
		-n crun "nsenter --mount=$mnt/ns crun run --bundle $B/oci bench" \
		-n nsenter "nsenter --mount=$mnt/ns /bin/true" \
		-n ward-run "$WARD_RUN true" \
		-n ward-run-no-cgroup "$WARD_RUN --no-cgroup true" >/dev/null 2>"$B/spawn.err" ||
		{ cat "$B/spawn.err" >&2; die "hyperfine failed"; }
	r=$((r + 1))
done
python3 scripts/bench/spawn-stats.py "$B/spawn-hyperfine.json" "$B"/spawn-round-*.json >> "$results" ||
	die "unable to pool the spawn rounds"
printf '%-20s %10s %10s %10s %10s\n' tool median_ms stddev_ms min_ms max_ms
for t in unshare bwrap crun nsenter ward-run ward-run-no-cgroup; do
	printf '%-20s %10s %10s %10s %10s\n' $t "$(value spawn.$t.median_ms)" "$(value spawn.$t.stddev_ms)" \
		"$(value spawn.$t.min_ms)" "$(value spawn.$t.max_ms)"
done
ward=$(value spawn.ward-run.median_ms)
record spawn.crun-net.median_ms "$(calc "$(value spawn.crun.median_ms) - $(value spawn.nsenter.median_ms)")"
r_unshare=$(calc "$ward / $(value spawn.unshare.median_ms)")
r_bwrap=$(calc "$(value spawn.bwrap.median_ms) / $ward")
r_crun=$(calc "$(value spawn.crun-net.median_ms) / $ward")
record spawn.ratio.ward_over_unshare "$r_unshare"
record spawn.ratio.bwrap_over_ward "$r_bwrap"
record spawn.ratio.crun_net_over_ward "$r_crun"
budget spawn.vs-unshare "$(calc "$r_unshare <= 1.2" | cut -c1)" "ward/unshare = $r_unshare, <= 1.2"
budget spawn.vs-bwrap "$(calc "$r_bwrap >= 1.8" | cut -c1)" "bwrap/ward = $r_bwrap, >= 1.8"
budget spawn.vs-crun "$(calc "$r_crun >= 3" | cut -c1)" "(crun - nsenter)/ward = $r_crun, >= 3"
# Like for like: none of the others creates a cgroup leaf; on a host with v1 controllers ward's
# attach costs what the board's CLONE_INTO_CGROUP does not (see docs/performance.md).
nocg=$(value spawn.ward-run-no-cgroup.median_ms)
record spawn.ratio.nocg.ward_over_unshare "$(calc "$nocg / $(value spawn.unshare.median_ms)")"
record spawn.ratio.nocg.bwrap_over_ward "$(calc "$(value spawn.bwrap.median_ms) / $nocg")"
record spawn.ratio.nocg.crun_net_over_ward "$(calc "$(value spawn.crun-net.median_ms) / $nocg")"
echo "info: without its cgroup leaf: ward/unshare = $(value spawn.ratio.nocg.ward_over_unshare)," \
	"bwrap/ward = $(value spawn.ratio.nocg.bwrap_over_ward)," \
	"(crun - nsenter)/ward = $(value spawn.ratio.nocg.crun_net_over_ward)"

# ---- 3. reaping ----------------------------------------------------------------------
if ! $smoke; then
	echo "== reaping: $ORPHANS orphans reparented to PID 1 (median of $REAP_RUNS runs, ms)"
	cc -O2 -Wall -Wextra -o "$B/orphans" scripts/bench/orphans.c || die "unable to build orphans"
	{ cat tests/bench/reap.config
	  echo "CONFIG_APP_REAP_CMD=\"$B/orphans $ORPHANS --term-init\""; } > "$B/reap.config"
	make_init "$B/reap" qemu-x86_64 tests/bench "$B/reap.config" || die "unable to build the reaping init"
	# One line per run and init: "<init> <us>", the inits taking turns.
	: > "$B/reap.raw"
	i=0
	while [ $i -lt "$REAP_RUNS" ]; do
		for init in ward tini catatonit; do
			case $init in
			ward) out=$(unshare -fpm --mount-proc sh -c 'mount -t cgroup2 none /sys/fs/cgroup &&
				exec "$1" --test' sh "$B/reap/init" 2>&1) ;;
			tini) out=$(unshare -fp --mount-proc /usr/bin/tini-static -- "$B/orphans" "$ORPHANS" 2>&1) ;;
			catatonit) out=$(unshare -fp --mount-proc /usr/bin/catatonit -- "$B/orphans" "$ORPHANS" 2>&1) ;;
			esac
			us=$(echo "$out" | sed -n "s/.*reaped $ORPHANS orphans in \([0-9]*\) us.*/\1/p")
			[ -n "$us" ] || die "reaping under $init: no result: $out"
			echo "$init $us" >> "$B/reap.raw"
		done
		i=$((i + 1))
	done
	# ward --test made its leaf in the host's cgroup2 tree: leave that as found.
	unshare -m sh -c 'mount -t cgroup2 none /sys/fs/cgroup && rmdir /sys/fs/cgroup/ward/reap /sys/fs/cgroup/ward' \
		2>/dev/null || true
	for init in ward tini catatonit; do
		awk -v i=$init '$1 == i { print $2 / 1000 }' "$B/reap.raw" | sort -n | awk -v i=$init '
			{ v[NR] = $1 } END { printf "reap.%s.median_ms %.1f\nreap.%s.min_ms %.1f\nreap.%s.max_ms %.1f\n",
				i, v[int((NR + 1) / 2)], i, v[1], i, v[NR] }' >> "$results"
		printf '%-10s median %8s  min %8s  max %8s\n' $init "$(value reap.$init.median_ms)" \
			"$(value reap.$init.min_ms)" "$(value reap.$init.max_ms)"
	done
	best=$(calc "$(value reap.tini.median_ms) < $(value reap.catatonit.median_ms) ? $(value reap.tini.median_ms) : $(value reap.catatonit.median_ms)")
	r=$(calc "$(value reap.ward.median_ms) / $best")
	record reap.ratio.ward_over_fastest "$r"
	# Parity: within the spread these shared machines show run to run (10%).
	budget reap.parity "$(calc "$r <= 1.10" | cut -c1)" "ward/fastest = $r, <= 1.10"
fi

# ---- 4-7. in the booted x86_64 guest: memory, restart, boot to ready, scaling ------------
if ! $smoke; then
	guest=$B/guest.txt
	: > "$guest"
	for n in $GUEST_APPS; do
		echo "== guest: $n apps, ward vs BusyBox init + unshare script (QEMU, TCG)"
		sh scripts/bench/guest.sh "$n" "$guest" "$([ "$n" = 8 ] && echo "$RESTARTS" || echo 0)" ||
			die "guest boot with $n apps failed"
	done
	cat "$guest" >> "$results"
	g() { value "guest.$1"; }
	# The first app's start: PID 1's "started as pid" line; BusyBox logs none, and its script
	# starts the meter after the apps: there, the meter's own start.
	first_start() {
		if [ "$(g $1.first_start_us)" -ge 0 ]; then g $1.first_start_us; else g $1.meter_start_us; fi
	}
	printf '%-8s %-8s %12s %14s %10s %10s %10s\n' init apps init_to_ready_ms first_start_ms rss_kib pss_kib vmrss_kib
	for n in $GUEST_APPS; do
		for init in ward busybox; do
			part=$(calc "($(g $init.$n.ready_us) - $(g $init.$n.init_start_us)) / 1000")
			first=$(calc "($(first_start $init.$n) - $(g $init.$n.init_start_us)) / 1000")
			record "guest.$init.$n.part_ms" "$part"
			printf '%-8s %-8s %12s %14s %10s %10s %10s\n' $init $n "$part" "$first" \
				"$(g $init.$n.pid1_rss_kib)" "$(g $init.$n.pid1_pss_kib)" "$(g $init.$n.pid1_vmrss_kib)"
		done
	done
	# PID 1's memory with 8 apps (Rss from smaps_rollup: VmRSS lags, its counters are cached
	# per CPU); boot to ready; restart against spawn, both in the guest.
	rss=$(g ward.8.pid1_rss_kib)
	budget memory.pid1 "$([ "$rss" -le 128 ] && echo 1 || echo 0)" "PID 1 Rss $rss KiB with 8 apps, <= 128"
	r=$(calc "$(g ward.8.part_ms) / $(g busybox.8.part_ms)")
	record boot.ratio.ward_over_busybox "$r"
	budget boot.part "$(calc "$r <= 0.334" | cut -c1)" "ward's part / BusyBox's = $r, <= 1/3"
	# What comes before the first start is PID 1's own start.
	for n in $GUEST_APPS; do
		record "guest.ward.$n.apps_ms" "$(calc "($(g ward.$n.ready_us) - $(first_start ward.$n)) / 1000")"
		echo "info: $n apps: ward from its first start to all running $(value guest.ward.$n.apps_ms) ms," \
			"BusyBox init from init to all running $(g busybox.$n.part_ms) ms"
	done
	record restart.ms "$(calc "$(g ward.8.restart_us) / 1000")"
	record restart.spawn_ms "$(calc "$(g ward.8.spawn_us) / 1000")"
	# Spawn under cgroup v2 (CLONE_INTO_CGROUP), in the guest: what the leaf costs there, and
	# BusyBox's unshare (the same namespaces but cgroup: it has no -C) beside it. Under TCG:
	# information, not a budget.
	record guest.spawn.ward_ms "$(calc "$(g ward.8.spawn_us) / 1000")"
	record guest.spawn.ward_nocg_ms "$(calc "$(g ward.8.spawn_nocg_us) / 1000")"
	record guest.spawn.unshare_ms "$(calc "$(g ward.8.spawn_unshare_us) / 1000")"
	echo "info: spawn in the guest (cgroup v2, TCG): ward-run true $(value guest.spawn.ward_ms) ms," \
		"without its leaf $(value guest.spawn.ward_nocg_ms) ms, BusyBox unshare $(value guest.spawn.unshare_ms) ms"
	r=$(calc "$(g ward.8.restart_us) / $(g ward.8.spawn_us)")
	record restart.ratio.restart_over_spawn "$r"
	echo "restart (exit to replacement running, zero backoff): $(value restart.ms) ms;" \
		"ward-run true in the guest: $(value restart.spawn_ms) ms (medians of $RESTARTS)"
	budget restart "$(calc "$r <= 1.5" | cut -c1)" "restart/spawn = $r, <= 1.5"
	# Scaling: least-squares line through (apps, value); slope per app and r^2.
	for what in part_ms pid1_rss_kib; do
		for n in $GUEST_APPS; do echo "$n $(g ward.$n.$what)"; done | awk -v w=$what '
			{ x[NR] = $1; y[NR] = $2; sx += $1; sy += $2 }
			END { mx = sx / NR; my = sy / NR
				for (i = 1; i <= NR; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ^ 2; syy += (y[i] - my) ^ 2 }
				b = sxy / sxx; r2 = syy ? sxy * sxy / (sxx * syy) : 1
				printf "scaling.%s.slope_per_app %.3f\nscaling.%s.intercept %.1f\nscaling.%s.r2 %.4f\n",
					w, b, w, my - b * mx, w, r2 }' >> "$results"
		echo "scaling $what: $(value scaling.$what.slope_per_app) per app," \
			"intercept $(value scaling.$what.intercept), r^2 $(value scaling.$what.r2)"
		budget "scaling.$what" "$(calc "$(value scaling.$what.r2) >= 0.95" | cut -c1)" "linear fit r^2 >= 0.95"
	done
fi

# ---- results -------------------------------------------------------------------------
awk 'BEGIN { printf "{" } { printf "%s\n  \"%s\": %s", (NR > 1 ? "," : ""), $1, $2 } END { print "\n}" }' \
	"$results" > "$B/results.json"
echo "bench: results in $results and $B/results.json"
