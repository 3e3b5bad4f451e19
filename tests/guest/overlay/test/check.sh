#!/bin/sh
# check.sh: the boot tests' in-guest half. Runs as an app with no namespaces of its own, so it
# sees the whole system as the kernel does: it checks the other test apps through /proc and
# the cgroup files (never through what ward says), prints TAP, then powers the board off.
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

CG=/sys/fs/cgroup/ward
NAMESPACES="pid mnt uts ipc net cgroup"
# Booted with ward.cgroup=v1, the same limits must hold through the v1 hierarchies.
V1=
grep -qw ward.cgroup=v1 /proc/cmdline && V1=1 && CG=/sys/fs/cgroup/pids/ward

pids_of() { cat "$CG/$1/cgroup.procs" 2>/dev/null; }
first_pid() { pids_of "$1" | head -n 1; }
ns_of() { readlink "/proc/$1/ns/$2"; }
# NSpid lists a process's pid in each pid namespace it is in, outermost first.
inner_pid() { awk '/^NSpid:/ { print $NF }' "/proc/$1/status"; }
ppid_of() { awk '/^PPid:/ { print $2 }' "/proc/$1/status"; }
comm_of() { cat "/proc/$1/comm"; }

own_ns() { p=$(first_pid "$1"); [ -n "$p" ] && [ "$(ns_of "$p" "$2")" != "$(ns_of 1 "$2")" ]; }
shared_ns() { p=$(first_pid "$1"); [ -n "$p" ] && [ "$(ns_of "$p" "$2")" = "$(ns_of 1 "$2")" ]; }
in_cgroup() {
	p=$(first_pid "$1")
	if [ -n "$V1" ]; then
		# Every hierarchy that holds something per app (cpuset and blkio: checked below).
		[ -n "$p" ] || return 1
		for h in memory pids cpu freezer; do
			grep -q "^[0-9]*:$h:/ward/$1\$" "/proc/$p/cgroup" ||
				{ echo "# $1 (pid $p) not in $h:/ward/$1: $(tr '\n' ' ' < "/proc/$p/cgroup")"; return 1; }
		done
	else
		[ -n "$p" ] && grep -qx "0::/ward/$1" "/proc/$p/cgroup"
	fi
}
# A v2 file and value, read from its v1 counterpart when booted with v1.
cg_file_is() {
	app=$1 file=$2 want=$3
	if [ -n "$V1" ]; then
		case $file in
		memory.max) file=memory/memory.limit_in_bytes
			# "No limit" is the root's value: the largest page count, which is
			# smaller on a 32-bit kernel.
			[ "$want" = max ] && want=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes) ;;
		memory.high) file=memory/memory.soft_limit_in_bytes ;;
		pids.max) file=pids/pids.max ;;
		cpu.max) file=cpu/cpu.cfs_quota_us want=${want%% *} ;;
		cpu.weight) file=cpu/cpu.shares want=$((want * 1024 / 100)) ;;
		cpuset.cpus) file=cpuset/cpuset.cpus ;;
		io.weight) file=blkio/blkio.bfq.weight want=${want#default } ;;
		esac
		got=$(cat "/sys/fs/cgroup/${file%%/*}/ward/$app/${file#*/}" 2>/dev/null)
	else
		got=$(cat "$CG/$app/$file" 2>/dev/null)
	fi
	[ "$got" = "$want" ] || { echo "# $app $file: $got, want $want"; return 1; }
}

has_inner_pid() {
	for p in $(pids_of "$1"); do
		[ "$(inner_pid "$p")" = "$2" ] && return 0
	done
	return 1
}

# Zombies left to an init: state Z with PID 1 or a reaper (pid 1 of an app's namespace) as
# parent. (An app that does not wait for its own children keeps their zombies: that is
# the app's business.) One can exist for a moment between exit and reaping, so only those
# seen twice, a second apart, count as left unreaped.
zombies() {
	for s in /proc/[0-9]*/stat; do
		read -r pid comm state ppid rest < "$s" 2>/dev/null && [ "$state" = Z ] &&
			{ [ "$ppid" = 1 ] || [ "$(inner_pid "$ppid" 2>/dev/null)" = 1 ]; } && echo "$pid"
	done
}
no_lasting_zombies() {
	z1=$(zombies | sort)
	sleep 1
	z2=$(zombies | sort)
	lasting=$(printf '%s\n%s\n' "$z1" "$z2" | sort | uniq -d | grep .)
	[ -z "$lasting" ] || {
		for z in $lasting; do
			echo "# lasting zombie $z ($(comm_of "$z")), parent $(ppid_of "$z") ($(comm_of "$(ppid_of "$z")"))"
		done
		return 1
	}
}

# An orphan: a sleep in the app's cgroup whose parent is not the shell that forked it but the
# reaper (pid 1 of the app's namespace) or, without a pid namespace, ward itself.
# An orphan lives 0.3 s of every 0.5: up to 3 s of looking, for a board loaded by the other
# apps (a fork bomb among them) under emulation.
has_orphan_of() {
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
		for p in $(pids_of "$1"); do
			[ "$(comm_of "$p")" = sleep ] && [ "$(ppid_of "$p")" = "$2" ] && return 0
		done
		sleep 0.2
	done
	return 1
}

reaper_of() {
	for p in $(pids_of "$1"); do
		[ "$(inner_pid "$p")" = 1 ] && echo "$p" && return
	done
}

# The hardware watchdog as the kernel reports it: active from here on (PID 1 armed it before
# any app), so the time until the poweroff below is time it was fed through.
WD=/sys/class/watchdog/watchdog0
wd_state() { cat "$WD/state" 2>/dev/null; }
read -r wd_since rest < /proc/uptime
[ "$(wd_state)" = active ] || wd_since=

# Let every app start, the flapper crash a few times and the orphan makers make orphans.
sleep 4
sleeper_reaper=$(reaper_of sleeper)

# First, before the memory hog's OOM reports can push it out of the kernel's log buffer.
logged_in_kmsg() {
	dmesg | grep -q "init: missing: unable to execute the command: No such file" && return 0
	echo "# dmesg has $(dmesg | wc -l) lines, $(dmesg | grep -c 'init: ') from init; last:"
	dmesg | tail -n 3 | sed 's/^/# /'
	return 1
}
check "a failed exec is logged to /dev/kmsg with the app's name" logged_in_kmsg

# Logs: app lines in the kernel's log as "<app>: <line>", and /dev/kmsg's own limit lifted
# (PID 1 limits each app itself; more at the end, and on the console in tests/boot/run.sh).
in_kmsg() { dmesg | grep -q "^\[ *[0-9.]*\] $1\$"; }
check "app output is in the kernel's log as \"<app>: <line>\" (sleeper)" in_kmsg "sleeper: hostname sleeper"
check "PID 1 turned /dev/kmsg's own rate limit off (printk_devkmsg on)" \
	[ "$(cat /proc/sys/kernel/printk_devkmsg)" = on ]
# noisy's first lines, 100 of them at once (its burst is WARD_LOG_BURST, 200 by default), reach
# the kernel's log whole: /dev/kmsg would let 10 through (printk_devkmsg ratelimit).
noise_burst_whole() {
	for i in $(seq 1 20); do
		dmesg | grep -q '\] noisy: noise 99$' && break
		sleep 0.5
	done
	[ "$(dmesg | grep -cE '\] noisy: noise ([0-9]|[1-9][0-9])$')" = 100 ]
}
check "a burst within an app's rate limit is in the kernel's log whole (noisy's first 100 lines)" \
	noise_burst_whole

for app in sleeper orphans stubborn; do
	for ns in $NAMESPACES; do
		check "$app runs in its own $ns namespace" own_ns "$app" "$ns"
	done
done
for ns in $NAMESPACES; do
	check "plain, configured with no namespaces, shares PID 1's $ns namespace" shared_ns plain "$ns"
