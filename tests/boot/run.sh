#!/bin/sh
# run.sh BOARD [KERNEL_ARG]: boots BOARD's test image (built by `make check` in build/test-BOARD) under
# QEMU and prints TAP: first the checks the guest made from inside (tests/guest/overlay/test/
# check.sh), renumbered, then the checks made here on what the serial console showed.
set -u
board=$1
extra=${2:-} # e.g. ward.cgroup=v1: the same tests on another boot path
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/boot/board.sh"
# Stays well inside what armhf needs under TCG on 2 cores, while a hang still ends.
timeout=${BOOT_TIMEOUT:-180}

image=${IMAGE:-rootfs.cpio} # IMAGE=rootfs-switch-root.cpio: ward as /sbin/init after switch_root
log=$out/boot${extra:+-$(echo "$extra" | tr -c 'a-z0-9\n' -)}${IMAGE:+-${IMAGE%.cpio}}.log
# REPARSE=1: check the console log of the last boot again, without booting.
if [ -n "${REPARSE:-}" ]; then
	rc=0
else
	# A fresh, empty disk for the reboot throttle's record (CONFIG_WARD_REBOOT_RECORD=/dev/vda).
	record=$out/record-$$.img
	rm -f "$record" && truncate -s 64K "$record"
	# Every test image feeds a watchdog: the board's device comes with every boot.
	# log_buf_len: the guest's checks read the kernel's log (dmesg) for PID 1's messages from
	# the first seconds, and the OOM reports of the memory hogs (and noisy's lines) must not
	# push them out of its default buffer first (they did, with two CPUs to run them on).
	# suid_dumpable=1: a debugging setting that PID 1 must take back (check.sh); the
	# protected_* ones: links and files in /tmp, two left open that PID 1 must close
	# (Debian's kernel has them on already), one stricter than PID 1's that must stay.
	# dm-mod.swap_bios, dm_mod.reserved_bio_based_ios: parameters of a module PID 1 loads
	# (x86_64's dm_mod), which it must pass (check.sh); other boards ignore them.
	# "-- --test": the kernel hands it to init, which must not take it for its test mode
	# (where it exits at the end, and the kernel panics).
	# DATA_DISK=1: a second disk, ext2, which tests/guest/switch-root.sh mounts at /data disk
	# before ward starts: at shutdown PID 1 must unmount it, which leaves it "clean".
	data= data_args=
	if [ -n "${DATA_DISK:-}" ]; then
		PATH=$PATH:/usr/sbin:/sbin # e2fsprogs'
		data=$out/data-$$.img
		rm -f "$data" && mke2fs -q -F -t ext2 "$data" 1024 > /dev/null || echo "# mke2fs failed"
		data_args="-drive file=$data,format=raw,if=none,id=data -device $DISK_DEVICE,drive=data"
	fi
	QEMU_EXTRA_ARGS="${QEMU_EXTRA_ARGS:-} ${WATCHDOG_QEMU_ARGS:-} -drive file=$record,format=raw,if=none,id=record -device $DISK_DEVICE,drive=record $data_args" \
	sh "$top/scripts/qemu-run.sh" --timeout "$timeout" "$top/board/$board/board.conf" \
		"$kernel" "$out/$image" log_buf_len=4M sysctl.fs.suid_dumpable=1 \
		sysctl.fs.protected_symlinks=0 sysctl.fs.protected_hardlinks=0 \
		sysctl.fs.protected_regular=2 dm-mod.swap_bios=77 dm_mod.reserved_bio_based_ios=9 \
		$extra -- --test > "$log" 2>&1
	rc=$?
	rm -f "$record"
	# What ext2 keeps in its superblock: "not clean" from the mount until the unmount.
	[ -z "$data" ] || data_state=$(dumpe2fs -h "$data" 2>/dev/null | sed -n 's/^Filesystem state: *//p')
	[ -z "$data" ] || rm -f "$data"
fi
echo "# $board $extra: serial console in $log (QEMU exit status $rc)"

