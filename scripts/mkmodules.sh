#!/bin/sh
# Usage: mkmodules.sh KERNEL_DIR "NAMES" OUT_DIR
#
# Stages the kernel modules that PID 1 loads at boot (CONFIG_WARD_MODULES, in load order) for
# mkimage.sh: OUT_DIR/lib/modules/NAME.ko for each NAME, uncompressed (finit_module(2) takes
# a compressed one only with MODULE_INIT_COMPRESSED_FILE and a flag). KERNEL_DIR is what
# fetch-board.sh made (kernel.version, modules/lib/modules/VERSION/modules.dep). PID 1 loads
# exactly NAMES, in order: a module that needs another (modules.dep) not listed before it is
# an error here, which names the order that works. OUT_DIR is made afresh; with no NAMES it
# stays empty.
set -eu

me=mkmodules
die() { echo "$me: $*" >&2; exit 1; }

[ $# -eq 3 ] || die "usage: $me.sh KERNEL_DIR \"NAMES\" OUT_DIR"
kdir=$1 names=$2 out=$3
rm -rf "$out"
mkdir -p "$out" || die "cannot create $out"
set -f
# shellcheck disable=SC2086 # word splitting of the list is the point
set -- $names
set +f
[ $# -gt 0 ] || exit 0

[ -s "$kdir/kernel.version" ] || die "no $kdir/kernel.version (run fetch-board.sh first)"
ver=$(cat "$kdir/kernel.version")
mdir=$kdir/modules/lib/modules/$ver
[ -s "$mdir/modules.dep" ] || die "no $mdir/modules.dep"
mkdir -p "$out/lib/modules"

# Module names treat - and _ alike; a path's name is its file name without .ko[.xz|.gz|.zst].
key() { printf '%s\n' "$1" | sed 's,.*/,,; s,\.ko$,,; s,\.ko\.[a-z]*$,,; s,-,_,g'; }
# The modules.dep line of module $1 (a key).
dep_line() {
	awk -v k="$1" '{ p = $1; sub(/:$/, "", p); sub(/.*\//, "", p); sub(/\.ko(\.[a-z]+)?$/, "", p)
		gsub(/-/, "_", p); if (p == k) { print; exit } }' "$mdir/modules.dep"
}

loaded=" "
for name; do
	case $name in
	'' | *[!A-Za-z0-9_-]*) die "WARD_MODULES: '$name' is not a module name" ;;
	esac
	k=$(key "$name")
	case $loaded in *" $k "*) die "WARD_MODULES: $name is listed twice" ;; esac
	line=$(dep_line "$k")
	if [ -z "$line" ]; then
		if [ -f "$mdir/modules.builtin" ] && [ -n "$(sed 's,.*/,,; s,\.ko$,,; s,-,_,g' \
			"$mdir/modules.builtin" | grep -x -- "$k")" ]; then
			# Built in here, a module elsewhere: one list serves several boards. The
			# marker tells PID 1 there is nothing to load.
			echo "mkmodules: $name is built into kernel $ver: nothing to load" >&2
			: >"$out/lib/modules/$name.builtin"
			loaded="$loaded$k "
			continue
		fi
		die "WARD_MODULES: kernel $ver has no module $name"
	fi
	path=${line%%:*}
	# modules.dep lists every dependency, the one to load last first.
	missing=""
	for dep in ${line#*:}; do
		d=$(key "$dep")
		case $loaded in *" $d "*) ;; *) missing="$d${missing:+ $missing}" ;; esac
	done
	[ -z "$missing" ] ||
		die "WARD_MODULES: $name needs $missing loaded before it: list them first (\"$missing $name\")"
	case $path in /*) src=$path ;; *) src=$mdir/$path ;; esac
	dst=$out/lib/modules/$name.ko
	case $src in
	*.ko) cp "$src" "$dst" ;;
	*.ko.xz) xz -dc "$src" >"$dst" ;;
	*.ko.gz) gzip -dc "$src" >"$dst" ;;
	*.ko.zst) zstd -qdc "$src" >"$dst" ;;
	*) die "$src: not a .ko, .ko.xz, .ko.gz or .ko.zst" ;;
	esac || die "cannot copy $src"
	loaded="$loaded$k "
done