done
check "nopid, configured without pid, shares PID 1's pid namespace" shared_ns nopid pid
check "nopid still has its own mnt namespace" own_ns nopid mnt

for app in sleeper plain stubborn nopid; do
	check "$app is in its own cgroup /ward/$app" in_cgroup "$app"
done
check "sleeper memory.max is 32 MiB" cg_file_is sleeper memory.max 33554432
check "sleeper pids.max is 16" cg_file_is sleeper pids.max 16
check "sleeper cpu.max is 50%" cg_file_is sleeper cpu.max "50000 100000"
# v1: the quota is per the period a fresh leaf has, 100 ms (ward writes only the quota).
[ -z "$V1" ] || check "v1: sleeper's cpu.cfs_period_us is 100 ms" \
	[ "$(cat /sys/fs/cgroup/cpu/ward/sleeper/cpu.cfs_period_us)" = 100000 ]
check "plain has no memory limit" cg_file_is plain memory.max max
check "plain has no pids limit" cg_file_is plain pids.max max

check "sleeper's reaper is pid 1 in the app's pid namespace" has_inner_pid sleeper 1
check "sleeper's shell is pid 2 in the app's pid namespace" has_inner_pid sleeper 2
same_pid_inside() { p=$(first_pid "$1"); [ -n "$p" ] && [ "$(inner_pid "$p")" = "$p" ]; }
check "plain, without a pid namespace, has the same pid inside and out" same_pid_inside plain

r=$(reaper_of orphans)
check "orphans' orphans are reparented to its reaper" has_orphan_of orphans "$r"
check "nopid's orphans are reparented to PID 1" has_orphan_of nopid 1
check "no process stays a zombie (orphans reaped in apps and by PID 1)" no_lasting_zombies

# PID 1 itself, as the kernel sees it.
sigmask() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
# Bit N-1 of a /proc signal mask is signal N.
has_signal() { m=$(sigmask "$1" "$2"); [ $(( 0x$m >> ($3 - 1) & 1 )) = 1 ]; }
for sig in 1 2 10 12 15 17; do
	check "PID 1 blocks signal $sig (read through its signalfd)" has_signal 1 SigBlk "$sig"
done
# Booted with sysctl.fs.suid_dumpable=1 (tests/boot/run.sh): what joins an app's user
# namespace would turn traceable by the app. PID 1 makes it 2, and says so.
check "fs.suid_dumpable is 2, not the command line's 1" [ "$(cat /proc/sys/fs/suid_dumpable)" = 2 ]
check "PID 1 said it changed fs.suid_dumpable" \
	sh -c 'dmesg | grep -q "init: fs.suid_dumpable was 1 (debug): now 2"'
# ... with protected_symlinks=0 and protected_hardlinks=0 too, and protected_fifos at the
# kernel's 0: a link or FIFO left in /tmp would take PID 1 or an app elsewhere. PID 1 makes
# them 1; protected_regular=2 is stricter than that, and stays.
for s in symlinks hardlinks fifos; do
	check "fs.protected_$s is 1" [ "$(cat /proc/sys/fs/protected_$s)" = 1 ]
