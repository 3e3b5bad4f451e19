#!/bin/sh
# oci-bundle.sh DIR BUSYBOX: a minimal OCI bundle for `crun run`: a static BusyBox root whose
# /bin/true the container runs, in the namespaces the other spawners get (pid mnt uts ipc net
# user cgroup, fresh /proc). config.json comes from `crun spec`, then adjusted.
set -eu
dir=$1 busybox=$2
rm -rf "$dir" && mkdir -p "$dir/rootfs/bin" "$dir/rootfs/proc" "$dir/rootfs/dev" "$dir/rootfs/sys"
cp "$busybox" "$dir/rootfs/bin/busybox"
ln -s busybox "$dir/rootfs/bin/true"
(cd "$dir" && crun spec)
python3 - "$dir/config.json" <<'PY'
import json, sys
path = sys.argv[1]
c = json.load(open(path))
c["process"]["args"] = ["/bin/true"]
c["process"]["terminal"] = False
ns = c["linux"]["namespaces"]
for t in ("user", "cgroup"):
    if not any(n["type"] == t for n in ns):
        ns.append({"type": t})
# The same shape of id map as ward's: 65536 ids of the container's own.
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 65536}]
c["root"] = {"path": "rootfs", "readonly": True}
c["process"]["rlimits"] = [{"type": "RLIMIT_CORE", "hard": 0, "soft": 0}]
# Its device rule is an eBPF program on cgroup v2 that a user namespace may not load; the
# limits ward's app gets (cgroup v1 here) are not comparable to crun's anyway.
c["linux"].pop("resources", None)
json.dump(c, open(path, "w"), indent=1)
PY
