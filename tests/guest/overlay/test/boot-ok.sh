#!/bin/sh
# The boot-health hook of the test image (CONFIG_WARD_BOOT_OK_HOOK): says that it ran, with
# what the kernel says about it, once per boot.
echo "boot-ok: hook ran as pid $$, parent $(awk '/^PPid:/ {print $2}' /proc/$$/status), at $(cut -d' ' -f1 /proc/uptime)"