done
check "fs.protected_regular stays the command line's 2" [ "$(cat /proc/sys/fs/protected_regular)" = 2 ]
# WARD_MODULES_LOCK: once the boot's modules are in, no more. Loading one of them again is
# refused (EPERM), where it would be found loaded already (EEXIST) otherwise.
mod=$(ls /lib/modules/*.ko 2>/dev/null | head -n 1)
check "module loading is locked (kernel.modules_disabled is 1)" \
	[ "$(cat /proc/sys/kernel/modules_disabled)" = 1 ]
check "loading a module is refused, not found loaded already ($mod)" \
	sh -c "[ -n '$mod' ] && insmod '$mod' 2>&1 | grep -q 'Operation not permitted'"
# The kernel command line's NAME.PARAM=VALUE words for a module PID 1 loads (tests/boot/run.sh:
# dm_mod, on x86_64's list, spelt both ways), given at its load as modprobe gives them; the
# kernel applies them only to what is built in.
if [ "$(uname -m)" = x86_64 ]; then
	check "dm_mod took the command line's dm-mod.swap_bios=77 and dm_mod.reserved_bio_based_ios=9" \
		[ "$(cat /sys/module/dm_mod/parameters/swap_bios /sys/module/dm_mod/parameters/reserved_bio_based_ios 2>&1 | tr '\n' ' ')" = "77 9 " ]
fi
# ... and the kernel starts no modprobe for what an app asks for (a socket protocol, a netlink
# family): its path is empty.
check "kernel.modprobe is empty (no modprobe run on an app's behalf)" \
	[ -z "$(cat /proc/sys/kernel/modprobe)" ]
# Handlers only for its own faults (ILL TRAP ABRT BUS FPE SEGV SYS: bits 3 4 5 6 7 10 30),
# none for the asynchronous signals, which it reads from its signalfd.
check "PID 1 catches its own faults and no other signal (SigCgt $(sigmask 1 SigCgt))" \
	[ "$(sigmask 1 SigCgt)" = 00000000400004f8 ]
lacks_signal() { ! has_signal "$@"; }
check "PID 1 leaves SIGSEGV unblocked (its own faults are not hidden)" lacks_signal 1 SigBlk 11
mask_is_empty() {
	m=$(sigmask "$1" "$2")
	[ "$m" = 0000000000000000 ] || { echo "# $2 of pid $1 ($(comm_of "$1")): $m"; return 1; }
}
# The app itself, not its reaper: in the app's pid namespace it is pid 2.
app_pid() {
	for p in $(pids_of "$1"); do
		[ "$(inner_pid "$p")" = 2 ] && echo "$p" && return
	done
}
check "plain starts with an empty signal mask" mask_is_empty "$(first_pid plain)" SigBlk
check "sleeper starts with an empty signal mask" mask_is_empty "$(app_pid sleeper)" SigBlk
# BusyBox sh ignores SIGQUIT itself; what it runs in the foreground shows what it inherited.
sleep_of() {
	for i in 1 2 3 4 5; do
		for p in $(pids_of "$1"); do
			[ "$(comm_of "$p")" = sleep ] && echo "$p" && return
		done
		sleep 0.2
	done
}
# A sleep lives a second: when it is gone before its status is read, take the next one.
sleep_ignores_nothing() {
	for i in 1 2 3 4 5; do
		p=$(sleep_of plain)
		# Read once: a second read may find the sleep gone.
		m=$(sigmask "$p" SigIgn 2>/dev/null)
		[ -n "$m" ] && { [ "$m" = 0000000000000000 ] || echo "# SigIgn of pid $p: $m"; [ "$m" = 0000000000000000 ]; return; }
	done
	echo "# no sleep of plain stayed long enough to be read"
	return 1
}
check "plain's commands start ignoring no signal" sleep_ignores_nothing

# The seccomp filter as the kernel reports it: mode 2 in the apps and in a reaper. check.sh
# runs without one (test.config): the control.
seccomp_mode() { awk '/^Seccomp:/ { print $2 }' "/proc/$1/status"; }
check "plain runs under its seccomp filter" [ "$(seccomp_mode "$(first_pid plain)")" = 2 ]
check "sleeper runs under its seccomp filter" [ "$(seccomp_mode "$(app_pid sleeper)")" = 2 ]
check "sleeper's reaper runs under it too" [ "$(seccomp_mode "$(reaper_of sleeper)")" = 2 ]
check "check.sh, configured without a filter, has none" [ "$(seccomp_mode $$)" = 0 ]

# rootfs, the initramfs itself, is its own parent in mountinfo: a mount moved over it is not.
root_has_parent() { awk '$5 == "/" { f = ($1 != $2) } END { exit !f }' /proc/1/mountinfo; }
check "PID 1's / is a mount over the initramfs, not rootfs itself" root_has_parent
pivot_works() {
	unshare -m sh -c 'mount -t tmpfs none /tmp && mkdir /tmp/old && cd /tmp &&
		pivot_root . old' 2>&1
}
check "pivot_root works in a new mount namespace" pivot_works
mounts="/proc:proc /sys:sysfs /dev:devtmpfs /dev/pts:devpts /dev/shm:tmpfs /run:tmpfs"
[ -n "$V1" ] || mounts="$mounts /sys/fs/cgroup:cgroup2"
for m in $mounts; do
	check "PID 1 mounted ${m%%:*} (${m#*:})" \
		awk -v d="${m%%:*}" -v t="${m#*:}" '$2 == d && $3 == t { f = 1 } END { exit !f }' /proc/mounts
done
check "the system hostname is ward" [ "$(hostname)" = ward ]
if [ -n "$V1" ]; then
	check "ward.cgroup=v1: no cgroup2 mounted, the v1 memory and pids hierarchies are" \
		awk '$3 == "cgroup2" { two = 1 } $3 == "cgroup" && $4 ~ /memory/ { m = 1 }
		     $3 == "cgroup" && $4 ~ /pids/ { p = 1 } END { exit two || !m || !p }' /proc/mounts
fi

p=$(first_pid sleeper)
check "sleeper's /proc is its own pid namespace's (pid 1 there is its reaper)" \
	[ "$(readlink "/proc/$p/root/proc/1/ns/pid")" = "$(ns_of "$p" pid)" ]
check "sleeper's mounts do not propagate to PID 1 (one proc mount there)" \
	[ "$(grep -c ' /proc proc ' /proc/1/mounts)" = 1 ]
lo_up() { nsenter -t "$1" -n ip link show lo | grep -q '[<,]UP[,>]'; }
check "sleeper's own net namespace has lo up" lo_up "$p"
check "sleeper's net namespace has no interface but lo" \
	[ "$(nsenter -t "$p" -n ip -o link show | grep -vc ': lo:')" = 0 ]
# Its root tmpfs (16 MiB) bounds inodes too, one a page and 64: empty files take no page.
check "sleeper's /tmp holds at most 4160 inodes" \
	[ "$(stat -f -c %c "/proc/$p/root/tmp")" = 4160 ]
check "sleeper's devpts holds at most 64 ptys" grep -q ' /dev/pts devpts .*,max=64' "/proc/$p/mounts"


# Only the reaper is signalled here: the app must get it through the reaper.
gone() { for i in 1 2 3 4 5 6 7 8 9 10; do [ -z "$(pids_of "$1")" ] && return 0; sleep 0.3; done; return 1; }
r=$(reaper_of forwarded)
check "forwarded has a reaper" [ -n "$r" ]
kill -TERM "$r"
check "SIGTERM to an app's reaper reaches the app, and the whole sandbox ends" gone forwarded

# Identity and limits of a confined app, as the kernel reports them.
p=$(app_pid sleeper)
status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
outside_uid=$(status_field "$p" Uid)
check "sleeper runs as uid 1000 of its user namespace, an unprivileged id outside ($outside_uid)" \
	eval '[ "$outside_uid" -ge 100000 ] && [ $(( (outside_uid - 100000) % 65536 )) = 1000 ]'
check "sleeper's user namespace maps its root to an unprivileged range" \
	awk '$1 == 0 && $2 >= 100000 && $3 == 65536 { f = 1 } END { exit !f }' "/proc/$p/uid_map"
# The kernel charges a user namespace's per-user counts (inotify instances, queued signals)
# to its owner too: owned by root, every app would draw on root's.
owner_is_root_outside() {
	owner=$(/usr/bin/nsowner "/proc/$1/ns/user") root=$(awk '$1 == 0 { print $2 }' "/proc/$1/uid_map")
	[ -n "$owner" ] && [ "$owner" = "$root" ] || { echo "# owner $owner, root outside $root"; return 1; }
}
check "sleeper's user namespace is owned by its root outside, not by root" owner_is_root_outside "$p"
check "ready's user namespace is owned by its root outside, not by root" \
	owner_is_root_outside "$(app_pid ready)"
# 65536: above the 4096 the kernel gives init, and a hard rtprio of 10 above its 0: an app in
# a user namespace cannot raise a hard limit itself (PID 1 raises them for it).
sleeper_limits() {
	awk '/^Max core file size/ && $5 == 0 { c = 1 } /^Max open files/ && $4 == 64 && $5 == 65536 { f = 1 }
	     /^Max realtime priority/ && $4 == 0 && $5 == 10 { r = 1 } END { exit !(c && f && r) }' "$1" ||
		{ grep -E "core|open|realtime pri" "$1" | sed 's/^/# /'; return 1; }
}
check "sleeper's rlimits: no core dumps, 64/65536 open files, realtime priority 0/10" \
	sleeper_limits "/proc/$p/limits"
check "sleeper cpu.weight is 50" cg_file_is sleeper cpu.weight 50
check "sleeper memory.high is 16 MiB" cg_file_is sleeper memory.high 16777216
check "sleeper cpuset.cpus is 0" cg_file_is sleeper cpuset.cpus 0
[ -n "$V1" ] || check "swapcap memory.swap.max is 8 MiB" cg_file_is swapcap memory.swap.max 8388608
check "sleeper io.weight is 200" cg_file_is sleeper io.weight "default 200"
# v1: cpuset and blkio leaves only for an app with CPUs or an IO weight of its own; the
# others stay in PID 1's cgroups there.
v1_cgroup_is() {
	p=$(first_pid "$1")
	[ -n "$p" ] && grep -q "^[0-9]*:$2:$3\$" "/proc/$p/cgroup" ||
		{ echo "# $1: $(grep ":$2:" "/proc/$p/cgroup" 2>/dev/null)"; return 1; }
}
if [ -n "$V1" ]; then
	for h in cpuset blkio; do
		check "v1: sleeper is in its $h leaf" v1_cgroup_is sleeper $h /ward/sleeper
		check "v1: plain (none configured) has no $h leaf, it is in PID 1's" \
			v1_cgroup_is plain $h "$(sed -n "s/^[0-9]*:$h://p" /proc/1/cgroup)"
	done
fi
check "sleeper's capability sets are empty" \
	[ "$(status_field "$p" CapEff)$(status_field "$p" CapPrm)$(status_field "$p" CapBnd)" = 000000000000000000000000000000000000000000000000 ]
# Its reaper keeps CAP_KILL, effective and permitted only: an app that changes its uid is still
# its to signal. Ended at the app's execve (above: none).
check "sleeper's reaper holds CAP_KILL alone, with nothing in its bounding set" \
	[ "$(status_field "$sleeper_reaper" CapEff)$(status_field "$sleeper_reaper" CapPrm)$(status_field "$sleeper_reaper" CapBnd)" = 000000000000002000000000000000200000000000000000 ]
check "the leaf of an app that ended is removed (forwarded)" [ ! -d $CG/forwarded ]

# Time namespace: offsets as the kernel holds them for the app. The armhf kernel has none:
# there the app must run all the same (its log line is checked on the host side).
p=$(app_pid clock)
if [ -e /proc/self/timens_offsets ]; then
	check "clock runs in its own time namespace" [ -n "$p" ] && [ "$(ns_of "$p" time)" != "$(ns_of 1 time)" ]
	check "clock's time namespace has the configured offsets" \
		awk '$1 == "monotonic" && $2 == 86400 { m = 1 } $1 == "boottime" && $2 == 3600 { b = 1 }
		     END { exit !(m && b) }' "/proc/$p/timens_offsets"
else
	check "clock runs without a time namespace on this kernel" [ -n "$p" ]
fi

# Faults, seen from the kernel's side: a fork bomb held at pids.max, and the apps around a
# killer (kill -9 -1 in its namespace) and a memory hog left alone.
check "the fork bomb is held at its pids.max (pids.current <= 16)" \
	[ "$(cat $CG/bomb/pids.current 2>/dev/null || echo 99)" -le 16 ]
check "the kernel refused the fork bomb's forks (pids.events max > 0)" \
	[ "$(awk '$1 == "max" { print $2 }' $CG/bomb/pids.events 2>/dev/null || echo 0)" -gt 0 ]
check "kill -9 -1 and the hog's OOM kills reached no other app (sleeper's reaper unchanged)" \
	eval '[ -n "$sleeper_reaper" ] && [ "$(reaper_of sleeper)" = "$sleeper_reaper" ]'
data_owner() { stat -c %u /var/lib/ward/escape/state 2>/dev/null; }
check "escape's persistent data directory belongs to its mapped root ($(data_owner))" \
	[ "$(data_owner)" -ge 100000 ] 2>/dev/null
# The app owns it, and may open it to all (as here); its parent is root's alone, so no user of
# the system reaches in (to run a set-id file of the app's ids, say). /var/lib/ward is open.
chmod 0755 /var/lib/ward/escape/state
check "uid 1234 cannot reach into escape's data directory opened to all (its parent is 0710, its root's group)" \
	sh -c '/usr/bin/runas 1234 1234 -- /bin/ls /var/lib/ward > /dev/null 2>&1 &&
	       ! /usr/bin/runas 1234 1234 -- /bin/ls /var/lib/ward/escape/state > /dev/null 2>&1'
chmod 0700 /var/lib/ward/escape/state

# Networking modes, seen from the system (this app shares PID 1's namespaces) and, through
# nsenter, from inside each app's own net namespace: netveth (veth: eth0 10.0.2.2/24, the
# system's end ward-netveth 10.0.2.1/24) and netnone (none: not even lo up). sleeper
# (loopback, the default) has lo up and nothing else: checked above.
fetch_page() {
	for i in 1 2 3 4 5 6 7 8 9 10; do
		# (BusyBox 1.35's static wget crashes with -T: timeout bounds it instead)
		[ "$(timeout 5 wget -q -O - http://10.0.2.2:8080/ 2>/dev/null)" = "ward netveth page" ] &&
			return 0
		sleep 0.3
	done
	return 1
}
links_in() { nsenter -t "$1" -n ip -o link show 2>/dev/null; }
link_up_in() { links_in "$1" | grep -q "^[0-9]*: $2[:@].*[<,]UP[,>]"; }
link_down_in() { links_in "$1" | grep "^[0-9]*: $2[:@]" | grep -vq "[<,]UP[,>]"; }
addr_in() { nsenter -t "$1" -n ip -o addr show dev "$2" 2>/dev/null | grep -q " inet $3 "; }
names_in() { links_in "$1" | sed 's/^[0-9]*: \([^:@]*\).*/\1/' | tr '\n' ' '; }
veth_pid=$(first_pid netveth)
check "the system fetches netveth's page from 10.0.2.2:8080 over the veth pair" fetch_page
check "the system's end ward-netveth has 10.0.2.1/24" addr_in 1 ward-netveth 10.0.2.1/24
check "the system's end ward-netveth is up" link_up_in 1 ward-netveth
# IPv4 only: with IPv6 the system's end would take Router Advertisements from the app.
no_ipv6_on() {
	[ -d /proc/sys/net/ipv6 ] || return 0
	[ "$(cat "/proc/sys/net/ipv6/conf/$1/disable_ipv6")" = 1 ] &&
		[ -z "$(ip -o -6 addr show dev "$1" 2>/dev/null)" ] ||
		{ echo "# $1: $(ip -o -6 addr show dev "$1" 2>&1)"; return 1; }
}
check "the system's end ward-netveth has IPv6 off (no address, no router advertisements)" \
	no_ipv6_on ward-netveth
check "netveth has its own net namespace" own_ns netveth net
check "netveth's eth0 has 10.0.2.2/24" addr_in "$veth_pid" eth0 10.0.2.2/24
check "netveth's eth0 is up" link_up_in "$veth_pid" eth0
check "netveth's lo is up" link_up_in "$veth_pid" lo
check "netveth's namespace has lo and eth0, nothing else" [ "$(names_in "$veth_pid")" = "lo eth0 " ]
none_pid=$(first_pid netnone)
check "netnone has its own net namespace" own_ns netnone net
check "netnone's lo is down" link_down_in "$none_pid" lo
check "netnone's namespace has lo and nothing else" [ "$(names_in "$none_pid")" = "lo " ]
# A restart makes a new pair under the same name. A process holding the old namespace keeps
# the old pair alive after the app is gone: PID 1 must delete it first.
new_reaper() {
	for i in $(seq 1 30); do
		r2=$(reaper_of netveth)
		[ -n "$r2" ] && [ "$r2" != "$1" ] && return 0
		sleep 0.2
	done
	return 1
}
veth_reaper=$(reaper_of netveth)
nsenter -t "$veth_pid" -n sleep 60 &
holder=$!
sleep 0.5
[ -n "$veth_reaper" ] && kill -KILL "$veth_reaper"
check "netveth is started again after SIGKILL" new_reaper "$veth_reaper"
check "restarted, netveth serves its page over its new pair" fetch_page
one_up() { [ "$(links_in 1 | grep -c ": $1@")" = 1 ] && link_up_in 1 "$1"; }
check "the system has one ward-netveth, up" one_up ward-netveth
check "the new ward-netveth has IPv6 off too" no_ipv6_on ward-netveth
check "the old namespace, still held, has lost its end of the old pair" \
	[ "$(names_in "$holder")" = "lo " ]
kill "$holder"

# Controls of the two routes no configuration opens (every sandbox gets a cwd inside its new
# root, and a session of its own): the probe itself undoes the protection, and must then see
# the route open. Its blocked side is checked in every confined app (escape and the others).
mkdir -p /tmp/jail
check "control: a root entered without a chdir leaves the cwd outside, and the probe says so" \
	sh -c 'cd /tmp && /usr/bin/probe --chroot /tmp/jail --open cwd-escape --only cwd-escape | grep -q "^ok 1 - cwd-escape"'
check "control: with a controlling terminal, the probe finds the ctty route open" \
	sh -c '/usr/bin/probe --ctty --open ctty --only ctty | grep -q "^ok 1 - ctty"'

# Supervision: readiness pipes, oneshot and readiness timeouts, heartbeats, crash ladder.
# "ready" says it is ready on fd 3: a pipe whose other end PID 1 holds.
pipe_to_pid1() {
	for p in $(pids_of ready); do
		[ "$(comm_of "$p")" = sh ] || continue
		end=$(readlink "/proc/$p/fd/3") || continue
		case $end in pipe:*) ;; *) continue ;; esac
		ls -l /proc/1/fd 2>/dev/null | grep -qF "$end" && return 0
	done
	return 1
}
check "ready's fd 3 is a pipe that PID 1 holds the other end of" pipe_to_pid1
only_fds_0_to_3() {
	for p in $(pids_of ready); do
		[ "$(comm_of "$p")" = sh ] || continue
		[ "$(ls /proc/$p/fd | sort -n | tr '\n' ' ')" = "0 1 2 3 " ] && return 0
	done
	return 1
}
check "ready's shell has only fds 0-3" only_fds_0_to_3
gone() { [ -z "$(pids_of "$1")" ]; }
check "the oneshot base finished: nothing left in its cgroup" gone base
check "slowshot, past its timeout, was killed: nothing left in its cgroup" gone slowshot
check "hanger, silent past its heartbeat, was killed: nothing left in its cgroup" gone hanger
wait_up() {
	i=0
	while [ -z "$(pids_of "$1")" ] && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
	[ -n "$(pids_of "$1")" ]
}
check "looper's crash ladder started its fallback spare" wait_up spare
check "looper, failed, stays down" gone looper
check "quitter, failed on the rung stop, stays down" gone quitter
check "dependent runs (started once ready was ready)" [ -n "$(first_pid dependent)" ]
# wardctl, checked against the kernel's view of the apps (/proc, the cgroup files).
W=/sbin/wardctl
ALL_APPS="all-caps base bomb chatty check clock critloop ctlapp dependent ender escape fault
	fd-leak filler flapper forwarded hanger hasty hog host-ns killer looper missing modem netnone netveth
	no-limits no-seccomp no-userns nocpu noexec-off noisy nopid offcpu open-all orphans plain quitter ready sleeper
	slowshot spare stubborn stuck survivor swapcap synchang"
