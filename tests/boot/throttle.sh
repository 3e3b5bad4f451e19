#!/bin/sh
# throttle.sh BOARD: the reboot throttle across real reboots. One disk holds the record
# (CONFIG_WARD_REBOOT_RECORD=/dev/vda in the test image) from boot to boot:
#   boots 1, 2: only critloop (critical, ladder "reboot") runs: its crash loop reboots the
#               board, and each reboot is counted in the record;
#   boot 3:     the limit (2) is reached: ward stays up, degraded, and says so;
#   boot 4:     a healthy boot longer than the window (40 s) makes the count start over;
#   boot 5:     the next crash loop may reboot the board again;
#   boot 6:     no disk: the boot loader's ward.bootcount= on the command line stands in.
# The host reads the record off the disk image after each boot: the kernel's view of what
# ward wrote. Prints TAP.
set -u
board=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/boot/board.sh"
# Each boot takes 2-60 s (boot 4 stays up past the 40 s window). After one that hung, the
# rest are not booted (each needs the record the one before left): a hang everywhere fails
# the test in minutes, inside CI's time.
timeout=${BOOT_TIMEOUT:-120}
hung=
record=$out/throttle-record.img
rm -f "$record" && truncate -s 64K "$record"

n=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
has() { grep -q -- "$1" "$log"; }
lacks() { ! grep -q -- "$1" "$log"; }
count_on_disk() { head -c 32 "$record" | sed -n 's/^ward-reboots \([0-9]*\)$/\1/p' | head -n 1; }

boot() { # boot NUMBER KERNEL_ARGS...
	log=$out/throttle-boot$1.log
	shift
	if [ -n "$hung" ]; then
		: > "$log"
		rc=124
		echo "# $board throttle boot: $*: not booted, as boot $hung hung"
		return
	fi
	QEMU_EXTRA_ARGS="${DISK_DEVICE:+-drive file=$record,format=raw,if=none,id=record -device $DISK_DEVICE,drive=record}" \
	sh "$top/scripts/qemu-run.sh" --timeout "$timeout" "$top/board/$board/board.conf" \
		"$kernel" "$out/rootfs.cpio" "$@" > "$log" 2>&1
	rc=$?
	[ "$rc" != 124 ] || hung=$(basename "$log" .log | tr -dc 0-9)
	echo "# $board throttle boot: $* (QEMU exit status $rc, console in $log)"
}

for b in 1 2; do
	boot $b ward.only=critloop
	check $((rc == 124 ? 1 : 0)) "boot $b: QEMU ended by itself (the board rebooted)"
	has "^init: critloop: crash loop: 3 failures within" && has "^init: reboot $b of at most 2 in a row$" &&
		has "^init: critloop: crash loop: rebooting the board$"
	check $? "boot $b: the critical app's crash loop rebooted the board, reboot $b of 2"
	has "reboot: Restarting system"
	check $? "boot $b: the kernel restarted the system"
	check "$([ "$(count_on_disk)" = $b ]; echo $?)" "boot $b: the record on the disk says $b (it says '$(count_on_disk)')"
done

boot 3 ward.only=critloop,ender ender.wait=degraded
has "^init: reboot throttled: 2 reboots in a row after boots shorter than 40 s (limit 2): staying up, degraded$"
check $? "boot 3: past the limit, ward stays up degraded and says so"
lacks "reboot: Restarting system" && has "^ender: saw 'staying up, degraded'$" && has "reboot: Power down"
check $? "boot 3: no reboot; the board stayed up until ender powered it off"
check "$([ "$(count_on_disk)" = 2 ]; echo $?)" "boot 3: the record still says 2 ('$(count_on_disk)')"

boot 4 ward.only=base,ready,ender ender.wait=over
has "^init: up and healthy for 40 s: the count of reboots in a row (2) starts over$"
check $? "boot 4: a healthy boot past the window makes the count start over"
check "$([ "$(count_on_disk)" = 0 ]; echo $?)" "boot 4: the record on the disk says 0 ('$(count_on_disk)')"

boot 5 ward.only=critloop
has "^init: reboot 1 of at most 2 in a row$" && has "reboot: Restarting system"
check $? "boot 5: after the count started over, a crash loop reboots the board again"
lacks "Kernel panic"
check $? "no kernel panic in the last boot"

# Without the disk, the boot loader's count on the command line stands in for the record.
disk=$DISK_DEVICE
DISK_DEVICE=""
boot 6 ward.only=critloop,ender ender.wait=degraded ward.bootcount=2
DISK_DEVICE=$disk
has "init: unable to open the reboot record /dev/vda: No such file or directory$" &&
	has "^init: reboot throttled: 2 reboots in a row after boots shorter than 40 s (limit 2): staying up, degraded$" &&
	lacks "reboot: Restarting system"
check $? "boot 6: no record (no disk): ward.bootcount=2 on the command line throttles the reboot"
echo "1..$n"
rm -f "$record"
