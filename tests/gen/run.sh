#!/bin/sh
# run.sh: TAP tests of the wardgen binary: every bad .config fails with the right message and
# writes nothing; the good ones produce C that compiles and holds the same bytes.
# Usage: tests/gen/run.sh WARDGEN    (prove -v tests/gen/run.sh :: WARDGEN), or with the
# path in the environment variable WARDGEN. HOSTCC picks the compiler (default cc).
set -u

wardgen=${1:-${WARDGEN:-}}
[ -n "$wardgen" ] || { echo "usage: $0 WARDGEN (or WARDGEN=... $0)" >&2; exit 2; }
case $wardgen in /*) ;; *) wardgen=$PWD/$wardgen ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cc=${HOSTCC:-cc}
cflags="-std=c99 -Wall -Wextra -Werror -I $root/sandbox -I $root/init"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# The call numbers of the compiler that builds the generated C, as the Makefile gives them.
printf '#include <sys/syscall.h>\n' | $cc -E -dM -x c - > "$tmp/syscalls.dM"

n=0
# check DESCRIPTION: "ok" when $why is empty, else "not ok" with $why as diagnostics
check() {
	n=$((n + 1))
	if [ -z "$why" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		printf '%s\n' "$why" | sed 's/^/# /'
	fi
}
add() { why="${why:+$why
}$*"; }

# gen CONFIG: runs wardgen into a fresh $out; sets $rc, stderr in $tmp/err
gen() {
	out=$(mktemp -d "$tmp/out.XXXXXX")
	"$wardgen" "$1" "$out" "$tmp/syscalls.dM" >"$tmp/std" 2>"$tmp/err"
	rc=$?
}

set -- "$here"/bad/*.config
# The ranges init/Kconfig gives its numbers, tested at the end.
awk '/^config WARD_/ { sym = $2 } /^\trange / { print sym, $2, $3 }' "$root/init/Kconfig" \
	> "$tmp/ranges"
# The strings and bools of the Kconfig files, tested at the end too.
awk '/^config WARD_/ { sym = $2 } /^\t(string|bool)/ && sym { print sym, $1; sym = "" }
	/^\t(int|hex)/ { sym = "" }' "$root/Kconfig" "$root/board/Kconfig" "$root/init/Kconfig" \
	> "$tmp/types"
# Every option the Kconfig files define (wardgen refuses one it does not know), tested at
# the end as well.
grep -rhE --include=Kconfig --exclude-dir=build '^(menu)?config WARD_' "$root" |
	awk '{ print $2 }' > "$tmp/wards"
echo "1..$(($# + 16 + $(wc -l < "$tmp/ranges") + $(wc -l < "$tmp/types")))"

for cfg; do
	why=
	gen "$cfg"
	[ "$rc" -eq 1 ] || add "exit status $rc, want 1"
	[ -z "$(ls -A "$out")" ] || add "wrote: $(ls -A "$out")"
	[ -s "$tmp/std" ] && add "stdout is not empty"
	[ -s "$tmp/err" ] || add "stderr is empty"
	grep -Ev '^wardgen: (warning: )?CONFIG_[A-Za-z0-9_]*=' "$tmp/err" | sed 's/^/line not in shape: /' >"$tmp/odd"
	[ -s "$tmp/odd" ] && add "$(cat "$tmp/odd")"
	grep '^# expect: ' "$cfg" | sed 's/^# expect: //' >"$tmp/want"
	[ -s "$tmp/want" ] || add "no '# expect:' line in $cfg"
	while IFS= read -r want; do
		grep -qF -- "$want" "$tmp/err" || add "stderr lacks: $want"
	done <"$tmp/want"
	grep '^# expect-not: ' "$cfg" | sed 's/^# expect-not: //' >"$tmp/unwanted"
	while IFS= read -r unwanted; do
		grep -qF -- "$unwanted" "$tmp/err" && add "stderr has: $unwanted"
	done <"$tmp/unwanted"
	[ -n "$why" ] && add "stderr was:" "$(cat "$tmp/err")"
	check "bad/${cfg##*/}: exit 1, nothing written, stderr has $(head -n 1 "$tmp/want")"
done

