#!/bin/sh
# Usage: mkmodules.sh KERNEL_DIR "NAMES" OUT_DIR
#
# Stages the kernel modules that PID 1 loads at boot (CONFIG_WARD_MODULES, in load order) for
# mkimage.sh: OUT_DIR/lib/modules/NAME.ko for each NAME, uncompressed (finit_module(2) takes
# a compressed one only with MODULE_INIT_COMPRESSED_FILE and a flag). KERNEL_DIR is what
# fetch-board.sh made (kernel.version, modules/lib/modules/VERSION/modules.dep). PID 1 loads
# exactly NAMES, in order, and nothing loads a module later (kernel.modules_disabled; the image
# has no tree for modprobe): a module that needs another (modules.dep) not listed before it is
# an error here, which names the order that works. So is a soft dependency (the module's
# modinfo softdep=pre: NAME... post: NAME..., NAME a module or an alias, e.g. ext4's
# crypto-crc32c) that is a module of this kernel not listed, before the module for pre:,
# anywhere for post:, unless a module that meets it is built in; a NAME the kernel has neither
# as a module nor built in is passed over, as modprobe does. OUT_DIR is made afresh; with no
# NAMES it stays empty.
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
command -v readelf >/dev/null 2>&1 || die "no readelf (binutils): the softdep check reads .modinfo"
mkdir -p "$out/lib/modules"

# Module names treat - and _ alike; a path's name is its file name without .ko[.xz|.gz|.zst].
key() { printf '%s\n' "$1" | sed 's,.*/,,; s,\.ko$,,; s,\.ko\.[a-z]*$,,; s,-,_,g'; }
# The modules.dep line of module $1 (a key).
dep_line() {
	awk -v k="$1" '{ p = $1; sub(/:$/, "", p); sub(/.*\//, "", p); sub(/\.ko(\.[a-z]+)?$/, "", p)
		gsub(/-/, "_", p); if (p == k) { print; exit } }' "$mdir/modules.dep"
}
# Whether $1 (a key) is built in: a module of modules.builtin, or an alias of one
# (modules.builtin.modinfo: MODULE.alias=ALIAS strings, NUL-separated).
builtin_has() {
	{ [ -f "$mdir/modules.builtin" ] &&
		sed 's,.*/,,; s,\.ko$,,; s,-,_,g' "$mdir/modules.builtin" | grep -qFx -- "$1"; } ||
		{ [ -f "$mdir/modules.builtin.modinfo" ] && tr '\0' '\n' <"$mdir/modules.builtin.modinfo" |
			sed -n 's/^[^.=]*\.alias=//p' | tr - _ | grep -qFx -- "$1"; }
}
# What the name $1 of a soft dependency stands for: "builtin" when it, or a module it is an
# alias of, is built in; else the keys of the modules it names (itself, its modules.alias
# targets), one a line; nothing when the kernel has no such module.
softdep_targets() {
	n=$(printf '%s\n' "$1" | tr - _)
	if builtin_has "$n"; then
		echo builtin
		return
	fi
	{
		[ -z "$(dep_line "$n")" ] || echo "$n"
		[ ! -f "$mdir/modules.alias" ] || awk -v n="$n" '$1 == "alias" { a = $2; gsub(/-/, "_", a)
			if (a == n) { t = $3; gsub(/-/, "_", t); print t } }' "$mdir/modules.alias"
	} | awk '!seen[$0]++'
}
# The soft dependencies in the .modinfo of module file $1, "pre: NAME" or "post: NAME" a line.
# Names before a pre: or post: are dropped, as modprobe does.
softdeps() {
	readelf -p .modinfo "$1" 2>/dev/null | awk 'sub(/^ *\[ *[0-9a-f]+\]  softdep=/, "") {
		m = ""; for (i = 1; i <= NF; i++) if ($i == "pre:" || $i == "post:") m = $i
		else if (m != "") print m, $i }'
}

listed=" "
for name; do listed="$listed$(key "$name") "; done
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
	# Its soft dependencies: one module of each name's is enough. The one suggested is the
	# generic one when there is one (it loads on any CPU), else the first.
	pre="" post="" why_pre="" why_post=""
	while read -r when dep; do
		[ -n "$dep" ] || continue
		targets=$(softdep_targets "$dep")
		case $targets in '' | builtin) continue ;; esac
		case $when in pre:) have=$loaded ;; *) have=$listed ;; esac
		met="" any=""
		for t in $targets; do
			case $have in *" $t "*) met=y ;; esac
			any="${any:+$any or }$t"
		done
		[ -z "$met" ] || continue
		pick=$(printf '%s\n' "$targets" |
			awk 'NR == 1 { f = $0 } /_generic$/ { g = $0; exit } END { print g != "" ? g : f }')
		if [ "$when" = pre: ]; then
			case " $pre " in *" $pick "*) ;; *) pre="${pre:+$pre }$pick" ;; esac
			why_pre="${why_pre:+$why_pre, }$dep = $any"
		else
			case " $post " in *" $pick "*) ;; *) post="${post:+$post }$pick" ;; esac
			why_post="${why_post:+$why_post, }$dep = $any"
		fi
	done <<EOF
$(softdeps "$dst")
EOF
	[ -z "$pre" ] ||
		die "WARD_MODULES: $name needs $pre loaded before it (softdep pre: $why_pre in kernel $ver): list them first (\"$pre $name\")"
	[ -z "$post" ] ||
		die "WARD_MODULES: $name needs $post loaded after it (softdep post: $why_post in kernel $ver): list them after it (\"$name $post\")"
	loaded="$loaded$k "
done