# Apps that do not come and go by themselves: their state in the list must match /proc.
STEADY="check ctlapp nopid orphans plain sleeper stubborn"
list_field() { awk -v a="$1" -v c="$2" '$1 == a { print $c }'; }
list_matches_proc() {
	out=$($W list) || { echo "# wardctl list: exit $?"; return 1; }
	echo "$out" | head -n 1 | grep -q '^APP  *STATE  *PID  *SINCE  *RESTARTS  *FLAGS$' ||
		{ echo "# header: $(echo "$out" | head -n 1)"; return 1; }
	for a in $ALL_APPS; do
		echo "$out" | grep -q "^$a " || { echo "# $a missing from the list"; return 1; }
	done
	[ "$(echo "$out" | wc -l)" = $(( $(echo $ALL_APPS | wc -w) + 1 )) ] || { echo "# $(echo "$out" | wc -l) lines"; return 1; }
	for a in $STEADY; do
		st=$(echo "$out" | list_field "$a" 2) pid=$(echo "$out" | list_field "$a" 3)
		[ "$st" = up ] && pids_of "$a" | grep -qx "$pid" && [ "$(ns_of "$pid" pid)" = "$(ns_of "$(first_pid "$a")" pid)" ] ||
			{ echo "# $a: $st $pid; cgroup has $(pids_of "$a" | tr '\n' ' ')"; return 1; }
	done
	st=$(echo "$out" | list_field forwarded 2)
	[ "$st" = down ] && [ -z "$(pids_of forwarded)" ] || { echo "# forwarded: $st"; return 1; }
}
check "wardctl list: every app, in an aligned table, states and pids as in /proc and the cgroups" list_matches_proc
# hasty, on demand, has a 1 ms timeout: PID 1 goes back to its loop right after the start, and
# kills it while its sandbox is still being set up (under v1: before its child has joined its
# leaves, which it does once its root is built). Its sleep must never run, anywhere.
$W start hasty
down_within() { for i in $(seq 1 30); do [ "$($W list | list_field "$1" 2)" = down ] && return 0; sleep 0.2; done; return 1; }
runs_nowhere() {
	for f in /proc/[0-9]*/cmdline; do
		[ "$(tr '\0' ' ' < "$f" 2>/dev/null)" = "$1 " ] && return 1
	done
	return 0
}
check "hasty, killed past its 1 ms timeout while its sandbox was set up, is down (restart never)" down_within hasty
check "hasty, killed while its sandbox was set up: nothing in its cgroup" gone hasty
check "hasty, killed while its sandbox was set up: its command never ran" runs_nowhere "/bin/sleep 100002"
# nocpu, on demand, asks for CPU 7, which this board lacks: its leaf is made, the kernel refuses
# the limit, and it is not started (and retried with backoff, until stopped). What was made of
# its leaf must not stay behind.
no_leaf() {
	if [ -n "$V1" ]; then
		for h in /sys/fs/cgroup/*/ward; do
			[ ! -e "$h/$1" ] || { echo "# $h/$1 is left"; return 1; }
		done
		return 0
	fi
	[ ! -e "$CG/$1" ] || { echo "# $CG/$1 is left"; return 1; }
}
$W start nocpu
# A start that fails is a failure like a crash: 5 within the crash window (backoff from
# 200 ms: some 3 s) are a crash loop, and its ladder acts. Left uncounted, a critical app that
# cannot start would wait in backoff for ever while the watchdog is fed.
crash_loop_logged() { for i in $(seq 1 100); do
	dmesg | grep -q 'init: nocpu: crash loop: 5 failures within' && return 0; sleep 0.2; done
	return 1; }
check "nocpu, never started, is counted as failing: its crash loop is logged" crash_loop_logged
$W stop nocpu
check "nocpu, refused its cpuset.cpus and stopped, left no cgroup leaf" no_leaf nocpu
check "nocpu's command never ran" runs_nowhere "/bin/sleep 100003"
$W list | grep -E '^(APP|sleeper|forwarded|flapper) ' | sed 's/^/# /'
$W status sleeper | sed 's/^/# /'
status_pid() { $W status "$1" | awk '$1 == "PID:" { print $2 }'; }
p=$(status_pid sleeper)
is_sleeper_reaper() { [ -n "$1" ] && [ "$1" = "$(reaper_of sleeper)" ] && [ "$(ns_of "$1" pid)" != "$(ns_of 1 pid)" ]; }
check "wardctl status sleeper: its pid ($p) is sleeper's reaper, in a pid namespace not the system's" \
	is_sleeper_reaper "$p"
jpid=$($W --json list | tr -d '\n' | sed -n 's/.*{"app":"sleeper","state":"up","pid":\([0-9]*\),.*/\1/p')
check "wardctl --json list: sleeper's object carries its state and pid ($jpid)" [ "$jpid" = "$p" ]
jpid=$($W --json status sleeper | sed -n 's/^{"app":"sleeper",.*"pid":\([0-9]*\),"since_ms":[0-9]*,"restarts":[0-9]*,"flags":\["ready"\],"last_status":-1}$/\1/p')
check "wardctl --json status sleeper is one JSON object ($jpid)" [ "$jpid" = "$p" ]
$W status nosuchapp > /dev/null 2>&1
check "wardctl status of an unknown app exits 3" [ $? = 3 ]
$W frobnicate > /dev/null 2>&1
check "wardctl with an unknown command exits 2 (refused by PID 1)" [ $? = 2 ]

# stop, start, restart, kill and freeze on ctlapp, which traps USR1 and TERM.
procs_gone() { for i in $(seq 1 30); do [ -z "$(pids_of "$1")" ] && return 0; sleep 0.2; done; return 1; }
procs_back() { for i in $(seq 1 30); do [ -n "$(reaper_of "$1")" ] && return 0; sleep 0.2; done; return 1; }
old=$(reaper_of ctlapp)
$W stop ctlapp
check "wardctl stop ctlapp exits 0" [ $? = 0 ]
check "stopped, ctlapp has no process left in its cgroup" procs_gone ctlapp
sleep 1
$W status ctlapp > /dev/null
rc=$?
check "ctlapp stays down (status exits 1, no process in its cgroup)" [ "$rc$(pids_of ctlapp)" = 1 ]
check "wardctl list shows ctlapp down, no pid" [ "$($W list | list_field ctlapp 2)$($W list | list_field ctlapp 3)" = "down-" ]
$W start ctlapp
check "wardctl start ctlapp exits 0" [ $? = 0 ]
# Entered at once, maybe before its sandbox has built its root: a command there would see the
# system's tree (this script is in it, not in ctlapp's root). The entering process waits until
# the root is in place, then lands in it.
early=$($W enter ctlapp /bin/sh -c 'if [ -e /test/check.sh ]; then echo system; else echo own; fi' 2>&1)
check "wardctl enter right after a start lands in the app's own root, not the system's ($early)" \
	[ "$early" = own ]
# The same for the namespaces a sandbox takes after its clone: its time namespace (unshared
# once the root is built). Joined at once, the command would run in the system's. (Here the
# sandbox is mostly done before the request arrives; tests/unit/test_enter.c makes the race.)
if [ -e /proc/self/timens_offsets ]; then
	$W stop clock
	procs_gone clock
	$W start clock
	early=$($W enter clock readlink /proc/self/ns/time 2>&1)
	check "wardctl enter right after a start joins clock's time namespace ($early), not the system's" \
		[ "$early" != "$(ns_of 1 time)" ] && [ "$early" = "$(ns_of "$(reaper_of clock)" time_for_children)" ]
fi
check "started, ctlapp runs again" procs_back ctlapp
new_reaper_of() { for i in $(seq 1 30); do r2=$(reaper_of "$1"); [ -n "$r2" ] && [ "$r2" != "$2" ] && return 0; sleep 0.2; done; return 1; }
old=$(reaper_of ctlapp)
$W restart ctlapp
check "wardctl restart ctlapp exits 0" [ $? = 0 ]
check "restarted, ctlapp runs with a new pid (was $old)" new_reaper_of ctlapp "$old"
sleep 0.5
new_status() { [ "$(status_pid ctlapp)" = "$(reaper_of ctlapp)" ] && $W status ctlapp | grep -q '^  Restarts: 2$'; }
check "wardctl status ctlapp shows the new pid and 2 restarts" new_status
$W kill -s USR1 ctlapp
check "wardctl kill -s USR1 ctlapp exits 0 (the console shows it reached the app)" [ $? = 0 ]
$W kill -s TTIN ctlapp
check "wardctl kill -s TTIN ctlapp exits 0 (the console shows it reached the app)" [ $? = 0 ]
$W kill -s STOP ctlapp 2> /dev/null
check "wardctl kill -s STOP ctlapp is refused (exit 2): it would stop the reaper, not the app" [ $? = 2 ]
frozen() {
	if [ -n "$V1" ]; then
		f=/sys/fs/cgroup/freezer/ward/$1/freezer.state
		for i in $(seq 1 30); do [ "$(cat $f)" = "$2" ] && return 0; sleep 0.2; done
		echo "# $f: $(cat $f)"
	else
		for i in $(seq 1 30); do grep -qx "frozen $2" "$CG/$1/cgroup.events" && return 0; sleep 0.2; done
		echo "# cgroup.events: $(tr '\n' ' ' < "$CG/$1/cgroup.events")"
	fi
	return 1
}
if [ -n "$V1" ]; then is_frozen=FROZEN is_thawed=THAWED; else is_frozen=1 is_thawed=0; fi
$W freeze ctlapp
check "wardctl freeze ctlapp exits 0" [ $? = 0 ]
check "frozen: the kernel reports ctlapp's cgroup frozen" frozen ctlapp $is_frozen
check "wardctl list flags ctlapp frozen" sh -c "$W list | grep -q '^ctlapp .* frozen,ready\$'"
$W thaw ctlapp
check "wardctl thaw ctlapp exits 0" [ $? = 0 ]
check "thawed: the kernel reports ctlapp's cgroup running again" frozen ctlapp $is_thawed

# stubborn ignores SIGTERM: a restart (or stop) must not wait for it for ever. A grace period
# (test.config: 2 s) after the SIGTERM, PID 1 kills it, then starts it again.
old=$(reaper_of stubborn)
$W restart stubborn
check "wardctl restart stubborn (it ignores SIGTERM) exits 0" [ $? = 0 ]
killed_and_back() { for i in $(seq 1 50); do r2=$(reaper_of stubborn)
	[ -n "$old" ] && [ ! -e "/proc/$old" ] && [ -n "$r2" ] && [ "$r2" != "$old" ] && return 0; sleep 0.2; done
	echo "# stubborn's reaper was $old, is $(reaper_of stubborn)"; return 1; }
check "a grace period after SIGTERM, PID 1 killed stubborn (pid $old gone) and started it again" killed_and_back
check "and said so (init: stubborn: still running 2000 ms after SIGTERM: killing it)" \
	sh -c 'dmesg | grep -q "\] init: stubborn: still running 2000 ms after SIGTERM: killing it$"'

# enter: a command inside sleeper's sandbox, compared with sleeper itself from here.
app=$(app_pid sleeper)
entered=$($W enter sleeper /bin/sh -c 'for n in user mnt pid uts ipc net cgroup; do
	echo "ns $n $(readlink /proc/self/ns/$n)"; done; echo "cg $(cat /proc/self/cgroup | tr "\n" " ")"
	echo "appcg $(cat /proc/2/cgroup | tr "\n" " ")"; cat /proc/self/status; echo fds-begin; ls /proc/$$/fd; echo fds-end
	echo "fd0 $(readlink /proc/self/fd/0)"; echo "fd1 $(readlink /proc/self/fd/1)"
	sed "s/^/limits /" /proc/self/limits; exit 7')
rc=$?
check "wardctl enter exits with the command's status (7)" [ $rc = 7 ]
for ns in user mnt pid uts ipc net cgroup; do
	check "entered sleeper's $ns namespace" [ "$(echo "$entered" | awk -v n=$ns '$1 == "ns" && $2 == n { print $3 }')" = "$(ns_of "$app" $ns)" ]
done
check "entered sleeper's cgroup (seen from its cgroup namespace: $(echo "$entered" | sed -n 's/^cg //p'))" \
	[ "$(echo "$entered" | sed -n 's/^cg //p')" = "$(echo "$entered" | sed -n 's/^appcg //p')" ]
for f in CapEff CapPrm CapBnd CapAmb; do
	check "entered with sleeper's $f" [ "$(echo "$entered" | awk -v f=$f: '$1 == f { print $2 }')" = "$(status_field "$app" $f)" ]
done
check "entered as sleeper's uid (1000 inside)" [ "$(echo "$entered" | awk '$1 == "Uid:" { print $2 }')" = 1000 ]
echo "$entered" | sed -n 's/^limits //p' > /tmp/enter.limits
check "entered with sleeper's rlimits (its hard rtprio of 10 raised before the join)" \
	sleeper_limits /tmp/enter.limits
check "entered with no_new_privs" [ "$(echo "$entered" | awk '$1 == "NoNewPrivs:" { print $2 }')" = 1 ]
check "entered under sleeper's seccomp filter" [ "$(echo "$entered" | awk '$1 == "Seccomp:" { print $2 }')" = 2 ]
fds=$(echo "$entered" | sed -n '/^fds-begin$/,/^fds-end$/p' | grep -v '^fds-' | tr '\n' ' ')
check "entered with fds 0-2 only ($fds)" [ "$fds" = "0 1 2 " ]
has_pipes() { echo "$entered" | grep -q '^fd0 pipe:' && echo "$entered" | grep -q '^fd1 pipe:'; }
check "entered with pipes for stdio, not the caller's terminal or files" has_pipes
echo hello | $W enter sleeper cat > /tmp/enter.out
check "wardctl enter relays stdin and stdout" [ "$(cat /tmp/enter.out)" = hello ]
$W enter stopped-app true > /dev/null 2>&1
check "wardctl enter of an unknown app exits 3" [ $? = 3 ]
said=$($W enter sleeper /no/such/command 2>&1)
rc=$?
check "wardctl enter of a missing command exits 127, and says why ($said)" \
	[ $rc = 127 -a "$said" = "wardctl: enter sleeper: unable to execute the command: No such file or directory" ]
# Input the command does not read yet must not stop its output: 200 kB each way, the command
# writing all of its output before it reads (a blocking relay deadlocks at the pipes' 64 KiB).
both=$(head -c 200000 /dev/zero | timeout 20 $W enter sleeper /bin/sh -c 'head -c 200000 /dev/zero; wc -c' | tr -d '\0')
rc=$?
check "wardctl enter relays 200 kB of output while 200 kB of input wait, then all of the input ('$both')" \
	[ "$(echo $both)" = 200000 ]
# The command's child holds its stdout on (as the app could, through /proc/PID/fd): wardctl
# still ends with the command, not with the last holder (here 8 s on).
held=$(timeout 6 $W enter sleeper /bin/sh -c 'sleep 8 & echo hi' 2>&1)
rc=$?
check "wardctl enter ends with its command though a child holds its stdout (exit $rc, '$held')" \
	eval '[ $rc = 0 ] && [ "$held" = hi ]'
# A client gone mid-enter: the command goes with it (else it runs on in the app's pids.max).
sleep_1001_in() { for p in $(pids_of "$1"); do
	[ "$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null)" = "sleep 1001 " ] && return 0; done; return 1; }
within_5s() { for i in $(seq 1 25); do "$@" && return 0; sleep 0.2; done; return 1; }
$W enter sleeper sleep 1001 > /dev/null 2>&1 &
client=$!
within_5s sleep_1001_in sleeper
check "wardctl enter sleeper sleep 1001 runs in sleeper's cgroup" [ $? = 0 ]
kill -KILL $client
check "its client killed, the entered sleep 1001 is gone within 5 s" within_5s eval '! sleep_1001_in sleeper'

# NOEXEC (on unless an app says n): the app's /tmp, /run and /dev/shm are noexec, as the kernel
# lists its mounts, and a program copied there does not run (execve: EACCES). noexec-off, with
# it off, is the control. (DATA and :rw binds too: the probes' route exec-writable.)
writable_places_are() {
	p=$(app_pid "$1")
	places=$(grep -E '^[0-9]+ [0-9]+ [0-9:]+ [^ ]+ /(tmp|run|dev/shm) ' "/proc/$p/mountinfo" 2>/dev/null |
		cut -d' ' -f5,6)
	bad=$(echo "$places" | while read -r point opts; do
		case ,$opts, in *,noexec,*) got=noexec ;; *) got=exec ;; esac
		case ,$opts, in ,rw,*) ;; *) got=read-only ;; esac
		[ "$got" = "$2" ] || echo "$point $opts"
	done)
	[ -n "$p" ] && [ "$(echo "$places" | grep -c .)" = 3 ] && [ -z "$bad" ] ||
		{ echo "$places" | sed "s/^/# $1 (pid $p): /"; return 1; }
}
check "sleeper's /tmp, /run and /dev/shm are writable and noexec (NOEXEC, the default)" \
	writable_places_are sleeper noexec
