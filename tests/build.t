#!/bin/sh
# The build as a firmware engineer drives it: an out-of-tree aarch64 build from a board
# defconfig gives a static init; savedefconfig writes a minimal fragment; a configuration
# mistake fails `make` with a message naming the Kconfig symbol and its value; make install
# puts what an image takes into DESTDIR.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
o=$(mktemp -d)
trap 'rm -rf "$o"' EXIT
n=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

make -s -C "$top" O="$o/a64" qemu-aarch64_defconfig > "$o/log" 2>&1 &&
	make -s -C "$top" O="$o/a64" >> "$o/log" 2>&1
check $? "make O=dir qemu-aarch64_defconfig && make O=dir builds"
file "$o/a64/init" | grep -q 'ARM aarch64.*statically linked'
check $? "the aarch64 init is statically linked ($(file -b "$o/a64/init" | cut -d, -f1-2,5))"

make -s -C "$top" O="$o/a64" savedefconfig > /dev/null 2>&1
grep -qx 'CONFIG_WARD_ARCH_AARCH64=y' "$o/a64/defconfig" && ! grep -q 'CONFIG_WARD_HOSTNAME' "$o/a64/defconfig"
check $? "savedefconfig keeps the board choice and leaves defaults out"

# A hand-edited mistake: the same name for two apps.
sed -i 's/^CONFIG_APP_TICKER_NAME=.*/CONFIG_APP_TICKER_NAME="httpd"/' "$o/a64/.config"
make -s -C "$top" O="$o/a64" > "$o/err" 2>&1
rc=$?
[ "$rc" != 0 ] && grep -q 'CONFIG_APP_TICKER_NAME="httpd".*duplicate' "$o/err" &&
	grep -q 'CONFIG_APP_HTTPD_NAME' "$o/err"
check $? "a duplicate app name fails make, naming both symbols and the value"
sed 's/^/# /' "$o/err"

# An app from an EXTERNAL tree with an out-of-range limit (its fragment has no range).
mkdir -p "$o/ext/apps/big"
cat > "$o/ext/apps/big/Kconfig" <<'EOK'
config APP_BIG
	bool "big"
	default y
config APP_BIG_NAME
	string
	default "big"
config APP_BIG_CMD
	string
	default "/bin/true"
config APP_BIG_PIDS_MAX
	int
	default 99999999
EOK
make -s -C "$top" O="$o/ext-build" EXTERNAL="$o/ext" qemu-x86_64_defconfig > /dev/null 2>&1
make -s -C "$top" O="$o/ext-build" > "$o/err2" 2>&1
rc=$?
[ "$rc" != 0 ] && grep -q 'CONFIG_APP_BIG_PIDS_MAX=99999999' "$o/err2"
check $? "an EXTERNAL app's out-of-range pids limit fails make, naming symbol and value"
sed 's/^/# /' "$o/err2"

# A board's defconfig that names an EXTERNAL tree's app, EXTERNAL not given: kconfig-conf drops
# the symbols without a word, and the app was left out of the build unseen.
printf 'CONFIG_APP_BIG=y\nCONFIG_APP_BIG_PIDS_MAX=64\n' > "$o/big.config"
make -s -C "$top" O="$o/no-ext" DEFCONFIG_FRAGMENTS="$o/big.config" qemu-x86_64_defconfig \
	> "$o/err3" 2>&1
rc=$?
[ "$rc" != 0 ] && grep -q 'set what no Kconfig defines: CONFIG_APP_BIG CONFIG_APP_BIG_PIDS_MAX (apps of an EXTERNAL tree' "$o/err3"
check $? "a defconfig naming an app of an EXTERNAL tree not given fails, naming the symbols"
sed 's/^/# /' "$o/err3"

