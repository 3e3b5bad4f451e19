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

pids_of() { cat "$CG/$1/cgroup.procs" 2>/dev/null; }
first_pid() { pids_of "$1" | head -n 1; }
ns_of() { readlink "/proc/$1/ns/$2"; }
# NSpid lists a process's pid in each pid namespace it is in, outermost first.
inner_pid() { awk '/^NSpid:/ { print $NF }' "/proc/$1/status"; }
ppid_of() { awk '/^PPid:/ { print $2 }' "/proc/$1/status"; }
comm_of() { cat "/proc/$1/comm"; }

own_ns() { p=$(first_pid "$1"); [ -n "$p" ] && [ "$(ns_of "$p" "$2")" != "$(ns_of 1 "$2")" ]; }
shared_ns() { p=$(first_pid "$1"); [ -n "$p" ] && [ "$(ns_of "$p" "$2")" = "$(ns_of 1 "$2")" ]; }
in_cgroup() { p=$(first_pid "$1"); [ -n "$p" ] && grep -qx "0::/ward/$1" "/proc/$p/cgroup"; }
cg_file_is() { [ "$(cat "$CG/$1/$2" 2>/dev/null)" = "$3" ]; }

has_inner_pid() {
	for p in $(pids_of "$1"); do
		[ "$(inner_pid "$p")" = "$2" ] && return 0
	done
	return 1
}

# Zombies: processes in state Z. One can exist for a moment between exit and reaping, so
# only those seen twice, a second apart, count as left unreaped.
zombies() {
	for s in /proc/[0-9]*/stat; do
		read -r pid comm state rest < "$s" 2>/dev/null && [ "$state" = Z ] && echo "$pid"
	done
}
no_lasting_zombies() {
	z1=$(zombies | sort)
	sleep 1
	z2=$(zombies | sort)
	lasting=$(printf '%s\n%s\n' "$z1" "$z2" | sort | uniq -d | grep .)
	[ -z "$lasting" ] || { echo "# lasting zombies: $lasting"; return 1; }
}

# An orphan: a sleep in the app's cgroup whose parent is not the shell that forked it but the
# reaper (pid 1 of the app's namespace) or, without a pid namespace, ward itself.
has_orphan_of() {
	for i in 1 2 3 4 5 6; do
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

# Let every app start, the flapper crash a few times and the orphan makers make orphans.
sleep 4

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

echo "1..$n"
read -r up rest < /proc/uptime
echo "poweroff-at $up"
exec poweroff
