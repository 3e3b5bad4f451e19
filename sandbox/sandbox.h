/* sandbox.h: one app spec (a row of the generated table) and the call that turns it into
 * one confined, running process. sandbox/ knows nothing of init/. */
#ifndef WARD_SANDBOX_H
#define WARD_SANDBOX_H

#include <stdint.h>
#include <sys/types.h>

/* The PATH of a process PID 1 starts without one of its own: an app with no PATH= in its
 * environment (wardgen's PATH_DEFAULT, the same string: test_wardgen compares them), the
 * boot-health hook, `wardctl enter`. */
#define SB_PATH_DEFAULT "PATH=/usr/sbin:/usr/bin:/sbin:/bin"

/* Resource limits applied to the app's cgroup v2 leaf; 0 means "no limit" ("max"). */
struct sb_limits {
	unsigned long long memory_max;  /* bytes */
	unsigned long long memory_high; /* bytes: throttled above this */
	unsigned long long swap_max;    /* bytes */
	unsigned long pids_max;         /* tasks */
	unsigned int cpu_max_percent;   /* percent of one CPU */
	unsigned int cpu_weight;        /* 1..10000 (0: the default, 100) */
	unsigned int io_weight;         /* 1..10000 (0: the default, 100) */
	const char *cpuset_cpus;        /* cpuset.cpus, e.g. "0-1" (NULL: all) */
	const char *io_max;             /* one io.max line, e.g. "254:0 wbps=1048576" */
};

/* Protections an app spec can switch on (each has a Kconfig entry, and the escape tests run
 * each one switched off as a negative control). */
enum sb_flag {
	SB_NEW_ROOT = 1 << 0,     /* own tmpfs root of binds, minimal /dev, pivot_root */
	SB_MASK_PROC = 1 << 1,    /* OCI masked and read-only /proc and /sys paths */
	SB_DROP_CAPS = 1 << 2,    /* keep only `caps`; lock securebits */
	SB_NO_NEW_PRIVS = 1 << 3, /* no privileges gained through execve */
	SB_NOEXEC = 1 << 4,       /* with SB_NEW_ROOT: every writable place (SB_BIND_RW) noexec */
};

enum sb_bind_flag {
	SB_BIND_RW = 1 << 0,       /* writable (default: read-only) */
	SB_BIND_OPTIONAL = 1 << 1, /* skipped when the source does not exist */
	SB_BIND_DEVICE = 1 << 2,   /* device nodes usable: sources in /dev, and the minimal /dev */
	SB_BIND_CREATE = 1 << 3,   /* a persistent data directory: created when missing */
};

struct sb_bind {
	const char *src; /* path on the system */
	const char *dst; /* path in the app's root */
	unsigned int flags;
};

struct sb_rlimit {
	int resource; /* RLIMIT_* */
	unsigned long long soft, hard;
};

/* One classic BPF instruction, laid out as the kernel's struct sock_filter. */
struct sb_bpf {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};

/* What an app's own net namespace gets (without CLONE_NEWNET it shares the system's). */
enum sb_net {
	SB_NET_LOOPBACK = 0, /* lo up (the default) */
	SB_NET_NONE,         /* no interface up, not even lo */
	SB_NET_VETH,         /* lo, and eth0: one end of a veth pair whose other end PID 1 keeps */
};

struct sb_spec {
	const char *name;              /* [a-z0-9][a-z0-9_-]{0,30}: also the cgroup leaf */
	const char *const *argv;       /* argv[0] is the absolute path executed */
	const char *const *envp;
	const char *hostname;          /* set in the app's UTS namespace */
	unsigned long namespaces;      /* CLONE_NEW* flags */
	struct sb_limits limits;
	const struct sb_bpf *seccomp;  /* generated at build time; NULL: no filter */
	uint64_t caps;                 /* kept under SB_DROP_CAPS; bit N is capability N */
	const struct sb_bind *binds;   /* with SB_NEW_ROOT: what the root is made of */
	const struct sb_rlimit *rlimits;
	long long monotonic_offset;    /* seconds, with CLONE_NEWTIME */
	long long boottime_offset;
	const char *veth_name;         /* SB_NET_VETH: the system's end (<= 15 bytes); the app's: eth0 */
	unsigned int flags;            /* enum sb_flag */
	uid_t uid;                     /* the app runs as these (inside its user namespace) */
	gid_t gid;
	unsigned int map_uid;          /* with CLONE_NEWUSER: ids 0.. inside are map_uid.. */
	unsigned int map_gid;          /* and map_gid.. outside, map_count of them */
	unsigned int map_count;
	unsigned int tmpfs_kib;        /* the root tmpfs: /tmp, /run, /dev/shm under SB_NEW_ROOT */
	enum sb_net net;               /* with CLONE_NEWNET */
	uint32_t veth_addr;            /* IPv4 of the app's end, host byte order */
	uint32_t veth_host_addr;       /* IPv4 of the system's end */
	/* The narrow members last, with no padding between them: app_table has a row per app. */
	unsigned short seccomp_len;    /* instructions at seccomp */
	unsigned short nbinds;         /* entries at binds */
	unsigned short nrlimits;       /* entries at rlimits */
	uint8_t veth_prefix, veth_host_prefix;
	uint8_t notify_fd;             /* >2: the fd on which the app says it is ready; 0: none */
};

/* Exit codes of the sandbox child when a setup step fails before execve (fail closed).
 * The child also logs "init: <app>: unable to <step>: <reason>" (console and /dev/kmsg). */
enum sb_exit {
	SB_EXIT_FIRST = 90,
	SB_EXIT_MOUNT_PRIVATE = 90, /* make the mount tree private */
	SB_EXIT_MOUNT_PROC = 91,    /* mount a fresh /proc */
	SB_EXIT_HOSTNAME = 92,      /* set the hostname */
	SB_EXIT_LOOPBACK = 93,      /* bring up lo */
	SB_EXIT_FORK_APP = 94,      /* fork the app under the reaper */
	SB_EXIT_STDIO = 95,         /* wire stdin/stdout/stderr */
	SB_EXIT_SIGNALS = 96,       /* reset signal mask and dispositions */
	SB_EXIT_SESSION = 97,       /* setsid, chdir */
	SB_EXIT_SECCOMP = 98,       /* install the seccomp filter */
	SB_EXIT_USERNS = 99,        /* wait for the parent: id maps, veth pair */
	SB_EXIT_ROOT = 100,         /* build the app's own root and pivot into it */
	SB_EXIT_TIMENS = 101,       /* enter a time namespace with the configured offsets */
	SB_EXIT_RLIMITS = 102,      /* set rlimits */
	SB_EXIT_IDENTITY = 103,     /* switch uid/gid, drop capabilities, lock securebits */
	SB_EXIT_NO_NEW_PRIVS = 104, /* set no_new_privs */
	SB_EXIT_VETH = 105,         /* address eth0 and bring it up */
	SB_EXIT_ENTER = 106,        /* wardctl enter: join the running app's namespaces */
	SB_EXIT_CGROUP = 107,       /* v1: join the app's cgroup leaves */
	SB_EXIT_NETNS = 108,        /* join the net namespace its parent's helper made */
	SB_EXIT_LAST = 108,
	SB_EXIT_EXEC = 126,         /* execve failed (not found: 127) */
	SB_EXIT_NOT_FOUND = 127,
	SB_EXIT_SIGNAL_BASE = 128,  /* the reaper reports an app killed by signal N as 128+N */
};

#endif
