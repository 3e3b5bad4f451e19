#!/bin/sh
# Usage: mkimage.sh OUT.cpio INIT BUSYBOX SKEL_DIR [OVERLAY_DIR ...]
#
# Builds an uncompressed newc initramfs OUT.cpio:
#   /init          INIT (mode 0755), and /sbin/init -> /init
#   /bin/busybox   BUSYBOX, plus one symlink -> /bin/busybox per applet of the host's
#                  BusyBox (/bin/busybox --list-full) where no file of that name exists
#   SKEL_DIR, then each OVERLAY_DIR in order (later wins), modes preserved
#   dev proc sys run root etc, tmp (1777); /dev/console and /dev/null when run as root
# Entries are sorted and owned by root:root. When SOURCE_DATE_EPOCH is set, every
# mtime is set to it (byte-identical images from identical inputs).
set -eu

me=mkimage
die() { echo "$me: $*" >&2; exit 1; }

[ $# -ge 4 ] || die "usage: $me.sh OUT.cpio INIT BUSYBOX SKEL_DIR [OVERLAY_DIR ...]"
out=$1 init=$2 busybox=$3
shift 3
[ -f "$init" ] || die "INIT '$init' is not a file"
[ -f "$busybox" ] || die "BUSYBOX '$busybox' is not a file"
for d in "$@"; do
	[ -d "$d" ] || die "'$d' is not a directory"
done
[ -x /bin/busybox ] || die "/bin/busybox not found (install busybox-static): it lists the applets"
command -v cpio >/dev/null 2>&1 || die "cpio not found"

abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
out=$(abs "$out") init=$(abs "$init") busybox=$(abs "$busybox")
outdir=$(dirname "$out")
mkdir -p "$outdir" || die "cannot create $outdir"
stage=$(mktemp -d "$outdir/.mkimage.XXXXXX") || die "cannot create a staging dir in $outdir"
trap 'rm -rf "$stage" "$out.tmp.$$"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Skeleton and overlays. --remove-destination: never write through a symlink already
# staged (an absolute one would point into the host).
for d in "$@"; do
	cp -RPp --remove-destination "$d/." "$stage/" || die "cannot copy $d"
done

cd "$stage"
mkdir -p bin sbin usr/bin usr/sbin dev proc sys run tmp root etc
chmod 0755 .
chmod 1777 tmp
chmod 0700 root

rm -rf init bin/busybox sbin/init
cp "$init" init
chmod 0755 init
ln -s /init sbin/init
cp "$busybox" bin/busybox
chmod 0755 bin/busybox

# Applet links, where neither the skeleton nor an overlay put a file.
/bin/busybox --list-full | while IFS= read -r a; do
	case $a in '' | /* | *..*) continue ;; esac
	if [ ! -e "$a" ] && [ ! -L "$a" ]; then
		case $a in */*) [ -d "${a%/*}" ] || mkdir -p "${a%/*}" ;; esac
		ln -s /bin/busybox "$a"
	fi
done

if [ "$(id -u)" = 0 ]; then
	[ -e dev/console ] || mknod -m 0600 dev/console c 5 1 2>/dev/null || true
	[ -e dev/null ] || mknod -m 0666 dev/null c 1 3 2>/dev/null || true
fi

if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
	find . -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} + || die "cannot set mtimes"
fi

find . | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --reproducible --quiet >"$out.tmp.$$" || die "cpio failed"
mv -f "$out.tmp.$$" "$out"
