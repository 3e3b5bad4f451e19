#!/bin/sh
# scenario.sh BOARD SCENARIO: one short boot of BOARD's test image (built by `make check`) that
# exercises a single path of PID 1, selected on the kernel command line, and prints TAP made
# from what the serial console showed. Scenarios:
#   rescue        ward.rescue: no app, a shell on the console (commands typed in from
#                 rescue.in), started again after it exits; poweroff from a shell job 16 s on,
#                 three watchdog timeouts that PID 1 must feed through.
#   fault         ward.only=fault: the fault app sends SIGSEGV to PID 1, which logs it, syncs
#                 and reboots (the kernel says "reboot: Restarting system"; no panic).
#   fault-rescue  the same with WARD_FAULT_RESCUE (rootfs-fault-rescue.cpio): a shell comes
#                 up (fault-rescue.in), and when it exits the board reboots.
#   fault-hang    the same image, and the shell is never left (fault-hang.in): PID 1 feeds
#                 the watchdog no more, and the hardware resets the board (no kernel reboot).
#   stuck         ward.only=stuck: a critical app becomes ready, then its heartbeat stops; PID
#                 1 stops feeding the watchdog and the hardware resets the board. No record
#                 disk here: the boot loader's count (ward.bootcount=0) stands in for it.
#   stuck-throttled  the same after two short boots in a row (ward.bootcount=2, the test
#                 image's limit): that reset is a reboot too, and the throttle refuses it;
#                 PID 1 kills the app, stays up degraded and feeds the watchdog; ender powers
#                 the board off 8 s on (ender.hold=8), past the 5 s timeout.
#   synchang      ward.only=synchang (x86_64, whose image loads dm_mod): a device that never
#                 syncs, then a poweroff; PID 1 waits WARD_SHUTDOWN_SYNC_MS (3 s in the test
#                 image) for the disks, says so and powers off (no watchdog reset). Booted
#                 with loglevel=10, a console level of two digits.
#   fault-synchang  the same device, then synchang makes PID 1 fault (synchang.fault), on a
#                 board without a watchdog: PID 1 waits WARD_SHUTDOWN_SYNC_MS for the disks,
#                 says so and reboots (the kernel's reboot line), where it hung before.
#   record-hang   ward.only=synchang,critloop,ender synchang.record (x86_64): synchang links
#                 the reboot record (/dev/vda) to its device that never syncs; then the
#                 critical critloop crash-loops and asks for a reboot. The record's fsync
#                 never ends: PID 1 waits up to 2.5 s for it (half the watchdog's 5 s), counts it
#                 as a record that takes no write and, with no ward.bootcount, stays up,
#                 degraded, feeding the watchdog; ender powers the board off 8 s on (before,
#                 PID 1 waited for the record for good and the watchdog reset the board).
#   others        ward.only=ender hook.others: the boot-health hook leaves two processes
#                 outside the apps; at the poweroff one ends at once on SIGTERM, the other
#                 0.2 s later, and says so. PID 1 must give them their time (before, the
#                 end of the first woke PID 1, which killed the second at once).
#   offcpu        two CPUs, one brought up (maxcpus=1): offcpu's CPUSET is the other. cgroup
#                 v2 takes it and would run the app on CPU 0; PID 1 compares the leaf's
#                 cpuset.cpus.effective with it, refuses the start and says why (as v1 would:
#                 it refuses an offline CPU); ender powers the board off 3 s on.
#   xoff          an XOFF (Ctrl-S) typed on the serial line once ender has started stops the
#                 console's tty; ender then writes 50 lines of 240 bytes, more than its
#                 transmit buffer holds, and 12 s on powers the board off. XON comes 9.5 s
#                 after the XOFF. PID 1 must not wait on the stopped console: it feeds the
#                 watchdog (5 s) throughout, says how many app lines it kept off once the
#                 console takes lines again, and powers off (before, it slept in the write
#                 and the watchdog reset the board).
#   v1-nomemory   ward.cgroup=v1 cgroup_disable=memory: the memory hierarchy does not mount
#                 (a kernel without it, as some boards boot); PID 1 says so and mounts the
#                 others. plain (no memory limit) runs, in its pids and freezer leaves (ender,
#                 in leaves of its own, prints its /proc/self/cgroup: ender.cgroups); hog (a
#                 memory limit) fails closed; ender powers the board off 3 s on. Before, the
#                 setup stopped at the memory hierarchy and no app could start.
# Each *.in file starts with a line of blanks: BusyBox ash, starting, asks the terminal where
# its cursor is and eats what was typed ahead while it waits for the answer.
set -u
board=$1 scenario=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/boot/board.sh"
# Short boots: a hang ends here instead of at the full boot test's limit.
timeout=${BOOT_TIMEOUT:-90}
image=rootfs.cpio
stdin=
case $scenario in
rescue) args="ward.rescue" stdin=$here/rescue.in ;;
fault) args="ward.only=fault" ;;
stuck) args="ward.only=stuck ward.bootcount=0" ;;
synchang) args="ward.only=synchang loglevel=10" ;;
fault-synchang) args="ward.only=synchang synchang.fault" ;;
stuck-throttled)
	args="ward.only=stuck,ender ward.bootcount=2 ender.wait=degraded ender.hold=8" ;;
