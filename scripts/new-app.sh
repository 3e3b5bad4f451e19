#!/bin/sh
# new-app.sh: writes the Kconfig fragment of one app, ready for `make menuconfig`.
# usage: scripts/new-app.sh TREE NAME COMMAND [default-y|default-n]
#   TREE is board/common or an EXTERNAL directory; the fragment goes to TREE/apps/NAME/Kconfig.
#   Every field can then be changed in menuconfig (Apps -> NAME) or in the fragment itself.
set -eu
[ $# -ge 3 ] || { sed -n '3,5p' "$0" | sed 's/^# *//' >&2; exit 2; }
tree=$1 name=$2 cmd=$3 enabled=${4:-default-y}
case $name in
*[!a-z0-9_-]* | [!a-z0-9]*) echo "new-app: '$name': use [a-z0-9][a-z0-9_-]*" >&2; exit 2 ;;
esac
id=$(printf '%s' "$name" | tr 'a-z-' 'A-Z_')
dir=$tree/apps/$name
[ ! -e "$dir/Kconfig" ] || { echo "new-app: $dir/Kconfig exists" >&2; exit 1; }
mkdir -p "$dir"
# Kconfig strings take \" and \\ escapes.
kcmd=$(printf '%s' "$cmd" | sed 's/\\/\\\\/g; s/"/\\"/g')
cat > "$dir/Kconfig" <<EOT
config APP_$id
	bool "$name"
	${enabled%%-*} ${enabled#*-}

if APP_$id

config APP_${id}_NAME
	string "Name (log prefix, cgroup)"
	default "$name"

config APP_${id}_CMD
	string "Command line (absolute path first; shell-like quoting)"
	default "$kcmd"

config APP_${id}_ENV
	string "Environment (NAME=value words)"
	default ""

config APP_${id}_HOSTNAME
	string "Hostname in its UTS namespace (empty: its name)"
	default ""

config APP_${id}_NAMESPACES
	string "Namespaces (pid mnt uts ipc net cgroup user time)"
	default "pid mnt uts ipc net cgroup user"

config APP_${id}_NET
	string "Network in its net namespace (none, loopback or veth)"
	default "loopback"
	help
	  none: no interface up, not even lo. loopback: lo up. veth: lo, and eth0 with
	  APP_${id}_VETH_ADDR, one end of a veth pair whose other end PID 1 keeps in the
	  system's namespace (ward-<name>) with APP_${id}_VETH_HOST_ADDR; the kernel needs
	  veth (built in, or a module in WARD_MODULES). none and veth need "net" in
	  APP_${id}_NAMESPACES.

config APP_${id}_VETH_ADDR
	string "Address of its eth0 (a.b.c.d/n, e.g. 10.0.2.2/24)"
	depends on APP_${id}_NET = "veth"
	default ""

config APP_${id}_VETH_HOST_ADDR
	string "Address of the system's end (a.b.c.d/n in the same subnet, e.g. 10.0.2.1/24)"
	depends on APP_${id}_NET = "veth"
	default ""

choice
	prompt "Restart policy"
	default APP_${id}_RESTART_ALWAYS

config APP_${id}_RESTART_ALWAYS
	bool "always"

config APP_${id}_RESTART_ON_FAILURE
	bool "on failure"

config APP_${id}_RESTART_NEVER
	bool "never"

endchoice

config APP_${id}_MEMORY_MAX
	int "memory.max in KiB (0: no limit; else 1024 or more)"
	range 0 4294967296
	default 0

config APP_${id}_PIDS_MAX
	int "pids.max (0: no limit; 2 or more with a pid namespace)"
	range 0 4194304
	default 0

config APP_${id}_CPU_MAX
	int "cpu.max in percent of one CPU (0: no limit)"
	range 0 100000
	default 0

config APP_${id}_SECCOMP
	bool "Seccomp filter (deny mount, modules, ptrace, user namespaces...)"
	default y
	help
	  Denied calls fail with EPERM (clone3: ENOSYS; socket and socketpair of a family
	  not allowed: EAFNOSUPPORT) and the app runs on; calls newer than ward's list fail
	  with ENOSYS; a call of another architecture's (or x32's) kills the app. The
	  default deny list is in scripts/wardgen/seccomp.c.

config APP_${id}_SECCOMP_ALLOW
	string "System calls taken off the default deny list"
	depends on APP_${id}_SECCOMP
	default ""

config APP_${id}_SECCOMP_DENY
	string "System calls denied as well (EPERM)"
	depends on APP_${id}_SECCOMP
	default ""

config APP_${id}_ROOT
	bool "A root file system of its own (pivot_root into a tmpfs of binds)"
	default y
	help
	  The app sees only what APP_${id}_BINDS and APP_${id}_DATA name, a minimal /dev,
	  its own /proc, a read-only /sys, and writable /tmp, /run and /dev/shm. Needs the
	  pid and mnt namespaces.

config APP_${id}_BINDS
	string "Bind mounts into its root (SRC[?][:DST][:rw|:ro])"
	depends on APP_${id}_ROOT
	default "/bin /sbin? /usr? /lib? /etc?"
	help
	  Read-only unless :rw. A trailing ? on SRC: skipped when SRC does not exist.

config APP_${id}_DATA
	string "Persistent data directories (NAME:DST)"
	depends on APP_${id}_ROOT
	default ""
	help
	  NAME:DST binds WARD_DATA_DIR/<app>/NAME, created when missing and owned by the
	  app, read-write at DST.

