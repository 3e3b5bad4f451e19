#!/bin/sh
# A slow console does not hold PID 1: init --test (PID 1 of fresh pid and mount namespaces, on
# the host) runs flood, which writes 5000 lines at once, while its console (stderr) is a pipe
# read at some 100 lines a second, as a serial line takes them. Without a limit PID 1 would
# sit in the pipe's write for the next 50 s. The kernel's view of where PID 1 waits
# (/proc/PID/wchan), sampled after its first second: mostly not in a pipe write. Then PID 1
# says how many app lines it kept off the console.
init=${WARD_BUILD:-build}/host-console/init
. "$(dirname "$0")/host-lib.sh"
echo "1..2"
if [ "$(id -u)" != 0 ]; then
	echo "ok 1 # skip not root"; echo "ok 2 # skip not root"; exit 0
fi
dir=$(mktemp -d)
mkfifo "$dir/console"
# The slow reader: one line every 10 ms or so.
(while IFS= read -r line; do printf '%s\n' "$line"; sleep 0.01; done < "$dir/console" > "$dir/out") &
reader=$!
unshare -fpm --mount-proc sh -c 'mount -t cgroup2 none /sys/fs/cgroup && exec "$1" --test' \
	sh "$init" > "$dir/console" 2>&1 &
outer=$!
pid=
for i in $(seq 1 50); do
	pid=$(pgrep -P "$outer" | head -n 1)
	[ -n "$pid" ] && grep -q '^flood: flood line 1:' "$dir/out" 2>/dev/null && break
	sleep 0.1
done
sleep 2.5
in_write=0 samples=0 places=
for i in $(seq 1 40); do
	w=$(cat /proc/$pid/wchan 2>/dev/null)
	samples=$((samples + 1))
	case $w in *pipe_write*) in_write=$((in_write + 1)) ;; esac
	places="$places $w"
	sleep 0.05
done
if [ -n "$pid" ] && [ $in_write -le $((samples / 2)) ]; then
	echo "ok 1 - PID 1 waited in a pipe write in $in_write of $samples samples while flood flooded a slow console"
else
	echo "not ok 1 - PID 1 waited in a pipe write in $in_write of $samples samples (pid '$pid')"
	echo "$places" | tr ' ' '\n' | sed '/^$/d' | sort | uniq -c | sed 's/^/# wchan /'
fi
kept=
for i in $(seq 1 300); do
	kept=$(grep -m 1 "^init: [0-9]* app lines kept off the slow console (in the apps. logs)$" "$dir/out") && break
	sleep 0.1
done
if [ -n "$kept" ]; then
	echo "ok 2 - PID 1 says so: $kept"
else
	echo "not ok 2 - no line about app lines kept off the console"
	tail -n 5 "$dir/out" | sed 's/^/# /'
fi
[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
wait "$outer" 2>/dev/null
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
rm -rf "$dir"
cgroup_cleanup
