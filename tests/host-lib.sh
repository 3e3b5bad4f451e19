# host-lib.sh: shared by the host tests. signalled INIT SIG: runs INIT --test in fresh pid and
# mount namespaces (so nothing it does reaches this machine), sends it SIG after it started,
# and prints what it wrote and "exit status N".
signalled() {
	unshare -fpm --mount-proc sh -c '
		mount -t tmpfs none /sys/fs/cgroup
		"$1" --test 2>&1 & pid=$!
		sleep 0.5
		kill -"$2" $pid
		wait $pid; echo "exit status $?"' sh "$1" "$2" 2>&1
}
