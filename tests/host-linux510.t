#!/bin/sh
# ward-run's sandbox where the kernel looks like Linux 5.10 (tests/host/as-linux510.c: a seccomp
# filter makes mount_setattr fail with ENOSYS and CLOSE_RANGE_CLOEXEC with EINVAL), read from
# outside through /proc: the setup's fallbacks for those kernels (sandbox/root.c's flat binds,
# remounted through their fds; sandbox/spawn.c's close-on-exec fd by fd) leave the app what the
# newer calls do. tests/boot-qemu-*-bullseye.t boot a real 5.10; this runs the same code
# on the host, with fds of its own for the app not to get, and bind sources of its own making
# in a mount namespace of its own. Its writable places (NOEXEC) are checked on both paths. Needs root (namespaces), x86_64 (the filter's), and an
# strace that knows mount_setattr (bookworm's 6.1 does; bullseye's 5.10 does not).
skip() {
	echo "1..10"
	for i in 1 2 3 4 5 6 7 8 9 10; do echo "ok $i # skip $1"; done
	exit 0
}
[ "$(id -u)" = 0 ] || skip "not root"
[ "$(uname -m)" = x86_64 ] || skip "the filter is x86_64's"
strace -o /dev/null -e trace=mount_setattr true 2>/dev/null || skip "strace does not know mount_setattr"
# Checks 5-8 mount a tmpfs on /run, 9 and 10 change /etc's mount: in a mount namespace of the
# test's own.
if [ -z "${LINUX510_PRIVATE:-}" ]; then
	LINUX510_PRIVATE=1 exec unshare -m --propagation private sh "$0"
fi
echo "1..10"
d=${WARD_BUILD:-build}/check/linux510
run=$d/ward-run
as510=$d/as-linux510
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# app_of PID: the app under ward-run PID (its reaper's child, a sleep), within 20 s; or empty.
# No awk (nor any other program reached through /etc/alternatives): check 5 makes /etc
# nosymfollow.
app_of() {
	_i=0 _app=
	while [ $_i -lt 400 ] && [ -z "$_app" ]; do
		_reaper= _app=
		read -r _reaper _ < /proc/$1/task/$1/children 2>/dev/null
		[ -n "$_reaper" ] && read -r _app _ < /proc/$_reaper/task/$_reaper/children 2>/dev/null
		[ -n "$_app" ] && [ "$(cat /proc/$_app/comm 2>/dev/null)" = sleep ] || _app=
		[ -n "$_app" ] || sleep 0.05
		_i=$((_i + 1))
	done
	echo "$_app"
}

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
app=$(app_of $wr)
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

# 5-8. The app's writable places: /tmp, /run and /dev/shm, and a :rw bind (/srv), whose
# source is in a /run of the test's own. scribe's (NOEXEC on) are each noexec, on both paths:
# mount_setattr's, and 5.10's remount through the fd; maker's (NOEXEC off) none of them.
mount -t tmpfs -o size=64k,mode=0755 linux510 /run && mkdir /run/scribe /run/maker ||
	echo "# unable to mount a tmpfs on /run"
# writable N APP WANT [FILTER]: APP started by ward-run (under FILTER, the 5.10 one, if given),
# and its four writable places as its mountinfo lists them (mount point, options): each
# writable, and noexec if WANT is noexec, not if it is exec.
writable() {
	$4 "$run" "$2" > "$tmp/$2.out" 2>&1 &
	wr=$!
	app=$(app_of $wr)
	places=$(grep -E '^[0-9]+ [0-9]+ [0-9:]+ [^ ]+ /(tmp|run|dev/shm|srv) ' \
		/proc/$app/mountinfo 2>/dev/null | cut -d' ' -f5,6)
	bad=$(echo "$places" | while read -r point opts; do
		case ,$opts, in *,noexec,*) got=noexec ;; *) got=exec ;; esac
		case ,$opts, in ,rw,*) ;; *) got=read-only ;; esac
		[ "$got" = "$3" ] || echo "$point $opts"
	done)
	kill $wr 2>/dev/null
	wait $wr 2>/dev/null
	if [ -n "$app" ] && [ "$(echo "$places" | wc -l)" = 4 ] && [ -z "$bad" ]; then
		echo "ok $1 - $2${4:+ as Linux 5.10}: /tmp, /run, /dev/shm and its :rw bind are all" \
			"writable and $([ "$3" = exec ] && echo "none ")noexec"
	else
		echo "not ok $1 - $2${4:+ as Linux 5.10}: not its 4 writable places, each writable and $3 (app '$app'):"
		echo "$places" | sed 's/^/# /'
		sed 's/^/# /' "$tmp/$2.out"
	fi
}
writable 5 scribe noexec
writable 6 scribe noexec "$as510"
writable 7 maker exec
writable 8 maker exec "$as510"

# 9. A source mounted strictatime,nodiratime,nosymfollow (/etc, here): its atime flags are
# locked in the app's user namespace, and a remount that names nodiratime alone gets relatime
# by default, refused (EPERM); nosymfollow is dropped by a remount that does not name it.
mount --bind /etc /etc && mount -o remount,bind,strictatime,nodiratime,nosymfollow /etc ||
	echo "# unable to remount /etc strictatime,nodiratime,nosymfollow"
"$as510" "$run" lasting > "$tmp/etc.out" 2>&1 &
wr=$!
app=$(app_of $wr)
opts=$(grep '^[0-9]* [0-9]* [0-9:]* [^ ]* /etc ' /proc/$app/mountinfo 2>/dev/null | cut -d' ' -f6)
case ,$opts, in
*,ro,*nosuid,*nodev,*nosymfollow,* | *,ro,*nosuid,*nodev,*nodiratime,*nosymfollow,*)
	echo "ok 9 - a strictatime,nodiratime,nosymfollow source: the app starts, its bind is $opts" ;;
*)
	echo "not ok 9 - a strictatime,nodiratime,nosymfollow source: app '$app', its bind '$opts'"
	sed 's/^/# /' "$tmp/etc.out" ;;
esac
kill $wr 2>/dev/null
wait $wr 2>/dev/null

# 10. A source with a mount beneath it: 5.10's bind of it without that mount is refused (the
# mount is locked in the app's user namespace), and the start fails, naming the source, and
# only that: the net namespace's helper, finding the child gone (ESRCH), blames nothing more.
sub=$(find /etc -mindepth 1 -maxdepth 1 -type d | head -n 1)
mount -t tmpfs -o size=64k linux510 "$sub" || echo "# unable to mount a tmpfs on $sub"
out=$("$as510" "$run" true 2>&1)
rc=$?
# (The exit code is the setup's, 100, or 1 when the net namespace's helper found the child
# gone first.)
case $rc:$out in
0:*) echo "not ok 10 - a source with a mount beneath it: the app ran" ;;
*"network namespace"*) echo "not ok 10 - a failed setup blamed on the net namespace too"
	echo "$out" | sed 's/^/# /' ;;
*"unable to build the root (open /etc): Invalid argument"*)
	echo "ok 10 - a source with a mount beneath it ($sub): the start fails closed, naming /etc alone" ;;
*)
	echo "not ok 10 - a source with a mount beneath it: exit $rc"
	echo "$out" | sed 's/^/# /' ;;
esac
exit 0