config APP_${id}_TMPFS_SIZE
	int "Size of its /tmp, /run and /dev/shm together, in KiB"
	depends on APP_${id}_ROOT
	range 64 4194304
	default 16384

config APP_${id}_MASK_PROC
	bool "Mask /proc and /sys like the OCI defaults"
	depends on APP_${id}_ROOT
	default y

config APP_${id}_NOEXEC
	bool "Writable places noexec (/tmp, /run, /dev/shm, data, :rw binds)"
	depends on APP_${id}_ROOT
	default y
	help
	  Nothing written there can be executed (EACCES) or mapped executable: a program
	  the app, or whoever took it over, drops there does not run. A script handed to
	  an interpreter still does. The app's programs come from its read-only binds;
	  say n for one that runs what it writes.

config APP_${id}_UID
	int "User id it runs as (inside its user namespace)"
	range 0 65535
	default 0

config APP_${id}_GID
	int "Group id it runs as"
	range 0 65535
	default 0

config APP_${id}_MAP_UID
	int "Host uid of its root, with the user namespace (0: a range of its own)"
	range 0 4000000000
	default 0

config APP_${id}_MAP_GID
	int "Host gid of its root group (0: as MAP_UID)"
	range 0 4000000000
	default 0

config APP_${id}_CAPS
	string "Capabilities it keeps (e.g. net_bind_service; all: no dropping)"
	default ""

config APP_${id}_NO_NEW_PRIVS
	bool "no_new_privs (setuid binaries and file caps give nothing)"
	default y

config APP_${id}_RLIMITS
	string "rlimits (NAME=SOFT[:HARD]: nofile, nproc, core, stack, ...)"
	default "core=0"

config APP_${id}_TIME_OFFSETS
	string "Clock offsets in its time namespace (monotonic=S boottime=S)"
	default ""

config APP_${id}_MEMORY_HIGH
	int "memory.high in KiB (0: none; else 1024 or more)"
	range 0 4294967296
	default 0

config APP_${id}_SWAP_MAX
	int "memory.swap.max in KiB (0: no limit)"
	range 0 4294967296
	default 0

config APP_${id}_CPU_WEIGHT
	int "cpu.weight (1-10000; 0: the default, 100)"
	range 0 10000
	default 0

config APP_${id}_CPUSET
	string "cpuset.cpus (e.g. 0-1; empty: all)"
	default ""

config APP_${id}_IO_WEIGHT
	int "io.weight (1-10000; 0: the default, 100)"
	range 0 10000
	default 0

config APP_${id}_IO_MAX
	string "One io.max line (e.g. 254:0 wbps=1048576)"
	default ""

config APP_${id}_CRITICAL
	bool "Critical: the board is of no use without it"
	default n
	help
	  The hardware watchdog is fed only while no critical app is hung, failed, killed
	  for its time yet still there, or waiting for a dependency left down. A critical
	  app that its crash ladder leaves down, or that fails under a restart policy that
	  does not restart it, reboots the board (within the reboot throttle). The
	  boot-health hook waits for every critical app to be ready. Its crash ladder's stop
	  and fallback rungs reboot as well (the build refuses a fallback rung); set
	  APP_${id}_CRASH_LADDER after turning this on (its default follows CRITICAL only
	  until the .config is saved).

config APP_${id}_AUTOSTART
	bool "Start at boot (else only on demand: a fallback, wardctl start)"
	default y
	help
	  An app started at boot waits for what it depends on (APP_${id}_DEPENDS) but does
	  not start it: an app it depends on needs this too. A start on demand (wardctl
	  start, a fallback) brings up what the app depends on first.

config APP_${id}_ONESHOT
	bool "Oneshot: runs once to completion (ready when it exits 0)"
	default n

config APP_${id}_DEPENDS
	string "Depends on (names of apps that must be ready first)"
	default ""

config APP_${id}_NOTIFY_FD
	int "Readiness fd (0: ready when started; else 3-255, it writes a newline there)"
	range 0 255
	default 0

config APP_${id}_HEARTBEAT_MS
	int "Heartbeat (ms): longest silence on the readiness fd once ready (0: none; else 100+)"
	range 0 86400000
	default 0

config APP_${id}_TIMEOUT_MS
	int "Time to become ready, or for a oneshot to finish (ms; 0: no limit)"
	range 0 86400000
	default 0
	help
	  Needs APP_${id}_NOTIFY_FD or APP_${id}_ONESHOT: without either the app is ready
	  as it starts, and there is nothing to wait for.

config APP_${id}_CRASH_LIMIT
	int "Failures within the crash window that make a crash loop (0: never)"
	range 0 1000
	default 5

config APP_${id}_CRASH_WINDOW_MS
	int "Crash window (ms)"
	range 1 86400000
	default 60000

config APP_${id}_CRASH_LADDER
	string "What each crash loop does in turn (retry stop fallback reboot)"
	default "retry reboot" if APP_${id}_CRITICAL
	default "retry"
	help
	  One rung per crash loop, the last one stays: retry (go on restarting, with
	  backoff), stop (leave it down, marked failed), fallback (leave it down and start
	  APP_${id}_FALLBACK), reboot (reboot the board, within the reboot throttle).
	  A run longer than APP_${id}_CRASH_WINDOW_MS starts the ladder over: the next crash
	  loop takes the first rung again.

config APP_${id}_FALLBACK
	string "Fallback app (name) for the rung fallback"
	default ""

endif
EOT
echo "new-app: wrote $dir/Kconfig"
