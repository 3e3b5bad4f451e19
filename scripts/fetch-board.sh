#!/bin/sh
# Usage: fetch-board.sh ARCH DL_DIR [SUITE]   (ARCH: x86_64 | aarch64 | armhf)
#
# Fetches what booting a test image of ARCH under QEMU needs, from Debian's archive
# (nothing is installed on the host). SUITE (e.g. bullseye: Linux 5.10 LTS) takes the kernel,
# not BusyBox, from that Debian release instead of the host's, through an apt configuration of
# its own under DL_DIR/apt-SUITE (the host's sources stay as they are), into DL_DIR/ARCH-SUITE.
# Produces, downloading only what is missing:
#   DL_DIR/ARCH/kernel          bootable kernel (x86_64: ELF vmlinux extracted from the
#                               bzImage, boots via PVH; aarch64: Image; armhf: zImage)
#   DL_DIR/ARCH/kernel.version  the kernel's release string, e.g. 6.1.0-50-arm64
#   DL_DIR/ARCH/modules/lib/modules/VERSION/   the kernel's modules, with modules.dep
#   DL_DIR/ARCH/busybox         static BusyBox for ARCH
# The .deb files are cached in DL_DIR/debs/. Every output is built under a temporary
# name and renamed when complete; kernel.version is written last and marks the kernel
# and its modules as complete. Delete DL_DIR/ARCH to refetch (e.g. for a newer kernel).
set -eu

me=fetch-board
die() { echo "$me: $*" >&2; exit 1; }

[ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: $me.sh ARCH DL_DIR [SUITE]   (ARCH: x86_64 | aarch64 | armhf)"
arch=$1
dl=$2
suite=${3:-}
case $suite in
*[!a-z]*) die "SUITE '$suite': a Debian release's code name, such as bullseye" ;;
esac
case $arch in
x86_64)  debarch=amd64; meta=linux-image-amd64 ;;
aarch64) debarch=arm64; meta=linux-image-arm64:arm64 ;;
armhf)   debarch=armhf; meta=linux-image-armmp:armhf ;;
*) die "unknown ARCH '$arch' (expected x86_64, aarch64 or armhf)" ;;
esac

for t in apt-cache apt-get dpkg-deb xz readelf; do
	command -v "$t" >/dev/null 2>&1 || die "'$t' not found"
done
[ -x /bin/busybox ] || die "/bin/busybox not found (install busybox-static): needed for depmod"

out=$dl/$arch${suite:+-$suite}
debs=$dl/debs
mkdir -p "$out" "$debs" || die "cannot create $out and $debs"
out=$(cd "$out" && pwd)
debs=$(cd "$debs" && pwd)