why=
gen "$here/good.config"
good=$out
[ "$rc" -eq 0 ] || add "exit status $rc, want 0: $(cat "$tmp/err")"
[ "$(ls -A "$good" | tr '\n' ' ')" = "apps.c config.h " ] || add "wrote: $(ls -A "$good")"
check "good.config: exit 0, writes exactly apps.c and config.h"

# An app in the system's user namespace as uid 0 builds, with a warning that names it.
why=
grep -v '^wardgen: warning: CONFIG_[A-Za-z0-9_]*=' "$tmp/err" | sed 's/^/not a warning: /' >"$tmp/odd"
[ -s "$tmp/odd" ] && add "$(cat "$tmp/odd")"
for want in "CONFIG_APP_SHELL_1_UID=0: runs as the system's root" \
	"CONFIG_APP_SHELL_1_UID=0: with no pid namespace either, it can signal PID 1"; do
	grep -qF -- "wardgen: warning: $want" "$tmp/err" || add "stderr lacks: $want"
done
[ "$(wc -l <"$tmp/err")" -eq 2 ] || add "stderr was: $(cat "$tmp/err")"
check "good.config: its root app's two warnings, on stderr, with the build going on"

# Two apps without a user namespace, as one host uid (not root): built, with a warning.
why=
printf 'CONFIG_APP_%s=y\nCONFIG_APP_%s_NAME="%s"\nCONFIG_APP_%s_CMD="/bin/%s"\nCONFIG_APP_%s_NAMESPACES="pid mnt"\nCONFIG_APP_%s_UID=1000\n' \
	A A a A a A A B B b B b B B > "$tmp/shared-uid.config"
gen "$tmp/shared-uid.config"
[ "$rc" -eq 0 ] || add "exit status $rc, want 0"
grep -qxF "wardgen: warning: CONFIG_APP_B_UID=1000: app b runs as host uid 1000, as app a does, neither with a user namespace: each could signal and trace the other's processes" "$tmp/err" ||
	add "stderr: $(cat "$tmp/err")"
check "two apps as one host uid without a user namespace: built, with a warning"

# A critical app whose ladder only retries (CRITICAL turned on after the .config was saved
# keeps Kconfig's "retry"): built, with a warning that names it. None for a critical app with
# the default ladder, one that counts no crash loop (CRASH_LIMIT 0), or one not critical.
why=
cat > "$tmp/critical-retry.config" <<'EOC'
CONFIG_APP_A=y
CONFIG_APP_A_NAME="a"
CONFIG_APP_A_CMD="/bin/a"
CONFIG_APP_A_CRITICAL=y
CONFIG_APP_A_CRASH_LADDER="retry retry"
CONFIG_APP_B=y
CONFIG_APP_B_NAME="b"
CONFIG_APP_B_CMD="/bin/b"
CONFIG_APP_B_CRITICAL=y
CONFIG_APP_C=y
CONFIG_APP_C_NAME="c"
CONFIG_APP_C_CMD="/bin/c"
CONFIG_APP_C_CRITICAL=y
CONFIG_APP_C_CRASH_LIMIT=0
CONFIG_APP_C_CRASH_LADDER="retry"
CONFIG_APP_D=y
CONFIG_APP_D_NAME="d"
CONFIG_APP_D_CMD="/bin/d"
CONFIG_APP_D_CRASH_LADDER="retry"
EOC
gen "$tmp/critical-retry.config"
[ "$rc" -eq 0 ] || add "exit status $rc, want 0"
[ "$(cat "$tmp/err")" = 'wardgen: warning: CONFIG_APP_A_CRASH_LADDER="retry retry": every rung is "retry" though CONFIG_APP_A_CRITICAL=y: its crash loops never reboot the board (the default "retry reboot" follows CRITICAL only until the .config is saved); end the ladder with "reboot"' ] ||
	add "stderr: $(cat "$tmp/err")"
check "a critical app whose ladder only retries: built, with a warning"