fault-rescue) args="ward.only=fault" image=rootfs-fault-rescue.cpio stdin=$here/fault-rescue.in ;;
fault-hang) args="ward.only=fault" image=rootfs-fault-rescue.cpio stdin=$here/fault-hang.in ;;
xoff) args="ward.only=ender ender.wait=none ender.burst=50 ender.hold=12" stdin=xoff ;;
record-hang)
	args="ward.only=synchang,critloop,ender synchang.record ender.wait=degraded ender.hold=8" ;;
others) args="ward.only=ender hook.others ender.wait=none ender.hold=3" ;;
offcpu)
	args="maxcpus=1 ward.only=offcpu,ender ender.wait=none ender.hold=3"
	QEMU_EXTRA_ARGS="${QEMU_EXTRA_ARGS:-} -smp 2" ;;
v1-nomemory)
	args="ward.cgroup=v1 cgroup_disable=memory ward.only=plain,hog,ender ender.wait=none ender.hold=3 ender.cgroups=1" ;;
*) echo "scenario.sh: unknown scenario '$scenario'" >&2; exit 2 ;;
esac
log=$out/boot-$scenario.log
: > "$log"
fifo=
if [ -n "$stdin" ]; then
	# The typist: types the commands once a shell is up (what a UART gets before its driver
	# is up can be lost, as on aarch64's PL011), and holds the line open until QEMU ends.
	fifo=$(mktemp -u "$out/.typist.XXXXXX")
	mkfifo "$fifo" || exit 1
	cue='init: rescue: .*started as pid\|init: rescue: a shell on the console'
	[ "$stdin" = xoff ] && cue='init: ender: started as pid'
	(
		i=0
		while ! grep -q "$cue" "$log" && [ $i -lt $((timeout * 5)) ]; do
			sleep 0.2
			i=$((i + 1))
		done
		if [ "$stdin" = xoff ]; then
			printf '\023'
			sleep 9.5
			printf '\021'
		else
			sleep 1
			cat "$stdin"
		fi
		exec sleep "$timeout"
	) > "$fifo" 2>/dev/null &
	typist=$!
fi
# Nothing else would reboot a board whose PID 1 hangs.
[ "$scenario" = fault-synchang ] && WATCHDOG_QEMU_ARGS=
QEMU_STDIN=${fifo:-} QEMU_EXTRA_ARGS="${QEMU_EXTRA_ARGS:-} ${WATCHDOG_QEMU_ARGS:-}" \
	sh "$top/scripts/qemu-run.sh" --timeout "$timeout" "$top/board/$board/board.conf" \
	"$kernel" "$out/$image" $args >> "$log" 2>&1
rc=$?
if [ -n "$fifo" ]; then
	kill "$typist" 2>/dev/null
	rm -f "$fifo"
fi
echo "# $board $scenario: serial console in $log (QEMU exit status $rc)"