check "control: noexec-off's (NOEXEC off) are writable, not noexec" writable_places_are noexec-off exec
# runs_copy APP: what a copy of BusyBox in APP's /tmp says when run as true, then "exit N".
runs_copy() {
	$W enter "$1" /bin/sh -c 'cp /bin/busybox /tmp/busybox || exit 9
		/tmp/busybox true; rc=$?; rm -f /tmp/busybox; echo "exit $rc"' 2>&1
}
out=$(runs_copy sleeper)
check "a copy of BusyBox in sleeper's /tmp does not run ($(echo $out))" \
	sh -c 'echo "$1" | grep -q "Permission denied" && echo "$1" | grep -qx "exit 126"' sh "$out"
out=$(runs_copy noexec-off)
check "control: in noexec-off's /tmp it runs ($(echo $out))" [ "$out" = "exit 0" ]

# Who may: root, and group 2000 (test.config), primary or supplementary; PID 1 decides from
# the credentials the kernel gives with the connection, not the socket's mode.
/usr/bin/runas 1234 2000 -- $W list > /dev/null 2>&1
check "uid 1234 with primary group 2000 may use wardctl" [ $? = 0 ]
# What it changes is logged with its uid and pid, as the kernel gave them with the request.
/usr/bin/runas 1234 2000 -- $W kill -s USR1 ctlapp > /dev/null 2>&1 &
rp=$!
wait $rp
check "wardctl kill by uid 1234 is logged with its uid and pid ($rp)" \
	sh -c 'dmesg | grep -q "\] init: ctlapp: kill asked by uid 1234, pid $1$"' sh "$rp"