# Past 165 apps PID 1 raises its own soft nofile limit (init/main.c fd_room): each app that
# names no nofile gets the kernel's 1024 back; one that names its own keeps it. None at 165.
why=
for count in 165 166; do
	{ echo "CONFIG_WARD_MAX_APPS=256"; i=0
	  while [ "$i" -lt "$count" ]; do
		printf 'CONFIG_APP_N%d=y\nCONFIG_APP_N%d_NAME="n%d"\nCONFIG_APP_N%d_CMD="/bin/n"\n' "$i" "$i" "$i" "$i"
		i=$((i + 1))
	  done
	  echo 'CONFIG_APP_N1_RLIMITS="core=0"'; echo 'CONFIG_APP_N2_RLIMITS="nofile=64"'
	} > "$tmp/nofile.config"
	gen "$tmp/nofile.config"
	[ "$rc" -eq 0 ] || { add "$count apps: exit status $rc: $(cat "$tmp/err")"; continue; }
	got=$(grep -c 'RLIMIT_NOFILE, 1024ULL, 4096ULL' "$out/apps.c")
	want=$((count == 166 ? 2 : 0)) # two arrays: nofile alone, and n1's core=0 then nofile
	[ "$got" -eq "$want" ] || add "$count apps: $got arrays with nofile 1024:4096, want $want"
	grep -qF 'RLIMIT_NOFILE, 64ULL, 64ULL' "$out/apps.c" || add "$count apps: n2's nofile=64 lost"
	rows=$(grep -c '\.rlimits = app_0_rlimits, \.nrlimits = 1' "$out/apps.c")
	[ "$rows" -eq $((count == 166 ? count - 2 : 0)) ] ||
		add "$count apps: $rows rows with the shared nofile array"
done
check "past 165 apps, every app without a nofile of its own gets the kernel's 1024:4096; at 165 none"

why=
$cc $cflags -I "$good" -c "$good/apps.c" -o "$tmp/apps.o" 2>"$tmp/cc" || add "$(cat "$tmp/cc")"
check "good.config: apps.c compiles with $cc $cflags"

why=
for line in '#define CONFIG_WARD_ARCH_X86_64 1' '#define CONFIG_WARD_ARCH_AARCH64 0' \
	'#define CONFIG_WARD_BOARD "qemu-x86_64"' '#define CONFIG_WARD_MAX_APPS 4' \
	'#define CONFIG_WARD_HOSTNAME "ward \"box\" \\ \?\?/ \303\251"' '#define WARD_APP_COUNT 2'; do
	grep -qxF -- "$line" "$good/config.h" || add "config.h lacks: $line"
done
grep -q 'CONFIG_APP_' "$good/config.h" && add "config.h defines CONFIG_APP_* symbols"
check "good.config: config.h defines bools, ints, escaped strings and WARD_APP_COUNT"

why=
if $cc $cflags -I "$good" "$here/dump.c" "$good/apps.c" -o "$tmp/dump" 2>"$tmp/cc"; then
	"$tmp/dump" >"$tmp/dump.out" || add "dump failed"
	diff -u "$here/good.expected" "$tmp/dump.out" >"$tmp/diff" || add "$(cat "$tmp/diff")"
else
	add "$(cat "$tmp/cc")"
fi
check "good.config: the compiled table and config.h hold the bytes of good.expected"

why=
gen "$here/empty.config"
[ "$rc" -eq 0 ] || add "exit status $rc: $(cat "$tmp/err")"
grep -qxF '#define WARD_APP_COUNT 0' "$out/config.h" 2>/dev/null || add "WARD_APP_COUNT is not 0"
$cc $cflags -I "$out" -c "$out/apps.c" -o "$tmp/apps.o" 2>"$tmp/cc" || add "$(cat "$tmp/cc")"
check "empty.config: zero apps is valid and compiles"

why=
cp "$good/apps.c" "$good/config.h" "$tmp/"
"$wardgen" "$here/bad/dup-name.config" "$good" "$tmp/syscalls.dM" 2>/dev/null
rc=$?
[ "$rc" -eq 1 ] || add "exit status $rc, want 1"
cmp -s "$tmp/apps.c" "$good/apps.c" && cmp -s "$tmp/config.h" "$good/config.h" ||
	add "earlier outputs changed"
[ "$(ls -A "$good" | tr '\n' ' ')" = "apps.c config.h " ] || add "left: $(ls -A "$good")"
check "a failed run leaves earlier outputs and no temporary files"

why=
"$wardgen" "$here/good.config" 2>/dev/null
rc=$?
[ "$rc" -eq 2 ] || add "one argument: exit status $rc, want 2"
gen "$tmp/no-such.config"
[ "$rc" -eq 2 ] || add "exit status $rc, want 2"
grep -q "^wardgen: unable to read $tmp/no-such.config: " "$tmp/err" || add "stderr: $(cat "$tmp/err")"
[ -z "$(ls -A "$out")" ] || add "wrote: $(ls -A "$out")"
check "usage and read errors exit 2 and write nothing"

