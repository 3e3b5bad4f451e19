#!/bin/sh
# guest.sh N OUT RESTARTS: builds an x86_64 image with N sleeping apps (full isolation each),
# the `meter` app (scripts/bench/meter.c, in the system's namespaces) and ward-run, then boots
# it twice under QEMU: with ward as PID 1, and with BusyBox init whose script starts the same
# N apps with unshare (rdinit=/bench/init, same kernel and image). Appends "guest.<init>.N.key
# value" lines to OUT. Exit 1 when a boot gives no measurement.
set -eu
n=$1 out=$2 restarts=$3
srctree=$(cd "$(dirname "$0")/../.." && pwd)
cd "$srctree"
B=$srctree/build/bench/guest-$n
tree=$B/tree
die() { echo "bench: guest $n: $*" >&2; exit 1; }

rm -rf "$tree" && mkdir -p "$tree/apps" "$tree/progs" "$tree/overlay/bench" "$tree/overlay/etc" \
	"$tree/overlay/usr/bin"
cp scripts/bench/meter.c "$tree/progs/meter.c"
frag=$B/guest.config
{
	grep -v '^CONFIG_APP_TRUE_BINDS' tests/bench/bench.config
	echo "# CONFIG_APP_REAP is not set"
	echo "# CONFIG_APP_PROBE is not set"
	echo "# CONFIG_APP_LEAVER is not set"
	echo "# CONFIG_APP_NOTIFIER is not set"
	echo "# CONFIG_APP_LASTING is not set"
	echo "# CONFIG_APP_DEAF is not set"
	# ward-run true in the guest: on demand only, BusyBox's own /bin/true.
	echo "CONFIG_APP_TRUE_AUTOSTART=n"
	echo "CONFIG_APP_TRUE_BINDS=\"/bin /sbin? /usr? /lib? /etc?\""
	echo "CONFIG_WARD_MAX_APPS=$((n + 2))"
	echo "CONFIG_WARD_BACKOFF_MIN_MS=0"
	echo "CONFIG_APP_METER_NAMESPACES=\"\""
	echo "# CONFIG_APP_METER_ROOT is not set"
	echo "# CONFIG_APP_METER_SECCOMP is not set"
	echo "CONFIG_APP_METER_CAPS=\"all\""
	echo "CONFIG_APP_METER_RESTART_NEVER=y"; echo "CONFIG_APP_METER_ENV=\"METER_TRACE=1\""
} > "$frag"
sh scripts/new-app.sh "$tree" meter "/usr/bin/meter $n $restarts" >/dev/null
# BusyBox init's script: the same apps, each `unshare`d into the same namespaces but cgroup
# (BusyBox's unshare has no -C) as a pid namespace's init with a fresh /proc.
start=$tree/overlay/bench/start.sh
printf '#!/bin/sh\nmount -t proc proc /proc\nmount -t sysfs sysfs /sys\nmount -t devtmpfs dev /dev\n' > "$start"
i=1
while [ $i -le "$n" ]; do
	name=$(printf 's%03d' $i)
	sh scripts/new-app.sh "$tree" "$name" "/bin/sleep 100000" >/dev/null
	echo "CONFIG_APP_$(echo "$name" | tr a-z A-Z)_CRASH_LIMIT=0" >> "$frag"
	echo "unshare -p -f -m -u -i -n -r --mount-proc /bin/sleep 100000 &" >> "$start"
	i=$((i + 1))
done
echo "/usr/bin/meter $n 0 &" >> "$start"
chmod 755 "$start"
printf '::sysinit:/bench/start.sh\n' > "$tree/overlay/etc/inittab"
ln -sf /bin/busybox "$tree/overlay/bench/init"

O=$B/build
make -s O="$O" EXTERNAL="$srctree/tests/bench $tree" DEFCONFIG_FRAGMENTS="$frag" qemu-x86_64_defconfig >/dev/null ||
	die "unable to configure"
make -s O="$O" WERROR=1 ward-run >/dev/null || die "unable to build ward-run"
cp "$O/ward-run" "$tree/overlay/usr/bin/ward-run"
make -s O="$O" WERROR=1 image >/dev/null || die "unable to build the image"

for init in ward busybox; do
	log=$B/boot-$init.log
	extra=""
	[ $init = busybox ] && extra=rdinit=/bench/init
	sh scripts/qemu-run.sh --timeout "${BENCH_BOOT_TIMEOUT:-900}" board/qemu-x86_64/board.conf \
		build/dl/x86_64/kernel "$O/rootfs.cpio" $extra > "$log" 2>&1 || true
	grep -q 'bench: done' "$log" || die "$init: no result (see $log)"
	! grep 'bench: error' "$log" || die "$init: measurement failed (see $log)"
	sed -n 's/.*bench: \([a-z0-9_]*\) \([0-9-]*\)$/\1 \2/p' "$log" |
		while read -r k v; do echo "guest.$init.$n.$k $v"; done >> "$out"
done
