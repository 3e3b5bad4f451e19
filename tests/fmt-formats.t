#!/bin/sh
# Every format of init/ and sandbox/ asks only for what sandbox/fmt.c reads: %s (with or
# without a precision), %d %u %x (with l or ll) and %%. gcc's format check accepts all of
# printf's; one that fmt_buf does not read is shown as written, its argument left unread,
# and the arguments after it would be misread. (wardctl and ward-run print with libc.)
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
n=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

# The conversions in the string literals of the files, those fmt_buf does not read.
unread() {
	grep -ohE '"([^"\\]|\\.)*"' "$@" | grep -oE "%[-+ #0-9.*'\$]*(hh|h|ll|l|z|t|j|L|q)?[a-zA-Z%]" |
		grep -vxE '%(\.([0-9]+|\*))?s|%l{0,2}[dux]|%%'
}

files=$(ls "$top"/init/*.[ch] "$top"/sandbox/*.[ch] | grep -v -e '/wardctl\.c$' -e '/ward_run\.c$')
# shellcheck disable=SC2086 # one word a file
bad=$(unread $files | sort -u | tr '\n' ' ')
[ -z "$bad" ]
check $? "init/ and sandbox/ format only what fmt_buf reads${bad:+ (not: $bad)}"

# The control: formats it does not read are found.
printf '%s\n' 'log_info(NULL, "%zu lines, %5d ms, %c, %'"'"'d, %1$s", n, ms, c, k);' > "$tmp"
[ "$(unread "$tmp" | tr '\n' ' ')" = "%zu %5d %c %'d %1\$s " ]
check $? "a width, a length, a flag, a position and a conversion fmt_buf does not read are found"
echo "1..$n"
