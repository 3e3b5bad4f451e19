/* seccomp.c: the default deny list of an app's seccomp filter, and the APP_<id>_SECCOMP,
 * _SECCOMP_ALLOW and _SECCOMP_DENY fields that switch it off, shorten or lengthen it. */
#include <string.h>

#include "wardgen.h"

/* Denied with EPERM: the app sees an ordinary failure and keeps running. */
#define DENY(name) { name, "EPERM", NULL, 0, 0, { NULL }, 0, NULL }

/* Calls that reach past the app's namespaces and cgroup: the mount tree, the kernel itself,
 * other processes' memory, keyrings, clocks, other namespaces, the console. */
const struct sc_rule sc_rules[SC_RULES] = {
	DENY("mount"), DENY("umount"), DENY("umount2"), DENY("pivot_root"), DENY("chroot"),
	DENY("move_mount"), DENY("open_tree"), DENY("fsopen"), DENY("fsmount"), DENY("fsconfig"),
	DENY("fspick"), DENY("mount_setattr"),
	DENY("kexec_load"), DENY("kexec_file_load"), DENY("init_module"), DENY("finit_module"),
	DENY("delete_module"), DENY("reboot"), DENY("swapon"), DENY("swapoff"), DENY("acct"),
	DENY("bpf"), DENY("perf_event_open"), DENY("userfaultfd"),
	/* io_uring: a second system call interface that this filter would not see into. */
	DENY("io_uring_setup"), DENY("io_uring_enter"), DENY("io_uring_register"),
	DENY("keyctl"), DENY("add_key"), DENY("request_key"),
	DENY("open_by_handle_at"), DENY("name_to_handle_at"),
	DENY("ptrace"), DENY("process_vm_readv"), DENY("process_vm_writev"),
	/* Also reaching into another process, checked by the kernel as ptrace is: its fds, its
	 * memory's advice, comparing its kernel objects. */
	DENY("pidfd_getfd"), DENY("process_madvise"), DENY("kcmp"),
	DENY("iopl"), DENY("ioperm"),
	/* x86_64's descriptor tables per process: old ABIs only, and a history of kernel bugs. */
	DENY("modify_ldt"),
	/* 32-bit ARM has each clock setter twice: the 32-bit time_t one under a _time32 or 32
	 * name (found missing by the escape probe on armhf). */
	DENY("settimeofday"), DENY("settimeofday_time32"), DENY("clock_settime"),
	DENY("clock_settime32"), DENY("clock_settime64"), DENY("clock_adjtime"),
	DENY("clock_adjtime64"), DENY("adjtimex"), DENY("stime"),
	DENY("setns"), DENY("lookup_dcookie"), DENY("quotactl"), DENY("nfsservctl"), DENY("syslog"),
	DENY("vhangup"), DENY("uselib"),
	/* Only PER_LINUX and the query: other personalities change how the kernel maps memory. */
	{ "personality", "EPERM", "SB_JEQ", 0, 0, { "0 /* PER_LINUX */", "0xffffffffU /* query */" },
	  0, NULL },
	/* A user namespace would hand the app every capability over its own new namespaces. */
	{ "unshare", "EPERM", "SB_JSET", 0, 1, { "CLONE_NEWUSER", NULL }, 0, NULL },
	{ "clone", "EPERM", "SB_JSET", 0, 1, { "CLONE_NEWUSER", NULL }, 0, NULL },
	/* Its flags sit in memory, out of a filter's reach: ENOSYS makes libcs fall back to clone. */
	{ "clone3", "ENOSYS", NULL, 0, 0, { NULL }, 0, NULL },
	/* Local, IP and netlink sockets. Any other family is a door the app's net namespace
	 * does not close (AF_VSOCK reaches the hypervisor, and other apps through
	 * vsock_loopback), or one the kernel opens by loading its module on demand (AF_RDS,
	 * AF_TIPC, AF_X25...: rarely used code, more than one of them exploited). Protocols
	 * of these four families load on demand too (SCTP, netlink's xfrm): WARD_MODULES_LOCK. */
	{ "socket", "EAFNOSUPPORT", "SB_JEQ", 0, 0,
	  { "1 /* AF_UNIX */", "2 /* AF_INET */", "10 /* AF_INET6 */", "16 /* AF_NETLINK */" }, 0,
	  NULL },
	{ "socketpair", "EAFNOSUPPORT", "SB_JEQ", 0, 0, { "1 /* AF_UNIX */" }, 0, NULL },
	/* A socket that lingers makes its last close wait, up to its linger time, for unsent
	 * data to go: in whichever process does that close. On Linux before 6.8, the collector
	 * of unix sockets that only hold each other runs in the process that next closes any
	 * unix socket, often PID 1, and does the last close of the files they held: a lingering
	 * socket of the app's among them would hold PID 1 up. (Debian's 6.1 has the 6.8 change,
	 * a collector on a workqueue: 6.1.176 and 6.1.192 do; vendor kernels may not.) */
	{ "setsockopt", "EPERM", "SB_JEQ", 2, 1, { "13 /* SO_LINGER */" }, 1, "1 /* SOL_SOCKET */" },
	/* TIOCSTI and TIOCLINUX push input into a terminal that someone else reads. */
	{ "ioctl", "EPERM", "SB_JEQ", 1, 1, { "0x5412 /* TIOCSTI */", "0x541c /* TIOCLINUX */" }, 0,
	  NULL },
};