# apt as configured on the host, or for SUITE with sources and lists of its own: the mirror is
# the one the host's apt downloads from (the part of a package's URI before /pool/).
apt_opts=""
if [ -n "$suite" ]; then
	a=$(cd "$dl" && pwd)/apt-$suite
	mkdir -p "$a/lists/partial" "$a/cache/archives/partial" || die "cannot create $a"
	if [ ! -s "$a/sources.list" ]; then
		mirror=$(apt-get download --print-uris busybox-static 2>/dev/null |
			sed -n "1s|^'\(.*\)/pool/.*|\1|p")
		[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
		echo "deb $mirror $suite main" >"$a/sources.list.tmp" &&
			mv "$a/sources.list.tmp" "$a/sources.list" || die "cannot write $a/sources.list"
	fi
	apt_opts="-o Dir::Etc::SourceList=$a/sources.list -o Dir::Etc::SourceParts=/dev/null"
	apt_opts="$apt_opts -o Dir::State::Lists=$a/lists -o Dir::Cache=$a/cache"
fi

tmps=""
cleanup() { [ -z "$tmps" ] || rm -rf $tmps; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# Remove temporary dirs left by runs that were killed (their PID is gone).
for t in "$out"/.tmp.* "$debs"/.tmp.*; do
	[ -e "$t" ] || continue
	p=${t##*/.tmp.}; p=${p%%.*}
	kill -0 "$p" 2>/dev/null || rm -rf "$t"
done
ntmp=0
newtmp() { # newtmp DIR: creates a fresh temporary directory inside DIR, sets T to it
	ntmp=$((ntmp + 1))
	T=$1/.tmp.$$.$ntmp
	rm -rf "$T"
	mkdir "$T" || die "cannot create $T"
	tmps="$tmps $T"
}

# --- apt helpers ------------------------------------------------------------------
updated=no
apt_update_once() {
	[ $updated = no ] || return 1
	updated=yes
	# Some mirrors fail an index check after adding armhf although the main suite is
	# fine: do not stop on the exit status.
	apt-get $apt_opts -q update >/dev/null 2>&1 || true
}

kernel_pkg() { # prints the versioned kernel package the meta package depends on
	apt-cache $apt_opts depends "$meta" 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/{print $2; exit}' | sed 's/:.*//'
}

# fetch_deb PKG[:ARCH]: sets DEB to the path of the cached .deb, downloading it if missing.
fetch_deb() {
	_uri=$(apt-get $apt_opts download --print-uris "$1" 2>/dev/null) || _uri=""
	if [ -z "$_uri" ] && apt_update_once; then
		_uri=$(apt-get $apt_opts download --print-uris "$1" 2>/dev/null) || _uri=""
	fi
	[ -n "$_uri" ] || die "apt-get cannot find package '$1' (architecture added? apt-get update?)"
	# line: 'URI' FILENAME SIZE HASH
	_f=$(echo "$_uri" | awk 'NR==1{print $2}')
	[ -n "$_f" ] || die "cannot parse apt-get download --print-uris output for '$1'"
	# apt names files with an encoded epoch (1%3a1.35.0); the cache keeps apt's name.
	if [ ! -s "$debs/$_f" ]; then
		newtmp "$debs"; _d=$T
		# apt drops privileges to _apt for downloads: let it write the directory.
		if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then
			chown _apt "$_d" 2>/dev/null || true
		fi
		(cd "$_d" && apt-get $apt_opts -q download "$1") >"$_d.log" 2>&1 || {
			cat "$_d.log" >&2; rm -f "$_d.log"
			die "apt-get download $1 failed"
		}
		rm -f "$_d.log"
		[ -s "$_d/$_f" ] || die "apt-get download $1 did not produce $_f"
		mv -f "$_d/$_f" "$debs/$_f"
	fi
	DEB=$debs/$_f
}

# --- kernel and modules -----------------------------------------------------------
kernel_done() {
	[ -s "$out/kernel.version" ] || return 1
	_v=$(cat "$out/kernel.version")
	[ -s "$out/kernel" ] && [ -s "$out/modules/lib/modules/$_v/modules.dep" ]
}

# extract_vmlinux BZIMAGE OUT: the ELF inside an XZ-compressed x86 bzImage.
extract_vmlinux() {
	for _off in $(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$1" | cut -d: -f1); do
		tail -c +$((_off + 1)) "$1" | xz -dc --single-stream >"$2" 2>/dev/null || continue
		readelf -h "$2" >/dev/null 2>&1 && return 0
	done
	rm -f "$2"
	return 1
}

if ! kernel_done; then
	rm -rf "$out/kernel.version" "$out/kernel" "$out/modules"
	pkg=$(kernel_pkg)
	if [ -z "$pkg" ] && apt_update_once; then
		pkg=$(kernel_pkg)
	fi
	[ -n "$pkg" ] || die "apt-cache finds no versioned kernel package for $meta"
	fetch_deb "$pkg:$debarch"; deb=$DEB

	newtmp "$out"; x=$T
	dpkg-deb -x "$deb" "$x/root" || die "cannot unpack $deb"
	moddir=""
	for d in "$x/root/lib/modules" "$x/root/usr/lib/modules"; do
		[ -d "$d" ] && moddir=$d && break
	done
	[ -n "$moddir" ] || die "$deb has no lib/modules"
	set -- "$moddir"/*
	[ $# -eq 1 ] && [ -d "$1" ] || die "$deb: expected exactly one directory in lib/modules"
	ver=${1##*/}
	vmlinuz=$x/root/boot/vmlinuz-$ver
	[ -f "$vmlinuz" ] || die "$deb has no boot/vmlinuz-$ver"

	case $arch in
	x86_64)
		extract_vmlinux "$vmlinuz" "$x/kernel" ||
			die "no XZ-compressed ELF vmlinux found in $vmlinuz"
		;;
	*)
		mv "$vmlinuz" "$x/kernel"
		;;
	esac

	mkdir -p "$x/modules/lib/modules"
	mv "$1" "$x/modules/lib/modules/$ver"
	/bin/busybox depmod -b "$x/modules" "$ver" ||
		die "busybox depmod failed for $ver"
	[ -s "$x/modules/lib/modules/$ver/modules.dep" ] || die "depmod produced no modules.dep"
	echo "$ver" >"$x/kernel.version"

	mv "$x/modules" "$out/modules"
	mv "$x/kernel" "$out/kernel"
	mv "$x/kernel.version" "$out/kernel.version"
fi

# --- busybox ----------------------------------------------------------------------
# The host's release's, whatever SUITE is: SUITE changes the kernel under test, not the tools
# the test image's checks run (Debian 11's BusyBox 1.30 nsenter took `ip -o`'s option for its
# own).
apt_opts=""
updated=no
is_static() { ! readelf -l "$1" 2>/dev/null | grep -q INTERP; }

if [ ! -s "$out/busybox" ]; then
	newtmp "$out"; x=$T
	if [ "$arch" = x86_64 ] && [ "$(uname -m)" = x86_64 ] && is_static /bin/busybox; then
		cp /bin/busybox "$x/busybox"
	else
		fetch_deb "busybox-static:$debarch"; deb=$DEB
		dpkg-deb -x "$deb" "$x/root" || die "cannot unpack $deb"
		[ -f "$x/root/bin/busybox" ] || die "$deb has no bin/busybox"
		mv "$x/root/bin/busybox" "$x/busybox"
	fi
	is_static "$x/busybox" || die "busybox for $arch is not static"
	chmod 0755 "$x/busybox"
	mv "$x/busybox" "$out/busybox"
fi
