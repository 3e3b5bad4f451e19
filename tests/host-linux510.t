#!/bin/sh
# ward-run's sandbox where the kernel looks like Linux 5.10 (tests/host/as-linux510.c: a seccomp
# filter makes mount_setattr fail with ENOSYS and CLOSE_RANGE_CLOEXEC with EINVAL), read from
# outside through /proc: the setup's fallbacks for those kernels (sandbox/root.c's flat binds,
# remounted through their fds; sandbox/spawn.c's close-on-exec fd by fd) leave the app what the
# newer calls do. tests/boot-qemu-x86_64-bullseye.t boots a real 5.10; this runs the same code
# on the host, with fds of its own for the app not to get. Needs root (namespaces).
echo "1..4"
if [ "$(id -u)" != 0 ]; then
	for i in 1 2 3 4; do echo "ok $i # skip not root"; done
	exit 0
fi
d=${WARD_BUILD:-build}/check/linux510
run=$d/ward-run
as510=$d/as-linux510
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# 1. The filter bites: the setup met 5.10's answers, and took the other way.
strace -f -o "$tmp/strace" -e trace=mount_setattr,close_range,mount "$as510" "$run" true \
	> "$tmp/true.out" 2>&1
rc=$?
if [ $rc = 0 ] && grep -q 'mount_setattr(.*= -1 ENOSYS' "$tmp/strace" &&
	grep -q 'close_range(.*CLOSE_RANGE_CLOEXEC.*= -1 EINVAL' "$tmp/strace" &&
	grep -q 'mount(NULL, "/proc/self/fd/[0-9]*", NULL, .*MS_REMOUNT|MS_BIND.*= 0' "$tmp/strace"; then
	echo "ok 1 - as Linux 5.10: mount_setattr ENOSYS, CLOSE_RANGE_CLOEXEC EINVAL; binds remounted through their fds"
else
	echo "not ok 1 - ward-run true as Linux 5.10 (exit $rc)"
	sed 's/^/# /' "$tmp/true.out"
	grep -E 'mount_setattr|CLOEXEC|REMOUNT' "$tmp/strace" | head -5 | sed 's/^/# /'
fi

# The app `lasting` sleeps; ward-run starts it with fds 7 and 9 of ours open, which the app
# must not get.
exec 7< /dev/null 9> "$tmp/nine"
"$as510" "$run" lasting > "$tmp/lasting.out" 2>&1 &
wr=$!
exec 7<&- 9>&-
app=
i=0
while [ $i -lt 100 ] && [ -z "$app" ]; do
	reaper=$(cat /proc/$wr/task/$wr/children 2>/dev/null | awk '{ print $1 }')
	[ -n "$reaper" ] && app=$(cat /proc/$reaper/task/$reaper/children 2>/dev/null | awk '{ print $1 }')
	[ -n "$app" ] && [ "$(cat /proc/$app/comm 2>/dev/null)" = sleep ] || app=
	[ -n "$app" ] || sleep 0.05
	i=$((i + 1))
done
if [ -n "$app" ]; then
	echo "ok 2 - the app runs in its sandbox (pid $app)"
else
	echo "not ok 2 - no app under ward-run lasting as Linux 5.10"
	sed 's/^/# /' "$tmp/lasting.out"
fi

# 3. Its fds, as the kernel lists them: 0, 1 and 2.
fds=$(ls /proc/$app/fd 2>/dev/null | sort -n | tr '\n' ' ')
[ -n "$app" ] && [ "$fds" = "0 1 2 " ] && echo "ok 3 - the app has fds 0 1 2 only, not ward-run's 7 and 9" ||
	echo "not ok 3 - the app's fds: '$fds'"

# 4. Its mounts: every bind of the system's tree (those of BINDS, then /dev's nodes, beneath
# the root) read-only, nosuid, and nodev but for the device nodes; / read-only.
bad=$(awk '
	# mountinfo: id parent dev root mountpoint options ...
	{ point = $5; opts = "," $6 "," }
	point == "/" && opts !~ /,ro,/ { print "/ " $6 }
	point ~ /^\/(bin|sbin|usr|lib|lib64|etc)$/ {
		binds++
		if (opts !~ /,ro,/ || opts !~ /,nosuid,/ || opts !~ /,nodev,/) print point " " $6
	}
	point ~ /^\/dev\/(null|zero|full|random|urandom|tty)$/ {
		nodes++
		if (opts !~ /,ro,/ || opts !~ /,nosuid,/) print point " " $6
	}
	END { if (binds < 2 || nodes != 6) print "binds " binds ", device nodes " nodes }
' /proc/$app/mountinfo 2>/dev/null)
[ -n "$app" ] && [ -z "$bad" ] &&
	echo "ok 4 - its binds are read-only, nosuid, nodev (device nodes: read-only, nosuid), / read-only" ||
	{ echo "not ok 4 - mounts not restricted"; echo "$bad" | sed 's/^/# /'; }
kill $wr 2>/dev/null
wait $wr 2>/dev/null
exit 0
