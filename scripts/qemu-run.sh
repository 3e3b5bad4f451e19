#!/bin/sh
# Usage: qemu-run.sh [--timeout SECONDS] BOARD_CONF KERNEL INITRD [EXTRA_KERNEL_ARGS...]
#
# Boots KERNEL + INITRD under QEMU as described by BOARD_CONF (board/<board>/board.conf,
# or the board directory itself), with -nographic -no-reboot and the kernel command line
#   console=$CONSOLE rdinit=/init panic=-1 quiet printk.time=1 $KERNEL_ARGS EXTRA...
# Without --timeout: interactive, serial console on stdio (Ctrl-A X quits QEMU).
# With --timeout: stdin is /dev/null, the serial output goes to stdout with the CR of
# each line removed, and the exit status is QEMU's, or 124 when the time ran out.
# QEMU exits 0 on poweroff and on panic alike: judge from the output.
# Environment: QEMU_EXTRA_ARGS, extra QEMU arguments (split on blanks); QEMU_STDIN, with
# --timeout, a file or FIFO whose bytes are typed into the serial console instead of none
# (what arrives before the guest's UART driver is up may be lost: a FIFO fed on cue is safer).
set -eu

me=qemu-run
die() { echo "$me: $*" >&2; exit 1; }
usage="usage: $me.sh [--timeout SECONDS] BOARD_CONF KERNEL INITRD [EXTRA_KERNEL_ARGS...]"

tmo=""
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) [ $# -ge 2 ] || die "$usage"; tmo=$2; shift 2 ;;
	--timeout=*) tmo=${1#--timeout=}; shift ;;
	--) shift; break ;;
	-*) die "unknown option '$1'; $usage" ;;
	*) break ;;
	esac
done
[ $# -ge 3 ] || die "$usage"
case $tmo in
'') ;;
*[!0-9]* | 0) die "--timeout wants a positive whole number of seconds, not '$tmo'" ;;
esac
conf=$1 kernel=$2 initrd=$3
shift 3

[ -d "$conf" ] && conf=$conf/board.conf
[ -f "$conf" ] || die "board config '$conf' not found"
[ -f "$kernel" ] || die "kernel '$kernel' not found"
[ -f "$initrd" ] || die "initrd '$initrd' not found"
[ -z "${QEMU_STDIN:-}" ] || [ -r "$QEMU_STDIN" ] || die "QEMU_STDIN '$QEMU_STDIN' not readable"

# shellcheck disable=SC2034
ARCH="" QEMU="" QEMU_ARGS="" CONSOLE="" KERNEL_ARGS=""
case $conf in */*) ;; *) conf=./$conf ;; esac
# shellcheck source=/dev/null
. "$conf"
if [ -z "$QEMU" ] || [ -z "$CONSOLE" ]; then
	die "$conf must set QEMU and CONSOLE"
fi
command -v "$QEMU" >/dev/null 2>&1 || die "'$QEMU' not found (install qemu-system-x86 / qemu-system-arm)"

append="console=$CONSOLE rdinit=/init panic=-1 quiet printk.time=1"
[ -z "$KERNEL_ARGS" ] || append="$append $KERNEL_ARGS"
[ $# -eq 0 ] || append="$append $*"

# QEMU_ARGS and QEMU_EXTRA_ARGS are word lists: split them on purpose.
# shellcheck disable=SC2086
set -- "$QEMU" $QEMU_ARGS ${QEMU_EXTRA_ARGS:-} -nographic -no-reboot \
	-serial mon:stdio -kernel "$kernel" -initrd "$initrd" -append "$append"

if [ -z "$tmo" ]; then
	exec "$@"
fi

command -v timeout >/dev/null 2>&1 || die "'timeout' not found"
cr=$(printf '\r')
# Line by line, so that a watcher of the output (a typist for QEMU_STDIN) sees it at once.
unbuffered=""
if sed -u q </dev/null >/dev/null 2>&1; then unbuffered=-u; fi
# No pipefail in POSIX sh: QEMU's status comes back on fd 3; sed writes to fd 4 (stdout).
exec 4>&1
rc=$({ { r=0; timeout -k 5 "$tmo" "$@" <"${QEMU_STDIN:-/dev/null}" 3>&- 4>&- || r=$?; echo "$r" >&3; } |
	sed $unbuffered "s/$cr\$//" >&4 3>&- 4>&-; } 3>&1)
exec 4>&-
[ "${rc:-1}" != 124 ] || echo "$me: timed out after $tmo s" >&2
exit "${rc:-1}"
