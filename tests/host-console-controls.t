#!/bin/sh
# An app's bytes cannot drive the console's terminal: init --test (PID 1 of fresh pid and
# mount namespaces, on the host, its console a file) runs forger, which writes lines with a
# carriage return, cursor-moving escape sequences (7-bit, 8-bit, UTF-8), a NUL and a bidi
# override in them, meant to show on a terminal as PID 1's own lines ("init: ...") or to
# erase them. On the console, each of its lines must start with "forger: " and hold no CR,
# ESC or NUL, C1 controls and the override shown as '?'; a CRLF line end is dropped, plain
# UTF-8 passes as it is.
init=${WARD_BUILD:-build}/host-console/init
. "$(dirname "$0")/host-lib.sh"
echo "1..7"
if [ "$(id -u)" != 0 ]; then
	for i in 1 2 3 4 5 6 7; do echo "ok $i # skip not root"; done; exit 0
fi
dir=$(mktemp -d)
unshare -fpm --mount-proc sh -c 'mount -t cgroup2 none /sys/fs/cgroup && exec "$1" --test' \
	sh "$init" > "$dir/console" 2>&1 &
outer=$!
for i in $(seq 1 100); do
	grep -q '^forger: utf8 ' "$dir/console" 2>/dev/null && break
	sleep 0.1
done
pid=$(pgrep -P "$outer" | head -n 1)
[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
wait "$outer" 2>/dev/null
# forger's lines, as bytes: all but flood's, PID 1's own and unshare's (on its exit).
grep -av '^flood[:+] \|^init: \|^unshare: ' "$dir/console" > "$dir/forger"
check() { # n, description, status
	if [ "$3" = 0 ]; then echo "ok $1 - $2"; else echo "not ok $1 - $2"; od -c "$dir/forger" | head -n 20 | sed 's/^/# /'; fi
}
grep -q '^forger: plain line$' "$dir/forger"
check 1 "forger's plain line is on the console" $?
# tr deletes the bytes looked for: a count that differs means they were there.
[ "$(wc -c < "$dir/forger")" = "$(tr -d '\r\033\000' < "$dir/forger" | wc -c)" ]
check 2 "no CR, ESC or NUL of forger's reaches the console" $?
[ "$(grep -c '' "$dir/forger")" = 8 ] && [ "$(grep -vc '^forger: ' "$dir/forger")" = 0 ]
check 3 "each of forger's 8 lines starts with its name, the forged \"init: \" inside it" $?
grep -q '^forger: crlf line$' "$dir/forger" && grep -q '^forger: nul?byte$' "$dir/forger"
check 4 "a CRLF end is dropped, a NUL shown as ?" $?
# printf's octal escapes, as forger wrote them (bytes, whatever the locale).
line() { printf "$1" > "$dir/want"; grep -qaxF -f "$dir/want" "$dir/forger"; }
line 'forger: c1 ??1G?init: forged in 8 bits'
check 5 "CSI as UTF-8 (U+009B) and as the byte 0x9b shown as ?" $?
line 'forger: bidi ???x'
check 6 "a bidi override (U+202E) shown as ?" $?
line 'forger: utf8 gr\303\274\303\237e'
check 7 "plain UTF-8 passes as it is" $?
rm -rf "$dir"
cgroup_cleanup
