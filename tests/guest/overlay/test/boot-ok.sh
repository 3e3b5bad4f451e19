#!/bin/sh
# The boot-health hook of the test image (CONFIG_WARD_BOOT_OK_HOOK): says that it ran, with
# what the kernel says about it, once per boot.
echo "boot-ok: hook ran as pid $$, parent $(awk '/^PPid:/ {print $2}' /proc/$$/status), at $(cut -d' ' -f1 /proc/uptime)"
# With hook.others (tests/boot/scenario.sh others): two processes outside the apps, left to
# PID 1 when the hook ends, for the shutdown to stop. One ends at once on SIGTERM (its end
# wakes PID 1); the other takes 0.2 s over it and says when it is done.
if grep -qw hook.others /proc/cmdline; then
	sh -c 'exec sleep 1000' &
	sh -c 'trap "sleep 0.2; echo others: stopped in time; exit 0" TERM; while :; do sleep 1; done' &
fi