# Logs: each app's rate limit, as built into this image's PID 1.
log_rate=$(sed -n 's/^CONFIG_WARD_LOG_RATE=//p' "$out/.config")
log_burst=$(sed -n 's/^CONFIG_WARD_LOG_BURST=//p' "$out/.config")

# The kernel prints its messages (PID 1's errors among them, through /dev/kmsg) straight to
# the serial port, past what the tty layer still holds of a line PID 1 wrote: such a message
# can land in the middle of another line. It is put back on a line of its own.
sed 's/\(.\)\(\[ *[0-9][0-9]*\.[0-9][0-9]*\] \)/\1\n\2/g' "$log" | join_rows |
awk -v rc="$rc" -v grace_ms="${GRACE_MS:-2000}" -v extra="$extra" -v image="$image" \
	-v data_disk="${DATA_DISK:-}" -v data_state="${data_state:-}" \
	-v log_rate="${log_rate:-0}" -v log_burst="${log_burst:-0}" '
function check(cond, desc) { n++; print (cond ? "ok " : "not ok ") n " - " desc }
function min(a, b) { return a < b ? a : b }
# PID 1 writes errors to /dev/kmsg, and the kernel echoes them with a timestamp.
{ raw = $0; sub(/^\[ *[0-9.]+\] init: /, "init: ") }
/^switch-root: a disk mounted at \/data disk/ { data_mounted = 1 }
# Guest TAP arrives through ward as "check: <line>".
/^check: (not )?ok [0-9]+/ {
	line = substr($0, 8); guest++
	sub(/^(not )?ok [0-9]+( - )?/, "", line)
	n++; print (($2 == "ok") ? "ok " : "not ok ") n " - guest: " line
	next
}
/^check: 1\.\.[0-9]+$/ { split($2, p, /\.\./); plan = p[2] }
# The escape probes print TAP too, one stream per probe app.
/^(escape|open-all|no-seccomp|no-userns|all-caps|host-ns|no-limits|fd-leak|noexec-off): (not )?ok [0-9]+/ {
	app = $1; sub(/:$/, "", app); line = $0
	sub(/^[a-z-]+: (not )?ok [0-9]+( - )?/, "", line)
	probe_ran[app]++
	n++; print (($2 == "ok") ? "ok " : "not ok ") n " - " app ": " line
	next
}
/^(escape|open-all|no-seccomp|no-userns|all-caps|host-ns|no-limits|fd-leak|noexec-off): 1\.\.[0-9]+$/ { app = $1; sub(/:$/, "", app); split($2, p, /\.\./); probe_plan[app] = p[2] }
/^init: hog: the OOM killer ended [0-9]+ of its processes/ { hog_oom = 1 }
/^init: hog: killed by signal 9, restart in [0-9]+ ms$/ { hog_restart = 1 }
/^filler: dd: .*\/tmp\/fill.: No space left on device/ { filled = 1 }
# /run and /dev/shm are binds of the same tmpfs: with /tmp full, they are full too.
/^filler: dd: .*\/run\/fill.: No space left on device/ { run_full = 1 }
/^filler: dd: .*\/dev\/shm\/fill.: No space left on device/ { shm_full = 1 }
/^killer: killed everything it could$/ { killer = 1 }
/^init: killer: started as pid/ { killer_started = 1 }
/^swapcap: swapcap ran$/ { swapcap_ran = 1 }
/^init: swapcap: started as pid/ { swapcap_started = 1 }
/^init: swapcap: unable to set up its cgroup: set io.max or memory.swap.max \(cgroup v1 has neither\): / { if (extra ~ /cgroup=v1/) { swapcap_refused = 1; next } }
/^init: killer: not started \(ward.disable on the kernel command line\)$/ { killer_disabled = 1 }
/^init: ward.disable: no app named "bogus": ignored$/ { bogus_logged = 1 }
# Logged while the app runs on (before the poweroff), not when it ends: memory.events is polled.
/^init: survivor: the OOM killer ended 1 of its processes/ { if (off_at == "") oom_live = 1 }
/^survivor: survived its child$/ { survived = 1 }
/^clock: uptime / { clock_uptime = $3 }
/^init: clock: no time namespace in the kernel: offsets not applied$/ { no_timens = 1 }
/^check: poweroff-at / { off_at = $3; action = $4; via = $5 }
raw ~ /^\[ *[0-9.]+\] reboot: (Power down|Restarting system)/ {
	kernel_said = (raw ~ /Power down/) ? "poweroff" : "reboot"
	sub(/^\[ */, "", raw); sub(/\].*/, "", raw); down_at = raw
}
/^flapper: start / { starts[++nstart] = $3 }
# Each run ends with "last <uptime>" and no newline: shown on its own when the run ends.
/^flapper: last [0-9.]+$/ { last_at[++lasts] = $3 }
/last [0-9.]+start/ { joined = 1 }
/^sleeper: hostname sleeper$/ { hostname = 1 }
/^modem: wrote its bound device, 1:3$/ { modem_wrote = 1 }
/^modem: a device bound from outside \/dev is nodev$/ { modem_nodev = 1 }
/^sleeper: inside cgroup 0::\/$/ { cgroup_root = 1 }
/^sleeper: (inside cgroup )?[0-9]+:memory:\/$/ { cgroup_root = 1 } # v1
/^sleeper: got TERM$/ { got_term = 1 }
/^init: sleeper: exited with code 0$/ { term_exit = 1 }
/^init: stubborn: killed by signal 9$/ { stubborn_killed = 1 }
/^forwarded: got TERM$/ { fwd_term = 1 }
/^ctlapp: got USR1$/ { ctl_usr1 = 1 }
/^ctlapp: got TTIN$/ { ctl_ttin = 1 }
/^init: forwarded: exited with code 0$/ { fwd_exit = 1 }
# Supervision. The console is one serial line: the order of the lines of PID 1 is the order of events.
/^init: base: finished \(exited with code 0\)$/ { if (!base_done) base_done = NR }
/^init: ready: started as pid/ { if (!ready_started) ready_started = NR }
/^init: ready: ready$/ { if (!ready_ready) ready_ready = NR }
/^ready: ready at / { if (ready_at == "") ready_at = $4 }
/^init: dependent: started as pid/ { if (!dep_started) dep_started = NR }
/^dependent: started at / { if (dep_at == "") dep_at = $4 }
/^init: slowshot: not finished within 1000 ms: killing it$/ { slow_killed = NR }
/^init: slowshot: killed by signal 9$/ { slow_dead = NR }
/^init: hasty: not finished within 1 ms: killing it$/ { hasty_killed = NR }
/^init: hasty: killed by signal 9$/ { hasty_dead = NR }
/^init: nocpu: unable to set up its cgroup: write "7" to .*cpuset\.cpus: / { nocpu_refused = NR; next }
/^init: nocpu: not started, restart in [0-9]* ms$/ { nocpu_not_started = NR }
/^init: hanger: hung: no heartbeat for 1000 ms$/ { hung = NR }
/^init: hanger: killed by signal 9$/ { hung_dead = NR }
/^init: looper: crash loop: 3 failures within 60000 ms$/ { loops++ }
/^init: looper: failed: left down until started again$/ { looper_failed = NR }
/^init: looper: started as pid/ { looper_starts++ }
/^init: quitter: started as pid/ { quitter_starts++ }
# Whose an exit code is: the setup of quitter fails at its rlimits (nofile above nr_open); looper
# exits 98 and flapper 137 themselves, which are the codes of a setup step and of signal 9.
/^init: quitter: unable to set rlimits: Operation not permitted$/ { quitter_unable = 1; next }
/^init: quitter: exited with code 102 \(sandbox setup failed: set rlimits\)/ { quitter_step = 1 }
/^init: looper: exited with code 98, restart in [0-9]+ ms$/ { looper_own = 1 }
/^init: looper: .*setup failed/ { looper_forged = 1 }
/^init: flapper: exited with code 137, restart in [0-9]+ ms$/ { flapper_own = 1 }
# Signal 9 only: a run under way at the poweroff ends by its SIGTERM (signal 15), rightly.
/^init: flapper: killed by signal 9/ { flapper_forged = 1 }
/^init: quitter: failed: left down until started again$/ { quitter_failed = 1 }
/^init: spare: started as pid/ { if (!spare_started) spare_started = NR }
/^spare: standing in$/ { spare_ran = 1 }
/^boot-ok: hook ran as pid [0-9]+, parent 1, at / { hook_runs++; if (!hook_at) hook_at = NR }
/^init: boot-health hook exited with code 0$/ { hook_exit = 1 }
/^dependent: stopping$/ { dep_stopping = NR }
/^init: dependent: exited with code 0$/ { dep_stopped = NR }
/^init: ready: killed by signal 15$/ { ready_stopped = NR }
/Kernel panic|Attempted to kill init/ { panic = 1 }
/^switch-root: handing over to \/sbin\/init on a tmpfs root$/ { switched = 1 }
/^init: missing: unable to execute the command: No such file or directory$/ { exec_failed = 1; next }
/^init: missing: exited with code 127$/ { exec_code = 1 }
/^init: watchdog \/dev\/watchdog armed: timeout 5 s/ { wd_armed = 1 }
/^init: watchdog: not fed any more/ { wd_starved = 1 }
/watchdog did not stop/ { wd_left_running = 1 }
/^init: reaped pid [0-9]+ \(status 0x[0-9a-f]+\)$/ { debug_lines++ }
/^init: ward.debug=7: ward.debug takes no value: ignored$/ { debug_bad = 1 }
/^init: ward.rescue=banana: ward.rescue takes no value: ignored$/ { rescue_bad = 1 }
/^init: rescue: / { rescue_ran = 1 }
# Logs: noisy writes numbered lines as fast as its 2% of a CPU allows.
/^noisy: start [0-9.]+$/ { noisy_start = $3 }
/^noisy: / { noisy_shown++ }
/^init: noisy: [0-9]+ lines not shown \(rate limit\)$/ { noisy_reports++; noisy_hidden += $3 }
/^noisy: noise [0-9]+$/ { noisy_last = $3 }
/unable to/ { unable = unable " [" $0 "]" }
END {
	check(rc != 124, "QEMU ended by itself, before the timeout")
	if (image ~ /switch-root/)
		check(switched, "ward ran as /sbin/init of a root file system, after switch_root")
	check(plan > 0 && guest == plan, "the guest ran its whole plan (" guest " of " plan ")")
	check(!panic, "no kernel panic: PID 1 never exited")
	check(unable == "", "PID 1 and the sandboxes logged no failure but the expected ones" unable)
	check(exec_failed && exec_code, "a missing command is logged in the one message shape, with code 127")
	check(hostname, "app output reaches the console prefixed with its name; its hostname is its own")
	check(cgroup_root, "inside its cgroup namespace the app sees itself at the root")
	check(nstart >= 5, "the crashing app was started at least 5 times (" nstart ")")
	check(lasts >= 4 && lasts >= nstart - 1 && !joined,
	      "a last line without its newline shows on its own as the run ends (" lasts " of " nstart " runs), not joined to the next run")
	# Each wait, from the last line of a run (just before it exits) to the start of the next, is at
	# least the configured delay, 200 ms doubling (/proc/uptime has 10 ms steps): a start under
	# load may take longer, never shorter, so the bounds prove growth. (From start to start,
	# a late start would make the next wait look short.)
	grows = nstart >= 5 && lasts >= nstart - 1
	for (i = 2; i <= nstart; i++)
		if (starts[i] - last_at[i-1] < min(0.2 * 2 ^ (i - 2), 30) - 0.02) grows = 0 # 30 s: the cap
	check(grows, "its restart delays grow (start times:" (nstart ? "" : " none") \
	      (nstart ? " " starts[1] : "") (nstart > 1 ? " " starts[2] : "") (nstart > 2 ? " " starts[3] : "") \
	      (nstart > 3 ? " " starts[4] : "") (nstart > 4 ? " " starts[5] : "") ")")
	check(got_term && term_exit, "poweroff: SIGTERM reached the app through its reaper, which exited 0")
	split("escape open-all no-seccomp no-userns all-caps host-ns no-limits fd-leak noexec-off", probes, " ")
	for (i = 1; i in probes; i++)
		check(probe_plan[probes[i]] > 0 && probe_ran[probes[i]] == probe_plan[probes[i]],
		      probes[i] " ran its whole plan (" probe_ran[probes[i]] + 0 " of " probe_plan[probes[i]] + 0 ")")
	check(hog_oom, "the OOM kill of the memory hog is logged with its name")
	check(hog_restart, "the memory hog is restarted per its policy (on failure)")
	check(filled, "an app filling its /tmp gets ENOSPC from its tmpfs size")
	check(run_full && shm_full, "/tmp, /run and /dev/shm share that size: once /tmp is full, writes to /run (" \
	      (run_full ? "ENOSPC" : "no ENOSPC") ") and /dev/shm (" (shm_full ? "ENOSPC" : "no ENOSPC") ") fail too")
	check(clock_uptime != "" && (no_timens || clock_uptime > 3600),
	      "the app sees its boottime offset in /proc/uptime (" clock_uptime " s)" \
	      (no_timens ? "; this kernel has no time namespace, logged, and it ran" : ""))
	check(survived && oom_live, "an OOM kill in an app that runs on is logged at once (" \
	      (extra ~ /cgroup=v1/ ? "v1: an eventfd on memory.oom_control" : "memory.events polled") ")")
	if (extra ~ /(^| )ward.debug( |$)/)
		check(debug_lines > 0, "ward.debug: PID 1 logs its debug lines (" debug_lines + 0 " reaped-pid lines)")
	else
		check(debug_lines == 0, "without ward.debug, no debug line (" debug_lines + 0 ")")
	if (extra ~ /ward.debug=7/)
		check(debug_bad, "ward.debug=7: a value is logged and ignored (no debug lines, checked above)")
	if (extra ~ /ward.rescue=banana/)
		check(rescue_bad && !rescue_ran, "ward.rescue=banana: logged and ignored, no rescue shell (the apps ran the plan above)")
	# v1 has no memory.swap.max: the leaf cannot hold the limit, and the app must not run
	# (the leaf is made while the child builds its root, so it is the child that is ended).
	if (extra ~ /cgroup=v1/)
		check(swapcap_refused && !swapcap_ran && !swapcap_started,
		      "v1: an app with memory.swap.max is refused with its reason and never runs its command")
	else
		check(swapcap_ran && swapcap_started, "an app with memory.swap.max runs (its limit is checked in the guest)")
	if (extra ~ /ward.disable=killer,bogus/) {
		check(killer_disabled && !killer_started, "ward.disable=killer: killer is not started, and says why")
		check(bogus_logged, "ward.disable=...,bogus: an unknown name is logged and ignored")
	} else {
		check(killer, "an app ran kill -9 -1 inside its namespace (others checked in the guest)")
	}
	check(modem_wrote, "a device node bound into an app root (/dev/null as its /dev/modem, char 1:3) is usable there")
	check(modem_nodev, "a device bound through a link outside /dev (to /dev/null) is not usable (nodev)")
	check(base_done && ready_started > base_done, "ready, which depends on the oneshot base, started after base finished")
	check(ready_ready && dep_started > ready_ready && dep_at != "" && dep_at + 0 >= ready_at + 0,
	      "dependent started only once ready said it was ready on its fd (" ready_at " s, " dep_at " s)")
	check(slow_killed && slow_dead > slow_killed, "a oneshot past its timeout is killed, and says so")
	check(hasty_killed && hasty_dead > hasty_killed,
	      "a oneshot whose timeout runs out while its sandbox is set up is killed then, and says so")
	check(nocpu_refused && nocpu_not_started > nocpu_refused,
	      "an app whose cpuset.cpus the kernel refuses is not started, and the reason is logged")
	check(hung && hung_dead > hung, "an app silent past its heartbeat is logged as hung and killed")
	check(loops == 2 && looper_starts == 6, "looper: two crash loops of 3 failures each (" loops + 0 ", " looper_starts + 0 " starts)")
	check(looper_failed && spare_started > looper_failed && spare_ran,
	      "the second crash loop takes the next rung of looper: left down, its fallback spare started")
	check(dep_stopping && dep_stopped && ready_stopped > dep_stopped,
	      "at poweroff, dependent (1 s to stop) was stopped before ready, which it depends on")
	check(quitter_failed && quitter_starts == 2, "quitter: its crash loop (2 failures) takes the rung stop: failed, left down (" quitter_starts + 0 " starts)")
	check(quitter_unable && quitter_step, "a failed setup step is logged, and named in how the sandbox ended (quitter: set rlimits, code 102)")
	check(looper_own && !looper_forged, "an app that exits 98 itself is not logged as a failed setup step (looper)")
	check(flapper_own && !flapper_forged, "an app that exits 137 itself is not logged as killed by signal 9 (flapper)")
	check(hook_runs == 1 && hook_at > ready_ready && hook_exit,
	      "the boot-health hook ran once, as a child of PID 1, after the critical app was ready (" hook_runs + 0 " runs)")
	# From the start of noisy to the power-down PID 1 may show burst + rate * time of its
	# lines: at least the burst, at most that, whatever the app writes.
	noisy_time = down_at - noisy_start
	noisy_max = log_burst + log_rate * noisy_time + 1
	check(noisy_start != "" && down_at != "" && noisy_shown >= log_burst && noisy_shown <= noisy_max,
	      "a noisy app shows " noisy_shown + 0 " lines in " noisy_time " s: within its burst " \
	      log_burst " + " log_rate "/s (at most " int(noisy_max) "), of at least " noisy_last + 1 " it wrote")
	check(noisy_reports > 0 && noisy_reports <= noisy_time / 5 + 1,
	      "the lines it could not show are counted, at most every 5 s (" noisy_reports + 0 \
	      " messages, " noisy_hidden + 0 " lines)")
	check(fwd_term && fwd_exit, "the app got the SIGTERM sent to its reaper and exited 0")
	check(ctl_usr1, "wardctl kill -s USR1 ctlapp: the app got SIGUSR1 (through its reaper)")
	check(ctl_ttin, "wardctl kill -s TTIN ctlapp: the app got SIGTTIN (the reaper forwards every signal)")
	check(stubborn_killed, "poweroff: the app that ignores SIGTERM was killed with SIGKILL")
	check(action != "" && kernel_said == action, via " " action " made the kernel " kernel_said)
	check(wd_armed && !wd_starved, "PID 1 armed the watchdog (5 s) and fed it to the end")
	check(!wd_left_running, "the orderly " action " stopped the watchdog (magic close: the kernel did not say \"did not stop\")")
	dt = down_at - off_at
	check(off_at != "" && down_at != "" && dt >= grace_ms / 1000, \
	      "poweroff waited the grace period for the stubborn app (" dt " s)")
	check(off_at != "" && down_at != "" && dt <= grace_ms / 1000 + 2, \
	      "poweroff finished within the grace period + 2 s (" dt " s)")
	if (data_disk != "") {
		check(data_mounted, "switch-root.sh mounted the data disk at /data disk, after 48 other mounts, before ward started")
		check(data_state == "clean", "at poweroff PID 1 left the disk mounted before it cleanly unmounted (ext2 state: " data_state ")")
	}
	print "1.." n
}'
