/* dump.c: prints the compiled app_table and config.h values of good.config, so that run.sh
 * compares what the C compiler made of wardgen's output, not wardgen's text. */
#define _GNU_SOURCE 1
#include <sched.h>
#include <stdio.h>

#include "app.h"
#include "config.h"

/* Bytes outside printable ASCII, and the backslash, as \xHH: the expected file stays text. */
static void put(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('[');
	for (; *p; p++)
		printf(*p < 0x20 || *p > 0x7e || *p == '\\' ? "\\x%02x" : "%c", *p);
	putchar(']');
}

static void put_list(const char *what, const char *const *v)
{
	for (; *v; v++) {
		printf("  %s ", what);
		put(*v);
		putchar('\n');
	}
}

static const char *cidr(uint32_t a, unsigned prefix, char *out)
{
	sprintf(out, "%u.%u.%u.%u/%u", (unsigned)(a >> 24), (unsigned)(a >> 16 & 255),
		(unsigned)(a >> 8 & 255), (unsigned)(a & 255), prefix);
	return out;
}

int main(void)
{
	static const struct { unsigned long flag; const char *name; } ns[] = {
		{ CLONE_NEWPID, "pid" }, { CLONE_NEWNS, "mnt" }, { CLONE_NEWUTS, "uts" },
		{ CLONE_NEWIPC, "ipc" }, { CLONE_NEWNET, "net" }, { CLONE_NEWCGROUP, "cgroup" },
		{ CLONE_NEWUSER, "user" }, { CLONE_NEWTIME, "time" },
	};
	static const char *const flags[] = { "root", "mask_proc", "drop_caps", "no_new_privs",
					     "noexec" };
	static const char *const net[] = {
		[SB_NET_LOOPBACK] = "loopback", [SB_NET_NONE] = "none", [SB_NET_VETH] = "veth",
	};
	char app_end[20], host_end[20];
	const struct sb_limits *l;
	static const char *const restart[] = {
		[APP_RESTART_ALWAYS] = "always",
		[APP_RESTART_ON_FAILURE] = "on-failure",
		[APP_RESTART_NEVER] = "never",
	};
	const struct app_spec *a;
	size_t i;

	printf("CONFIG_WARD_ARCH_X86_64=%d CONFIG_WARD_ARCH_AARCH64=%d\n", CONFIG_WARD_ARCH_X86_64,
	       CONFIG_WARD_ARCH_AARCH64);
	printf("CONFIG_WARD_MAX_APPS=%d CONFIG_WARD_BACKOFF_MAX_MS=%d WARD_APP_COUNT=%d\n",
	       CONFIG_WARD_MAX_APPS, CONFIG_WARD_BACKOFF_MAX_MS, WARD_APP_COUNT);
	printf("CONFIG_WARD_BOARD=");
	put(CONFIG_WARD_BOARD);
	printf("\nCONFIG_WARD_HOSTNAME=");
	put(CONFIG_WARD_HOSTNAME);
	putchar('\n');
	for (a = app_table; a->sb.name; a++) {
		printf("app ");
		put(a->sb.name);
		printf(" hostname ");
		put(a->sb.hostname);
		printf(" restart %s\n  namespaces", restart[a->restart]);
		for (i = 0; i < sizeof ns / sizeof *ns; i++)
			if (a->sb.namespaces & ns[i].flag)
				printf(" %s", ns[i].name);
		printf("\n  memory_max %llu pids_max %lu cpu_max_percent %u\n", a->sb.limits.memory_max,
		       a->sb.limits.pids_max, a->sb.limits.cpu_max_percent);
		put_list("argv", a->sb.argv);
		put_list("envp", a->sb.envp);
		l = &a->sb.limits;
		printf("  memory_high %llu swap_max %llu cpu_weight %u io_weight %u cpuset ", l->memory_high,
		       l->swap_max, l->cpu_weight, l->io_weight);
		put(l->cpuset_cpus ? l->cpuset_cpus : "");
		printf(" io_max ");
		put(l->io_max ? l->io_max : "");
		printf("\n  flags");
		for (i = 0; i < sizeof flags / sizeof *flags; i++)
			if (a->sb.flags & (1u << i))
				printf(" %s", flags[i]);
		printf("\n  caps 0x%llx uid %u gid %u map %u/%u x%u tmpfs %u KiB offsets %lld %lld\n",
		       (unsigned long long)a->sb.caps, (unsigned)a->sb.uid, (unsigned)a->sb.gid,
		       a->sb.map_uid, a->sb.map_gid, a->sb.map_count, a->sb.tmpfs_kib,
		       a->sb.monotonic_offset, a->sb.boottime_offset);
		for (i = 0; i < a->sb.nbinds; i++) {
			printf("  bind ");
			put(a->sb.binds[i].src);
			printf(" -> ");
			put(a->sb.binds[i].dst);
			printf(" flags %u\n", a->sb.binds[i].flags);
		}
		for (i = 0; i < a->sb.nrlimits; i++)
			printf("  rlimit %d %llu %llu\n", a->sb.rlimits[i].resource, a->sb.rlimits[i].soft,
			       a->sb.rlimits[i].hard);
		printf("  net %s", net[a->sb.net]);
		if (a->sb.net == SB_NET_VETH)
			printf(" [%s] %s %s", a->sb.veth_name,
			       cidr(a->sb.veth_addr, a->sb.veth_prefix, app_end),
			       cidr(a->sb.veth_host_addr, a->sb.veth_host_prefix, host_end));
		putchar('\n');
		/* its instructions depend on the host's SYS_ numbers: test_seccomp runs them */
		printf("  seccomp %s\n", a->sb.seccomp && a->sb.seccomp_len ? "filter" : "none");
	}
	printf("rows %d\n", (int)(a - app_table));
	return 0;
}