int syscall_find(const char *s, size_t n)
{
	size_t lo = 0, hi = SYSCALL_NAMES;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strncmp(syscall_names[mid], s, n);

		if (cmp == 0 && syscall_names[mid][n])
			cmp = 1; /* s is a prefix of it */
		if (cmp == 0)
			return (int)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int rule_find(const char *s, size_t n)
{
	int r;

	for (r = 0; r < SC_RULES; r++)
		if (strlen(sc_rules[r].name) == n && !memcmp(sc_rules[r].name, s, n))
			return r;
	return -1;
}

int sc_allowed(const struct app *a, const char *name)
{
	int r = rule_find(name, strlen(name));

	return r >= 0 && a->sc_rule[r] == SC_ALLOWED;
}

/* What the sandbox itself calls once the filter is in: the app's execve, and its reaper's
 * loop (sandbox/reaper.c). Denied, the app never starts, or ends and is never reaped (PID 1
 * sees it up for ever), or its reaper spins, keeps PID 1's fds it was forked with (its
 * close_range), or cannot tell how the app ended (its write). */
static const char *const needed[] = { "execve", "exit", "exit_group", "wait4", "waitid",
				       "rt_sigtimedwait", "rt_sigprocmask", "kill", "setsid",
				       "chdir", "close_range", "write" };

/* With a pid (or time) namespace the reaper, confined already, clones the app. */
static int is_needed(const char *s, size_t n, unsigned int ns)
{
	const unsigned int pid = 1u << 0, time = 1u << 7; /* ns_kinds */

	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (strlen(needed[i]) == n && !strncmp(needed[i], s, n))
			return 1;
	return (ns & (pid | time)) && n == 5 && !strncmp(s, "clone", 5);
}

/* Marks the names of APP_<id>_SECCOMP_ALLOW (deny 0) or _DENY (deny 1) in a. */
static void names(const struct cfg *c, struct app *a, int deny, struct diag *d)
{
	const struct cfg_ent *e = cfg_find_app(c, a->id, deny ? "SECCOMP_DENY" : "SECCOMP_ALLOW");
	const char *s = e && e->kind == CFG_STRING ? e->str : NULL;

	if (e && e->kind != CFG_STRING && e->kind != CFG_BAD)
		diag_sym(d, e->sym, e->raw, "is not a quoted string");
	while (s && *(s += strspn(s, " \t"))) {
		size_t n = strcspn(s, " \t");
		int k = syscall_find(s, n), r = rule_find(s, n);

		if (k < 0)
			diag_sym(d, e->sym, e->raw, "unknown system call '%.*s'", (int)n, s);
		else if (deny && is_needed(s, n, a->ns))
			diag_sym(d, e->sym, e->raw, "'%.*s' is what the sandbox itself calls after "
				 "the filter (the app's execve, setsid and chdir, its reaper's clone "
				 "of it, wait, close_range and write): denied, the app would not "
				 "start, or not be reaped", (int)n, s);
		else if (!deny && r < 0)
			diag_sym(d, e->sym, e->raw,
				 "'%.*s' is not on the default deny list (allowing it does nothing)",
				 (int)n, s);
		else if (!deny)
			a->sc_rule[r] = SC_ALLOWED;
		else if (r >= 0 && a->sc_rule[r] == SC_ALLOWED)
			diag_sym(d, e->sym, e->raw, "'%.*s' is also in CONFIG_APP_%s_SECCOMP_ALLOW",
				 (int)n, s, a->id);
		else if (r >= 0)
			a->sc_rule[r] = SC_DENIED;
		else
			a->sc_deny[k] = 1;
		s += n;
	}
}

void app_seccomp(const struct cfg *c, struct app *a, struct diag *d)
{
	const struct cfg_ent *e = cfg_find_app(c, a->id, "SECCOMP");

	/* A fragment written before the filter existed has no SECCOMP: it gets the filter. */
	a->seccomp = !e || e->kind == CFG_Y;
	if (e && e->kind != CFG_Y && e->kind != CFG_UNSET && e->kind != CFG_BAD)
		diag_sym(d, e->sym, e->raw, "is not y or n");
	names(c, a, 0, d);
	names(c, a, 1, d);
	/* clone3's flags sit in memory: allowed, it makes a user namespace past the rules of
	 * clone and unshare. Only with those allowed too does it open nothing new. */
	if (sc_allowed(a, "clone3") && (!sc_allowed(a, "clone") || !sc_allowed(a, "unshare"))) {
		e = cfg_find_app(c, a->id, "SECCOMP_ALLOW");
		diag_sym(d, e->sym, e->raw, "'clone3' passes its flags where the filter cannot "
			 "read them: a user namespace past the rules of clone and unshare (allow "
			 "those too, or leave clone3 to fail with ENOSYS, as libcs expect)");
	}
}
