#!/bin/sh
# scripts/mkmodules.sh's order checks: a module's soft dependency (modinfo softdep=pre:/post:,
# a module or an alias) that is a module of the kernel must be listed, before it for pre:,
# anywhere for post:, unless built in. On a fake kernel tree (.ko files with only a .modinfo
# section), then on the amd64 kernel package in DL_DIR when it is there: jbd2 and ext4 carry
# softdep=pre: crypto-crc32c, and the data disk's mount failed at run time without crc32c.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
o=$(mktemp -d)
trap 'rm -rf "$o"' EXIT
n=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
mk() { sh "$top/scripts/mkmodules.sh" "$1" "$2" "$o/out" > "$o/err" 2>&1; }

# The fake kernel 9.9-test.
k=$o/k
m=$k/modules/lib/modules/9.9-test
mkdir -p "$m/kernel"
echo 9.9-test > "$k/kernel.version"
ko() { # NAME MODINFO-STRING...
	f=$1
	shift
	for s; do printf '%s\0' "$s"; done > "$o/modinfo"
	objcopy -I binary -O elf64-little --rename-section .data=.modinfo "$o/modinfo" "$m/kernel/$f.ko" &&
		echo "kernel/$f.ko:" >> "$m/modules.dep"
}
ko a 'license=GPL' 'softdep=pre: crypto-foo'
ko foo_fast 'alias=crypto-foo'
ko foo_generic 'alias=crypto-foo'
ko b 'softdep=post: b-helper'
ko b-helper 'license=GPL'
ko c 'softdep=pre: crypto-bi'
ko d 'softdep=pre: nothing-here'
ko e 'softdep=foo_generic'
printf 'alias crypto-foo foo_fast\nalias crypto-foo foo_generic\nalias crypto-bi-generic bi_generic\n' \
	> "$m/modules.alias"
echo kernel/crypto/bi_generic.ko > "$m/modules.builtin"
printf 'bi_generic.alias=crypto-bi\0bi_generic.license=GPL\0' > "$m/modules.builtin.modinfo"

mk "$k" "a"
[ $? != 0 ] && grep -qF 'mkmodules: WARD_MODULES: a needs foo_generic loaded before it (softdep pre: crypto-foo = foo_fast or foo_generic in kernel 9.9-test): list them first ("foo_generic a")' "$o/err"
check $? "a softdep=pre: alias no module of is listed fails, naming the modules and the kernel"
sed 's/^/# /' "$o/err"
mk "$k" "a foo_generic"
[ $? != 0 ] && grep -q 'a needs foo_generic loaded before it' "$o/err"
check $? "a softdep=pre: module listed after the module fails"
mk "$k" "foo_fast a" && [ -f "$o/out/lib/modules/a.ko" ]
check $? "any module of the alias listed before meets a softdep=pre:"
mk "$k" "b"
[ $? != 0 ] && grep -qF 'b needs b_helper loaded after it (softdep post: b-helper = b_helper in kernel 9.9-test): list them after it ("b b_helper")' "$o/err"
check $? "a softdep=post: module not listed fails"
sed 's/^/# /' "$o/err"
mk "$k" "b-helper b" && mk "$k" "b b_helper"
check $? "a softdep=post: module listed anywhere meets it"
mk "$k" "c d e" && [ -f "$o/out/lib/modules/e.ko" ]
check $? "a softdep built in (an alias of a built-in module), one the kernel has not, names before pre: pass"
sed 's/^/# /' "$o/err"

# The amd64 kernel package: ext4 with its modules.dep dependencies, without a crc32c.
dl=${DL_DIR:-$top/build/dl}/x86_64
if [ -s "$dl/kernel.version" ]; then
	ver=$(cat "$dl/kernel.version")
	mk "$dl" "crc16 mbcache jbd2 ext4"
	[ $? != 0 ] && grep -q "WARD_MODULES: jbd2 needs crc32c_generic loaded before it (softdep pre: crypto-crc32c = .*crc32c_generic.* in kernel $ver)" "$o/err"
	check $? "kernel $ver: ext4 and its dependencies without crc32c fail, naming crc32c_generic"
	sed 's/^/# /' "$o/err"
	mk "$dl" "crc16 crc32c_generic mbcache jbd2 ext4" &&
		[ "$(ls "$o/out/lib/modules" | wc -l)" = 5 ] &&
		mk "$dl" "crc16 crc32c_intel mbcache jbd2 ext4"
	check $? "kernel $ver: with crc32c_generic (or crc32c_intel) listed before, ext4 is staged"
	sed 's/^/# /' "$o/err"
else
	n=$((n + 1)); echo "ok $n # skip no amd64 kernel package in $dl (make deps)"
	n=$((n + 1)); echo "ok $n # skip no amd64 kernel package in $dl (make deps)"
fi
echo "1..$n"