# A board of an EXTERNAL tree (a vendor's own, board/<board>/defconfig there).
mkdir -p "$o/ext/board/extboard"
printf 'CONFIG_WARD_ARCH_ARMHF=y\nCONFIG_WARD_BOARD="extboard"\n' > "$o/ext/board/extboard/defconfig"
make -s -C "$top" O="$o/extboard" EXTERNAL="$o/ext" extboard_defconfig > "$o/log5" 2>&1 &&
	grep -qx 'CONFIG_WARD_ARCH_ARMHF=y' "$o/extboard/.config" &&
	grep -qx 'CONFIG_WARD_BOARD="extboard"' "$o/extboard/.config" &&
	! grep -E '^CONFIG_APP_(HTTPD|TICKER|CRASHER|VISITOR)=' "$o/extboard/.config" &&
	[ "$(grep -cE '^CONFIG_APP_(HTTPD|TICKER|CRASHER|VISITOR)=y$' "$o/a64/.config")" = 4 ]
check $? "a board of an EXTERNAL tree configures with <board>_defconfig, without the demo apps the QEMU boards have"
sed 's/^/# /' "$o/log5"

# make install: what a firmware image takes, into DESTDIR.
make -s -C "$top" O="$o/inst" qemu-aarch64_defconfig > "$o/log4" 2>&1 &&
	make -s -C "$top" O="$o/inst" install DESTDIR="$o/root" >> "$o/log4" 2>&1 &&
	[ -x "$o/root/sbin/init" ] && [ "$(readlink "$o/root/init")" = sbin/init ] &&
	cmp -s "$o/root/sbin/init" "$o/inst/init" && [ -x "$o/root/sbin/wardctl" ] &&
	[ -f "$o/root/www/index.html" ] && [ -d "$o/root/proc" ] &&
	[ "$(stat -c %a "$o/root/tmp")" = 1777 ]
check $? "make install DESTDIR=dir: init as /sbin/init and /init, wardctl, the overlay, mount points"
sed 's/^/# /' "$o/log4"
# make install with WARD_MODULES: the modules come from the image's own kernel tree
# (DESTDIR/lib/modules/RELEASE, as Buildroot and Yocto install it; here the amd64 package's,
# linked in), checked and copied flat to /lib/modules/NAME.ko, where PID 1 loads them. An
# image without the tree fails the install, naming WARD_MODULES (it booted without them).
dl=${DL_DIR:-$top/build/dl}/x86_64
if [ -s "$dl/kernel.version" ]; then
	ver=$(cat "$dl/kernel.version")
	printf 'CONFIG_WARD_MODULES="veth"\n' > "$o/mods.config"
	mkdir -p "$o/mroot/lib/modules" "$o/bare"
	ln -s "$dl/modules/lib/modules/$ver" "$o/mroot/lib/modules/$ver"
	make -s -C "$top" O="$o/mods" DEFCONFIG_FRAGMENTS="$o/mods.config" qemu-x86_64_defconfig \
		> "$o/log6" 2>&1 &&
		make -s -C "$top" O="$o/mods" install DESTDIR="$o/mroot" >> "$o/log6" 2>&1 &&
		cmp -s "$o/mroot/lib/modules/veth.ko" "$(find "$dl/modules/lib/modules/$ver" -name veth.ko)"
	check $? "make install DESTDIR=dir takes WARD_MODULES from the image's kernel tree to /lib/modules/NAME.ko"
	sed 's/^/# /' "$o/log6"
	make -s -C "$top" O="$o/mods" install DESTDIR="$o/bare" > "$o/log7" 2>&1
	rc=$?
	[ "$rc" != 0 ] && grep -q 'WARD_MODULES="veth": .*/lib/modules has no kernel' "$o/log7"
	check $? "make install into an image without its kernel's modules fails, naming WARD_MODULES"
	sed 's/^/# /' "$o/log7"
else
	n=$((n + 1)); echo "ok $n # skip no amd64 kernel package in $dl"
	n=$((n + 1)); echo "ok $n # skip no amd64 kernel package in $dl"
fi
echo "1..$n"
