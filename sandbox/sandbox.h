/* sandbox.h: one app spec (a row of the generated table) and the call that turns it into
 * one confined, running process. sandbox/ knows nothing of init/. */
#ifndef WARD_SANDBOX_H
#define WARD_SANDBOX_H

#include <stdint.h>
#include <sys/types.h>

/* Resource limits applied to the app's cgroup v2 leaf; 0 means "no limit" ("max"). */
struct sb_limits {
	unsigned long long memory_max; /* bytes */
	unsigned long pids_max;        /* tasks */
	unsigned int cpu_max_percent;  /* percent of one CPU */
};

/* One classic BPF instruction, laid out as the kernel's struct sock_filter. */
struct sb_bpf {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};

struct sb_spec {
	const char *name;              /* [a-z0-9][a-z0-9_-]{0,30}: also the cgroup leaf */
	const char *const *argv;       /* argv[0] is the absolute path executed */
	const char *const *envp;
	const char *hostname;          /* set in the app's UTS namespace */
	unsigned long namespaces;      /* CLONE_NEW* flags */
	struct sb_limits limits;
	const struct sb_bpf *seccomp;  /* generated at build time; NULL: no filter */
	unsigned short seccomp_len;
};

/* Exit codes of the sandbox child when a setup step fails before execve (fail closed).
 * The child also prints "init: <app>: unable to <step>: <reason>" to its stderr. */
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
	SB_EXIT_LAST = 97,
	SB_EXIT_EXEC = 126,         /* execve failed (not found: 127) */
	SB_EXIT_NOT_FOUND = 127,
	SB_EXIT_SIGNAL_BASE = 128,  /* the reaper reports an app killed by signal N as 128+N */
};

#endif
