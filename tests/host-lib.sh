# host-lib.sh: shared by the host tests. signalled INIT SIG: runs INIT --test in fresh pid and
# mount namespaces (so nothing it does reaches this machine: tmpfs on /sys/fs/cgroup, and on
# /var/lib, where WARD_DATA_DIR has the test image's apps' data directories), sends it SIG
# after it started, and prints what it wrote and "exit status N".
signalled() {
	unshare -fpm --mount-proc sh -c '
		mount -t tmpfs none /sys/fs/cgroup
		mount -t tmpfs none /var/lib
		"$1" --test 2>&1 & pid=$!
		sleep 0.5
		kill -"$2" $pid
		wait $pid; echo "exit status $?"' sh "$1" "$2" 2>&1
}

# cgroup_cleanup: removes what init --test made in this machine's cgroup2 tree, which the tests
# that need real leaves for their apps mount in their namespace (it is the machine's own):
# ward/ and its leaves, once the processes in them are gone (within 5 s).
cgroup_cleanup() {
	unshare -m sh -c 'mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null || exit 0
		for i in $(seq 1 50); do
			[ -d /sys/fs/cgroup/ward ] || exit 0
			for d in /sys/fs/cgroup/ward/*/ /sys/fs/cgroup/ward/; do
				rmdir "$d" 2>/dev/null
			done
			sleep 0.1
		done
		echo "# left in the cgroup2 tree: $(ls /sys/fs/cgroup/ward)"'
}
