#!/bin/sh
# Installs the Debian packages that building, booting and testing ward need.
# Idempotent: does nothing when every package is already there. Run as root.
set -u

host_pkgs="musl-tools busybox-static qemu-system-x86 qemu-system-arm cpio xz-utils binutils
 kconfig-frontends libcmocka-dev cppcheck gcc libc6-dev make file iproute2 util-linux perl
 strace procps e2fsprogs"
# The ARM BusyBox and the kernels are not installed (they conflict with the host's):
# scripts/fetch-board.sh downloads and unpacks them under the build directory.
cross_pkgs="gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf musl-dev:arm64 musl-dev:armhf"

missing=""
for p in $host_pkgs $cross_pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing; run as root to install them" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
dpkg --add-architecture arm64
dpkg --add-architecture armhf
# Some mirrors fail a security index check after adding armhf although every package
# needed is in the main suite: do not stop on apt-get update's exit status.
apt-get update -q || echo "install-deps: apt-get update reported errors; going on" >&2
apt-get install -y -q --no-install-recommends $missing
