#!/bin/sh
# Usage: install-modules.sh DESTDIR "NAMES" WORK_DIR [RELEASE]
#
# `make install`'s part for CONFIG_WARD_MODULES: a firmware image (Buildroot, Yocto) holds its
# kernel's modules in DESTDIR/lib/modules/RELEASE (with depmod's modules.dep); PID 1 loads
# NAMES from DESTDIR/lib/modules/NAME.ko, flat and uncompressed. mkmodules.sh checks the order
# against that tree (dependencies, soft dependencies, built-ins) and stages them in WORK_DIR;
# they are copied next to the tree. RELEASE: the one tree there, or the one given
# (KERNEL_RELEASE=) when there are several. With no NAMES, nothing is done.
set -eu

me=install-modules
die() { echo "ward: $me: $*" >&2; exit 1; }

[ $# -eq 3 ] || [ $# -eq 4 ] || die "usage: $me.sh DESTDIR \"NAMES\" WORK_DIR [RELEASE]"
dest=$1 names=$2 work=$3 rel=${4:-}
[ -n "$(printf '%s' "$names" | tr -d ' \t')" ] || exit 0
if [ -z "$rel" ]; then
	rels=$(cd "$dest/lib/modules" 2>/dev/null && for d in */modules.dep; do
		[ -e "$d" ] && printf '%s\n' "${d%/modules.dep}"; done || true)
	case $(printf '%s' "$rels" | grep -c .) in
	0) die "WARD_MODULES=\"$names\": $dest/lib/modules has no kernel's modules (RELEASE/modules.dep): install them first (depmod), or empty WARD_MODULES" ;;
	1) rel=$rels ;;
	*) die "WARD_MODULES=\"$names\": $dest/lib/modules has the modules of several kernels ($(echo $rels)): give KERNEL_RELEASE=" ;;
	esac
fi
[ -s "$dest/lib/modules/$rel/modules.dep" ] ||
	die "WARD_MODULES=\"$names\": no $dest/lib/modules/$rel/modules.dep (KERNEL_RELEASE=$rel)"
# mkmodules.sh's KERNEL_DIR: kernel.version, and the tree under modules/lib/modules.
rm -rf "$work"
mkdir -p "$work/kernel/modules/lib/modules"
echo "$rel" > "$work/kernel/kernel.version"
ln -s "$(cd "$dest/lib/modules/$rel" && pwd)" "$work/kernel/modules/lib/modules/$rel"
sh "$(dirname "$0")/mkmodules.sh" "$work/kernel" "$names" "$work/out"
cp "$work/out/lib/modules/"* "$dest/lib/modules/"