join_rows < "$log" | awk -v rc="$rc" -v scenario="$scenario" -v board="$board" '
function check(cond, desc) { n++; print (cond ? "ok " : "not ok ") n " - " desc }
function stamp(line) { sub(/^\[ */, "", line); sub(/\].*/, "", line); return line + 0 }
{ raw = $0; sub(/^\[ *[0-9.]+\] /, "") }
# PID 1 writes a line to the console itself unless the kernel echoes it there (with a stamp).
/^init: ward starting/ { if (raw ~ /^\[/) starts_echoed++; else starts_written++ }
/Kernel panic|Attempted to kill init/ { panic = 1 }
raw ~ /^\[ *[0-9.]+\] reboot: Restarting system/ { kernel_reboot = 1 }
raw ~ /^\[ *[0-9.]+\] reboot: Power down/ { kernel_poweroff = 1 }
/^init: [a-z0-9_-]+: started as pid/ { app_started++ }
/^init: [a-z0-9_-]+: not started \(ward.rescue on the kernel command line\)$/ { kept_off++ }
/^init: rescue: \/bin\/sh started as pid [0-9]+ on \/dev\/tty[A-Za-z]+[0-9]+$/ { shells++ }
/^init: rescue: the shell ended \(status 0x0\): started again in 1000 ms$/ { respawn = 1 }
/^init: poweroff$/ { ward_poweroff = 1 }
/^init: watchdog \/dev\/watchdog armed: timeout 5 s/ { wd_armed = 1 }
/can.t access tty/ { no_job_control = 1 }
# Output of the shells, not the echo of what was typed ($1 there, a number here).
/RESCUE-SHELL pid [0-9]+ ppid [0-9]+ sid [0-9]+ tty [0-9]+/ {
	sub(/.*RESCUE-SHELL /, ""); shell_pid = $2; shell_ppid = $4; shell_sid = $6; shell_tty = $8
}
/RESCUE-NS host/ { host_ns = 1 }
# The uptime when the shell ran the commands, and when the poweroff job ran 16 s later.
/RESCUE-UP [0-9.]+/ { sub(/.*RESCUE-UP /, ""); up_at = $1 + 0 }
/RESCUE-DOWN [0-9.]+/ { sub(/.*RESCUE-DOWN /, ""); down_at = $1 + 0 }
/RESCUE-LEAVES [0-9]+/ { sub(/.*RESCUE-LEAVES /, ""); leaves = $1 }
/^init: fault: started as pid/ { fault_started = 1 }
/^init: fatal signal 11 in PID 1: syncing the disks and rebooting$/ { fault_reboot = 1; fault_at = stamp(raw) }
/^init: fatal signal 11 in PID 1: syncing the disks, then a rescue shell$/ { fault_rescue = 1; fault_at = stamp(raw) }
/^init: rescue: a shell on the console; exit it to reboot$/ { fault_shell = 1 }
/^stuck: last beat at [0-9.]+$/ { last_beat = $5 + 0 }
/^stuck: up [0-9.]+$/ { last_up = $3 + 0 }
/^init: stuck: hung: no heartbeat for 3000 ms$/ { stuck_hung = 1 }
/^init: reboot throttled: 2 reboots in a row after boots shorter than [0-9]+ s \(limit 2\): staying up, degraded$/ { throttled++ }
/^ender: saw .staying up, degraded.$/ { ender_saw = 1 }
raw ~ /^\[ *[0-9.]+\] reboot: Power down/ { down_k = stamp(raw) }
/^init: watchdog: not fed any more: / { starved = 1 }
/softdog: Initiating system reboot/ { softdog_fired = 1 }
/^init: (reboot|poweroff|halt)$/ { ward_down = 1 }
/^init: offcpu: unable to set up its cgroup: run on the CPUs 1: not all online: / { offcpu_refused = 1 }
/^init: offcpu: started as pid/ { offcpu_started = 1 }
/^init: unable to set up cgroup \/sys\/fs\/cgroup\/memory: / { nomem_said = 1 }
/^init: plain: started as pid/ { plain_started = 1 }
/^init: plain: unable/ { plain_refused = 1 }
/^init: hog: unable to set up its cgroup: write "[0-9]+" to \/sys\/fs\/cgroup\/memory\/ward\/hog\/memory.limit_in_bytes: / { hog_refused = 1 }
/^init: hog: started as pid/ { hog_started = 1 }
/^ender: cgroups .*:pids:\/ward\/ender .*:freezer:\/ward\/ender / || /^ender: cgroups .*:freezer:\/ward\/ender .*:pids:\/ward\/ender / { ender_leaves = 1 }
/FAULT-UP [0-9.]+/ { sub(/.*FAULT-UP /, ""); last_up = $1 + 0 }
/^synchang: \/dev\/dm-[0-9]+ suspended, with 65536 bytes to write back; poweroff at [0-9.]+$/ { asked_at = $NF + 0 }
/^init: poweroff: disks not synced in 3000 ms: going on$/ { unsynced = 1 }
/^synchang: \/dev\/dm-[0-9]+ suspended, with 65536 bytes to write back; fault at [0-9.]+$/ { faulted_at = $NF + 0 }
/^init: the disks did not sync in 3000 ms: going on$/ { fault_unsynced = 1 }
raw ~ /^\[ *[0-9.]+\] reboot: Restarting system/ { reboot_k = stamp(raw) }
/^ender: burst [0-9]+ / { bursts++ }
/^synchang: \/dev\/dm-[0-9]+ suspended, with 65536 bytes to write back; record at [0-9.]+$/ { record_at = $NF + 0 }
/^init: the reboot record \/dev\/vda: no answer in [0-9]+ ms: not used again this boot$/ { record_wait = $9 + 0 }
/^init: a reboot not counted could loop: staying up, degraded$/ { uncounted++ }
/^init: critloop: crash loop: / { crash_loops++ }
/^others: stopped in time$/ { others_stopped = 1 }
/^boot-ok: hook ran as pid/ { hook_ran = 1 }
/^init: [0-9]+ app lines kept off the slow console \(in the apps. logs\)$/ { console_kept += $2 }
END {
	check(rc != 124, "QEMU ended by itself, before the timeout (exit status " rc ")")
	check(!panic, "no kernel panic: PID 1 never exited")
	if (scenario == "rescue") {
		check(kept_off > 0 && app_started == 0, "ward.rescue: no app started (" kept_off " kept off, and say why)")
		check(shells == 2 && respawn, "the rescue shell started, and again after it exited (" shells " starts)")
		check(shell_ppid == 1, "the shell is a child of PID 1 (ppid " shell_ppid ")")
		check(host_ns, "the shell is in PID 1 own pid and mount namespaces")
		check(shell_sid == shell_pid && shell_tty > 0 && !no_job_control,
		      "the shell leads its own session with the console as controlling tty (sid " shell_sid ", tty_nr " shell_tty ")")
		check(leaves == "0", "no app cgroup leaf exists (" leaves ")")
		check(ward_poweroff && kernel_poweroff, "poweroff from the shell: an orderly shutdown, the kernel powered off")
		# rescue.in powers off 16 s after the first shell: three watchdog timeouts and more.
		check(wd_armed && !starved && !kernel_reboot && ward_poweroff && up_at > 0 && down_at - up_at >= 15,
		      "the watchdog (5 s) was fed through the rescue session (" down_at - up_at " s, no reset)")
	} else if (scenario == "fault") {
		check(fault_started, "the fault app ran (ward.only=fault)")
		check(fault_reboot, "PID 1 logged its fault (SIGSEGV) in the one message shape")
		check(kernel_reboot, "and rebooted: the kernel said reboot: Restarting system")
	} else if (scenario == "fault-rescue") {
		check(fault_rescue && fault_shell, "PID 1 logged its fault and started a rescue shell")
		check(shell_ppid == 1 && shell_sid == shell_pid && shell_tty > 0,
		      "the shell is PID 1 child, with its own session and the console as tty (ppid " shell_ppid ", tty_nr " shell_tty ")")
		check(kernel_reboot, "the shell exited, and the board rebooted (reboot: Restarting system)")
	} else if (scenario == "fault-hang") {
		check(fault_rescue && fault_shell && shell_ppid == 1, "PID 1 faulted and its rescue shell runs")
		check(!kernel_reboot && !kernel_poweroff && !ward_poweroff,
		      "nothing rebooted the board in an orderly way (no reboot: line from the kernel)")
		# Fed last up to 1.25 s before the fault, so reset 3.75-5 s after it; the shell
		# prints the time every 0.5 s (or later, under load).
		dt = last_up - fault_at
		check(fault_at > 0 && dt >= 2.5 && dt <= 7,
		      "the board ran on until the unfed watchdog reset it, within its 5 s (last sign of life " dt " s after the fault)")
	} else if (scenario == "stuck-throttled") {
		check(stuck_hung, "the critical app beat, then stopped: PID 1 found it hung")
		check(throttled > 0, "the throttle refused the reset (ward.bootcount=2, limit 2): staying up, degraded")
		check(wd_armed && !starved, "PID 1 did not stop feeding the watchdog")
		# PID 1 lines are not stamped here: the time is the last beat of the app (hung 3 s on).
		check(ender_saw && kernel_poweroff && !kernel_reboot && last_beat > 0 && down_k - last_beat >= 10,
		      "the board stayed up past the 5 s timeout until ender powered it off (" down_k - last_beat " s after the last beat)")
	} else if (scenario == "synchang") {
		check(starts_echoed == 1 && starts_written == 0,
		      "loglevel=10: PID 1 left its lines to the kernel echo, each shown once (" starts_echoed + 0 " echoed, " starts_written + 0 " written)")
		check(asked_at > 0, "synchang suspended its device with dirty pages, and asked for a poweroff")
		check(unsynced, "PID 1 said the disks did not sync within 3000 ms, and went on")
		check(kernel_poweroff && !kernel_reboot && !softdog_fired,
		      "the board powered off (reboot: Power down), no watchdog reset")
		# synchang cannot end (its exit syncs the device too): the 2 s grace, the 1 s
		# after SIGKILL, then the 3 s for the disks.
		dt = down_k - asked_at
		check(asked_at > 0 && dt >= 5.9, "after the grace, the kill and the 3 s for the disks (" dt " s)")
	} else if (scenario == "xoff") {
		check(wd_armed, "the watchdog armed, with a 5 s timeout")
		check(bursts > 0 && bursts < 50,
		      "some of the 50 lines of ender on the console (what its buffer held at the XOFF), not all (" bursts ")")
		check(console_kept > 0,
		      "once the console took lines again, PID 1 said how many app lines it kept off (" console_kept ")")
		check(ward_down && kernel_poweroff && !kernel_reboot,
		      "the poweroff of ender 12 s on: PID 1 said so on the console, and the kernel powered off (no watchdog reset)")
	} else if (scenario == "record-hang") {
		check(record_at > 0, "synchang made the reboot record (/dev/vda) a device that never syncs")
		check(crash_loops > 0 && record_wait > 0 && record_wait <= 2500,
		      "critloop crash-looped; PID 1 said the record gave no answer in " record_wait + 0 " ms (at most half the watchdog: 2500)")
		check(uncounted > 0, "a reboot the record did not count, without ward.bootcount: staying up, degraded")
		# PID 1 lines are not stamped here: the time is the uptime synchang printed when
		# it made the record silent. Then the crash loop, 2.5 s of waiting, and the 8 s
		# ender holds.
		check(wd_armed && !starved && ender_saw && kernel_poweroff && !kernel_reboot && down_k - record_at >= 8,
		      "PID 1 fed the watchdog (5 s) on until ender powered the board off (" down_k - record_at " s after the record went silent)")
	} else if (scenario == "others") {
		check(hook_ran, "the boot-health hook ran, and left two processes to PID 1")
		check(others_stopped, "at the poweroff, the one that takes 0.2 s over SIGTERM was not killed first")
		check(ward_down && kernel_poweroff && !kernel_reboot, "and the board powered off")
	} else if (scenario == "offcpu") {
		check(offcpu_refused, "offcpu, its CPU offline, refused: PID 1 said so")
		check(!offcpu_started, "and not started")
		check(ward_down && kernel_poweroff && !kernel_reboot, "ender powered the board off")
	} else if (scenario == "v1-nomemory") {
		check(nomem_said, "PID 1 said the memory hierarchy would not mount")
		check(plain_started && !plain_refused, "plain, without a memory limit, started")
		check(ender_leaves, "ender is in its pids and freezer leaves, as the kernel lists them (/proc/self/cgroup)")
		check(hog_refused && !hog_started, "hog, with a memory limit, failed closed: PID 1 said why")
		check(ward_down && kernel_poweroff && !kernel_reboot, "ender powered the board off")
	} else if (scenario == "fault-synchang") {
		check(faulted_at > 0 && fault_reboot,
		      "synchang suspended its device with dirty pages, and PID 1 logged the fault it made")
		check(fault_unsynced, "PID 1 said the disks did not sync within 3000 ms, and went on")
		check(kernel_reboot, "the board, which has no watchdog, rebooted (reboot: Restarting system)")
		dt = reboot_k - faulted_at
		check(faulted_at > 0 && dt >= 2.9, "after the 3 s for the disks (" dt " s)")
	} else if (scenario == "stuck") {
		check(last_beat > 0 && stuck_hung, "the critical app beat, then stopped: PID 1 found it hung")
		check(starved, "PID 1 logged that it feeds the watchdog no more")
		check(!kernel_reboot && !kernel_poweroff && !ward_down,
		      "no orderly shutdown by ward and no reboot by the kernel: the watchdog reset the board")
		if (board == "qemu-armhf")
			check(softdog_fired, "the kernel says softdog fired (softdog: Initiating system reboot)")
		# Hung 3 s after the last beat, fed up to then: reset 3.75-5 s later.
		dt = last_up - (last_beat + 3)
		check(dt >= 2.5 && dt <= 7,
		      "the reset came within the 5 s timeout of the hang (last sign of life " dt " s after it)")
	}
	print "1.." n
}'