/usr/bin/runas 1234 3000 2000 -- $W list > /dev/null 2>&1
rc=$?
check "uid 1234 of group 3000 with 2000 as a supplementary group may use wardctl (exit $rc)" [ $rc = 0 ]
# A setgid copy of wardctl (group 2000) would let uid 1234 of group 3000 in as the group:
# wardctl refuses to run so (AT_SECURE).
cp $W /tmp/wardctl-sgid && chgrp 2000 /tmp/wardctl-sgid && chmod 2755 /tmp/wardctl-sgid
out=$(/usr/bin/runas 1234 3000 -- /tmp/wardctl-sgid list 2>&1)
rc=$?
rm -f /tmp/wardctl-sgid
check "a setgid wardctl refuses to run (exit $rc: $out)" \
	sh -c '[ "$1" = 4 ] && echo "$2" | grep -q "not to be run setuid or setgid"' sh "$rc" "$out"
/usr/bin/runas 1234 3000 -- $W list > /dev/null 2>&1
rc=$?
check "uid 1234 of group 3000 only cannot even connect (exit $rc)" [ $rc = 4 ]

# logs: what the log ring kept of sleeper's output (the ring comes with the log issue's work).
check "wardctl logs sleeper shows its first line" \
	sh -c "$W logs sleeper | grep -q '^hostname sleeper\$'"
