#!/bin/sh
# PID 1 makes an app's data directories in a child (init/disk_child.c: a disk that stops
# answering must not hold PID 1) and waits for it a bounded time, in which it supervises
# nothing. It looks again after 1 ms, then 2, 4... up to 50: the usual child is done within
# the first steps. Read from outside with strace: PID 1's sleeps (poll with no fds) while
# init --test (fresh pid and mount namespaces, a tmpfs on /var/lib for WARD_DATA_DIR) starts
# the test image's apps, escape's data directory among them. strace holds each mkdir 5 ms, so
# that the child is still at work at PID 1's first three looks (a quick one may be done at
# the first, with no sleep to see).
init=${WARD_BUILD:-build}/test-qemu-x86_64/init
echo "1..2"
if ! command -v strace >/dev/null; then
	echo "ok 1 # skip no strace"; echo "ok 2 # skip no strace"; exit 0
fi
log=$(mktemp)
unshare -fpm --mount-proc sh -c '
	mount -t tmpfs none /sys/fs/cgroup && mount -t tmpfs none /var/lib || exit 1
	strace -f -o "$2" -e trace=poll,mkdir,mkdirat -e inject=mkdir,mkdirat:delay_exit=5000 \
		"$1" --test > /dev/null 2>&1 &
	sleep 1
	pkill -TERM -x init
	wait' sh "$init" "$log"
waits=$(grep -o "poll(NULL, 0, [0-9]*" "$log" | sed "s/.*, //" | tr '\n' ' ')
rm -f "$log"
case $waits in
"") echo "not ok 1 - PID 1 waited for no data directory child (no poll without fds)" ;;
*) echo "ok 1 - PID 1 waited for escape's data directory child" ;;
esac
case $waits in
"1 2 4 "*) echo "ok 2 - it looked again after 1 ms, 2, 4... (waits: $waits)" ;;
*) echo "not ok 2 - not after 1 ms, 2, 4... (waits: ${waits:-none})" ;;
esac
