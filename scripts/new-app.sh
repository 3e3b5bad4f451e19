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
	string "Namespaces (pid mnt uts ipc net cgroup)"
	default "pid mnt uts ipc net cgroup"

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
	int "memory.max in KiB (0: no limit)"
	range 0 4294967296
	default 0

config APP_${id}_PIDS_MAX
	int "pids.max (0: no limit)"
	range 0 4194304
	default 0

config APP_${id}_CPU_MAX
	int "cpu.max in percent of one CPU (0: no limit)"
	range 0 100000
	default 0

endif
EOT
echo "new-app: wrote $dir/Kconfig"