why=
"$wardgen" "$here/good.config" "$tmp/no-such-dir" "$tmp/syscalls.dM" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || add "exit status $rc, want 2"
grep -q "^wardgen: unable to write $tmp/no-such-dir: " "$tmp/err" || add "stderr: $(cat "$tmp/err")"
check "an OUTDIR that does not exist: exit 2"

why=
mkdir -p "$tmp/nums" && : > "$tmp/empty.dM"
"$wardgen" "$here/good.config" "$tmp/nums" "$tmp/empty.dM" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || add "exit status $rc, want 2"
grep -q "^wardgen: $tmp/empty.dM has no system call numbers" "$tmp/err" || add "stderr: $(cat "$tmp/err")"
[ -z "$(ls -A "$tmp/nums")" ] || add "wrote: $(ls -A "$tmp/nums")"
check "SYSCALLS without numbers: exit 2, no filter that checks only the architecture"

# Each number of init/Kconfig's, one past either end of its range there: refused, naming the
# symbol; at either end: taken. (A .config edited by hand, or older than the Kconfig, reaches
# wardgen as it is: WARD_LOG_BYTES_RATE=0 made PID 1 divide by zero.)
while read -r sym lo hi; do
	why=
	for v in "$((lo - 1))" "$((hi + 1))"; do
		echo "CONFIG_$sym=$v" > "$tmp/range.config"
		gen "$tmp/range.config"
		[ "$rc" -eq 1 ] || add "$v: exit status $rc, want 1"
		grep -qF "CONFIG_$sym=$v: is out of its range, $lo to $hi" "$tmp/err" ||
			add "$v: stderr: $(cat "$tmp/err")"
	done
	for v in "$lo" "$hi"; do
		echo "CONFIG_$sym=$v" > "$tmp/range.config"
		gen "$tmp/range.config"
		[ "$rc" -eq 0 ] || add "$v: exit status $rc: $(cat "$tmp/err")"
	done
	check "CONFIG_$sym: $((lo - 1)) and $((hi + 1)) refused, $lo and $hi taken"
done < "$tmp/ranges"
[ -s "$tmp/ranges" ]
why=$([ $? = 0 ] || echo "no ranges read from init/Kconfig")
check "init/Kconfig's ranges read ($(wc -l < "$tmp/ranges") of them)"

# Each string and bool of the Kconfig files, given a value of another type: refused, naming
# the symbol (one wardgen does not know as a string or bool would pass as a number).
while read -r sym type; do
	why=
	if [ "$type" = string ]; then bad=0 want="is not a quoted string"; else bad='"y"' want="is not y or n"; fi
	echo "CONFIG_$sym=$bad" > "$tmp/type.config"
	gen "$tmp/type.config"
	[ "$rc" -eq 1 ] || add "exit status $rc, want 1"
	grep -qF "CONFIG_$sym=$bad: $want" "$tmp/err" || add "stderr: $(cat "$tmp/err")"
	check "CONFIG_$sym, a $type: $bad refused"
done < "$tmp/types"
[ -s "$tmp/types" ]
why=$([ $? = 0 ] || echo "no strings or bools read from the Kconfig files")
check "the Kconfig files' strings and bools read ($(wc -l < "$tmp/types") of them)"

# Each option of the Kconfig files is one wardgen knows: given as not set, none is refused as
# no option of ward's; a misspelt one beside them is.
why=
{ sed 's/.*/# CONFIG_& is not set/' "$tmp/wards"; echo "CONFIG_WARD_WATCHDG=y"; } > "$tmp/wards.config"
gen "$tmp/wards.config"
grep -F "is no option of ward's" "$tmp/err" > "$tmp/unknown"
[ "$(cat "$tmp/unknown")" = "wardgen: CONFIG_WARD_WATCHDG=y: is no option of ward's (a typo?): it would be ignored" ] ||
	add "refused as unknown:" "$(cat "$tmp/unknown")"
[ -s "$tmp/wards" ] || add "no config WARD_* read from the Kconfig files"
check "every CONFIG_WARD_* the Kconfig files define is known ($(wc -l < "$tmp/wards") of them)"