# --json: each of its lines an object of its own (quotes and backslashes escaped), the code last:
# no line of an app's can pass for wardctl's own.
$W --json logs sleeper > /tmp/logs.json
check "wardctl --json logs sleeper: {\"line\":...} objects, then {\"code\":0}" \
	sh -c 'grep -qxF "{\"line\":\"hostname sleeper\"}" /tmp/logs.json &&
	grep -qxF "{\"line\":\"q \\\"x\\\" b\\\\\"}" /tmp/logs.json &&
	[ "$(tail -n 1 /tmp/logs.json)" = "{\"code\":0}" ] &&
	[ "$(grep -vc "^{\"line\":\".*\"}\$" /tmp/logs.json)" = 1 ]'
rm -f /tmp/logs.json
# chatty, on demand, writes more than its ring holds at once, then sleeps: 100000 lines (700 KB)
# on x86_64, whose test config makes the rings 512 KiB (a socket's default buffer holds some
# 100-200 frames of 1 KiB); 2000 elsewhere, rings of 4 KiB. `logs` must send the whole ring:
# the end frame (exit 0), the ring's worth of bytes, the last line.
if [ "$(uname -m)" = x86_64 ]; then ring=524288 lines=100000; else ring=4096 lines=2000; fi
$W start chatty
sleeping() { for i in $(seq 1 150); do for p in $(pids_of chatty); do
	[ "$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null)" = "/bin/sleep 100009 " ] && return 0; done
	sleep 0.2; done; return 1; }
sleeping && sleep 1
$W logs chatty > /tmp/chatty.log
rc=$? got=$(wc -c < /tmp/chatty.log) last=$(tail -n 1 /tmp/chatty.log)
check "wardctl logs chatty sends its whole ring (exit $rc, $got bytes of $ring, last line $last)" \
	[ "$rc" = 0 -a "$got" -ge $((ring - 8)) -a "$last" = $lines ]
rm -f /tmp/chatty.log
usr1s=$($W logs ctlapp | grep -c '^got USR1$')
$W logs -f ctlapp > /tmp/follow.out &
follower=$!
sleep 1
$W kill -s USR1 ctlapp
sleep 1
kill $follower
check "wardctl logs -f ctlapp shows what the app writes as it writes it" \
	[ "$(grep -c '^got USR1$' /tmp/follow.out)" = $((usr1s + 1)) ]
# A follower whose reader has gone ends, and gives its slot in PID 1 back: noisy writes
# without end, head takes one line and leaves.
timeout -s KILL 10 sh -c "$W logs -f noisy | head -n 1 > /dev/null"
rc=$?
pkill -f "wardctl logs -f noisy" # left by a failure, it would hold a slot of PID 1's
check "wardctl logs -f noisy | head -n 1 ends when head does (exit $rc)" [ "$rc" = 0 ]
# --json errors: a name given on the command line cannot add fields of its own.
out=$($W --json status 'x","code":0,"ok":"')
check "wardctl --json escapes the caller's words in its error ($out)" \
	sh -c 'printf %s "$1" | grep -q "^{\"code\":2,\"error\":\"status x" &&
	[ "$(printf %s "$1" | grep -o "\"code\":" | wc -l)" = 1 ] &&
	printf %s "$1" | grep -qF "x\\\",\\\"code"' sh "$out"
# Dependencies through wardctl: stopping ready stops dependent first (it takes 1 s to stop,
# and ready must still run meanwhile); starting dependent brings ready up first.
$W stop ready
sleep 0.4
both_up() { [ -n "$(pids_of "$1")" ] && [ -n "$(pids_of "$2")" ]; }
check "wardctl stop ready: dependent is stopped first, ready still runs meanwhile" \
	both_up dependent ready
gone_within() {
	i=0
	while [ -n "$(pids_of "$1")" ] && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
	[ -z "$(pids_of "$1")" ]
}
both_gone() { gone_within "$1" && gone_within "$2"; }
check "wardctl stop ready: then both are gone" both_gone dependent ready
started_at() { awk '{ print $22 }' "/proc/$1/stat"; }
$W start dependent
check "wardctl start dependent: ready, which it depends on, comes up again" wait_up ready
check "wardctl start dependent: dependent comes up" wait_up dependent
ready_first() {
	r=$(first_pid ready) d=$(first_pid dependent)
	[ -n "$r" ] && [ -n "$d" ] && [ "$(started_at "$r")" -le "$(started_at "$d")" ]
}
check "wardctl start dependent: ready started before dependent (/proc/PID/stat)" ready_first

# The escape probes print their own TAP; wait until they are done.
for app in escape open-all no-seccomp no-userns all-caps host-ns no-limits fd-leak; do
	i=0
	while [ -n "$(pids_of "$app")" ] && [ $i -lt 120 ]; do sleep 0.5; i=$((i + 1)); done
done

# Logs: noisy numbers its lines. Those over its rate limit are missing from the kernel's log
# (a jump in the numbers: the log may have lost its oldest lines, never ones in between), and
# how many is logged there.
noise_skips() {
	dmesg | awk '/\] noisy: noise [0-9]+$/ { if (seen && $NF > prev + 1) jump = 1; prev = $NF; seen = 1 }
		END { exit !jump }'
}
check "lines of an app over its rate limit are not in the kernel's log (noisy's numbers jump)" noise_skips
check "how many were left out is logged (init: noisy: N lines not shown (rate limit))" \
	sh -c 'dmesg | grep -q "\] init: noisy: [0-9]* lines not shown (rate limit)$"'
# wardctl's fuzz test, once the escape probes are done (they time their probes): a million
# requests (fewer on the other boots), then PID 1 still serves and no app restarted for it.
restarts() { $W list | awk -v s=" $STEADY " 'NR > 1 && index(s, " " $1 " ") { print $1, $3, $5 }'; }
before=$(restarts)
fds_before=$(ls /proc/1/fd | wc -l)
# The plain x86_64 boot (ward as /init, /sbin/init a link to it, cgroup v2) sends a million;
# the other boots fewer, to keep within their time under emulation. ward.ctlfuzz=N overrides.
if [ "$(uname -m)" = x86_64 ] && [ -z "$V1" ] && [ -L /sbin/init ]; then count=1000000
elif [ "$(uname -m)" = x86_64 ]; then count=50000
else count=10000; fi
c=$(sed -n 's/.*ward\.ctlfuzz=\([0-9]*\).*/\1/p' /proc/cmdline)
[ -n "$c" ] && count=$c
fuzz=$(/usr/bin/ctlfuzz $count 4)
echo "$fuzz" | grep '^#'
check "ctlfuzz: $count random and mutated requests answered or refused as the protocol says" \
	[ "$(echo "$fuzz" | tail -n 1)" = "ctlfuzz: ok" ]
check "after the fuzz, PID 1 still answers and no app restarted" [ "$(restarts)" = "$before" ]
# PID 1 sees the fuzzer's last hang-ups on its next wakeup. Apps that restart by themselves
# (flapper, hog...) hold a few fds per run (cgroup, events, readiness pipe): allow for those,
# not for a leak of what the fuzz passed (thousands of fds).
FD_SLACK=8
fds_settle() { for i in $(seq 1 20); do [ "$(ls /proc/1/fd | wc -l)" -le $(($1 + FD_SLACK)) ] && return 0; sleep 0.2; done
	echo "# PID 1 has $(ls /proc/1/fd | wc -l) fds"; return 1; }
check "after the fuzz, PID 1 holds no more fds than before ($fds_before, give or take $FD_SLACK of restarting apps)" fds_settle "$fds_before"

# Debugging with fs.suid_dumpable=1 (PID 1 made it 2 at boot): a change of ids sets a process's
# dumpable flag to it, and the sandbox clears it again after its last. The kernel shows the
# files of a process that is not dumpable as root's in /proc/PID (the reaper's memory is PID
# 1's copy, of the initial user namespace), a dumpable one's as its euid's (the directory
# itself is always the euid's).
echo 1 > /proc/sys/fs/suid_dumpable
old=$(reaper_of sleeper)
$W restart sleeper
new_reaper_of sleeper "$old"
r=$(reaper_of sleeper)
echo 2 > /proc/sys/fs/suid_dumpable
check "with fs.suid_dumpable at 1, sleeper's new reaper is not dumpable (/proc/$r/fd owned by $(stat -c %u "/proc/$r/fd" 2>/dev/null), its uid $(status_field "$r" Uid 2>/dev/null))" \
	eval '[ -n "$r" ] && [ "$(stat -c %u "/proc/$r/fd")" = 0 ] && [ "$(status_field "$r" Uid)" != 0 ]'

# A healthy system keeps running past several timeouts (test.config: 5 s): wait for three
# when the checks were quicker than that.
wd_timeout=$(cat "$WD/timeout" 2>/dev/null)
check "the watchdog was active when the checks began" [ -n "$wd_since" ]
check "its timeout is the configured 5 s ($wd_timeout)" [ "$wd_timeout" = 5 ]
read -r up rest < /proc/uptime
wait_s=$(awk -v a="${wd_since:-0}" -v b="$up" -v t="${wd_timeout:-5}" 'BEGIN { w = a + 3 * t + 1 - b; print (w > 0) ? int(w + 1) : 0 }')
[ "$wait_s" = 0 ] || sleep "$wait_s"
read -r up rest < /proc/uptime
ran_on() {
	[ "$(wd_state)" = active ] && awk -v a="${wd_since:-0}" -v b="$up" -v t="${wd_timeout:-5}" \
		'BEGIN { exit !(a > 0 && b - a > 3 * t) }'
}
check "a healthy system ran on past 3 timeouts, the watchdog active (since $wd_since s, now $up s)" ran_on

echo "1..$n"
read -r up rest < /proc/uptime
# aarch64 tests BusyBox reboot (SIGTERM to PID 1), x86_64 poweroff (SIGUSR2), armhf
# `wardctl poweroff` (a request on PID 1's control socket).
case $(uname -m) in
aarch64) action=reboot via=BusyBox ;;
x86_64) action=poweroff via=BusyBox ;;
*) action=poweroff via=wardctl ;;
esac
echo "poweroff-at $up $action $via"
[ $via = wardctl ] && exec /sbin/wardctl $action
exec $action
