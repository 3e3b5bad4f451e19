#!/bin/sh
# PID 1 reads an app's output at CONFIG_WARD_LOG_BYTES_RATE (64 KiB/s here), not as fast as
# the app can write: init --test (PID 1 of fresh pid and mount namespaces, on the host) runs
# gusher, `yes` with 33-byte lines, in the host's namespaces. Over its rate, PID 1 leaves its
# pipe alone, the pipe fills and yes waits in its write. The kernel's count of the bytes yes
# wrote (/proc/PID/io wchar) over 2 s, once its burst is spent, must stay near the rate's
# 128 KiB (at most 320 KiB: the pipe's 64 KiB and timing slack), where unthrottled it is many
# megabytes; and yes must not be stopped either (at least 64 KiB). And rower's 100 lines of
# 156 bytes at once, three console rows each (53 bytes of text after the timestamp and
# "rower: "), are shown 6 of them (a burst of 20 rows at a rate of 1 a second: one more at
# most every 3 s), not 20 as lines counted alone would be, nor 10 as lines counted per 80 bytes.
# stuffer grows its pipe to 1 MiB, puts 400 KiB of carriage returns in it at once (no line,
# but bytes over its rate), then a line, and exits: the line must be on the console before
# PID 1 logs the exit, where reading 64 KiB at the end of a run left it for later.
init=${WARD_BUILD:-build}/host-output-rate/init
. "$(dirname "$0")/host-lib.sh"
echo "1..4"
if [ "$(id -u)" != 0 ]; then
	for i in 1 2 3 4; do echo "ok $i # skip not root"; done; exit 0
fi
dir=$(mktemp -d)
unshare -fpm --mount-proc sh -c 'mount -t cgroup2 none /sys/fs/cgroup && exec "$1" --test' \
	sh "$init" > "$dir/console" 2>&1 &
outer=$!
pid1= yes=
for i in $(seq 1 100); do
	pid1=$(pgrep -P "$outer" | head -n 1)
	[ -n "$pid1" ] && yes=$(pgrep -P "$pid1" -x yes | head -n 1)
	[ -n "$yes" ] && break
	sleep 0.1
done
wchar() { sed -n 's/^wchar: //p' "/proc/$yes/io"; }
sleep 2 # the burst (64 KiB) and the pipe's fill, spent
w1=$(wchar)
sleep 2
w2=$(wchar)
[ -n "$pid1" ] && kill -9 "$pid1" 2>/dev/null
wait "$outer" 2>/dev/null
if [ -z "$yes" ] || [ -z "$w1" ] || [ -z "$w2" ]; then
	echo "not ok 1 - gusher's yes not found (PID 1 '$pid1', yes '$yes')"
	echo "not ok 2 - gusher's yes not found"
	echo "not ok 3 - gusher's yes not found"
	echo "not ok 4 - gusher's yes not found"
	sed 's/^/# /' "$dir/console" | tail -n 5
else
	d=$((w2 - w1))
	[ "$d" -le $((320 * 1024)) ]
	echo "$([ $? = 0 ] || echo 'not ')ok 1 - yes wrote $d bytes in 2 s at a rate of 64 KiB/s (at most 327680)"
	[ "$d" -ge $((64 * 1024)) ]
	echo "$([ $? = 0 ] || echo 'not ')ok 2 - and PID 1 went on reading it ($d bytes, at least 65536)"
	rows=$(grep -ac '^rower: row ' "$dir/console")
	[ "$rows" -ge 6 ] && [ "$rows" -le 8 ]
	echo "$([ $? = 0 ] || echo 'not ')ok 3 - rower's lines of three rows on the console: $rows (6-8)"
	last=$(grep -an '^stuffer: stuffer-last$' "$dir/console" | cut -d: -f1)
	end=$(grep -an 'init: stuffer: exited with code 0$' "$dir/console" | cut -d: -f1)
	[ -n "$last" ] && [ -n "$end" ] && [ "$last" -lt "$end" ]
	echo "$([ $? = 0 ] || echo 'not ')ok 4 - stuffer's last line before its exit (lines '$last' and '$end')"
fi
rm -rf "$dir"
cgroup_cleanup
