/* meter.c: the guest side of the boot benchmarks, run in the system's namespaces (an app of
 * ward's, or started by the BusyBox baseline's script). `meter N [restarts]` waits until N
 * `sleep` processes run (every app started; told by the kernel's proc connector, with the
 * exec's own timestamp), then prints on stdout, one "bench: key value" line each: when init
 * started and when all were running (kernel clock, us), PID 1's VmRSS, Rss and Pss (KiB,
 * /proc/1/status and /proc/1/smaps_rollup); with restarts > 0, kills one app's sleep that many
 * times and times until its replacement execs (ward restarts it), and times `ward-run true`
 * (with and without its leaf) and BusyBox's `unshare` as often; then powers the machine off. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static void pause_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

/* The kernel's proc connector (linux/cn_proc.h; musl-gcc has no kernel headers): an event,
 * with the kernel's own timestamp, for every exec. The meter waits on it instead of scanning
 * /proc in a loop, which on the guest's one vCPU would take time from PID 1 while it starts
 * or restarts the apps being timed. */
enum { NETLINK_CONNECTOR = 11, CN_IDX_PROC = 1, CN_VAL_PROC = 1, PROC_CN_MCAST_LISTEN = 1,
       PROC_EVENT_EXEC = 2, NLMSG_DONE_TYPE = 3 };
struct nl_hdr {
	uint32_t len;
	uint16_t type, flags;
	uint32_t seq, pid;
};
struct cn_hdr {
	uint32_t idx, val, seq, ack;
	uint16_t len, flags;
};
struct nl_addr {
	unsigned short family, pad;
	uint32_t pid, groups;
};
/* struct proc_event up to the exec event's pids: what, cpu, timestamp_ns, pid, tgid. */
enum { EV_WHAT = 0, EV_TIMESTAMP = 8, EV_PID = 16, EV_SIZE = 24 };

static int exec_events_open(void)
{
	struct nl_addr addr = { .family = AF_NETLINK, .pid = (uint32_t)getpid(), .groups = CN_IDX_PROC };
	struct {
		struct nl_hdr nl;
		struct cn_hdr cn;
		uint32_t op;
	} __attribute__((packed)) req = {
		.nl = { .len = sizeof(req), .type = NLMSG_DONE_TYPE, .pid = (uint32_t)getpid() },
		.cn = { .idx = CN_IDX_PROC, .val = CN_VAL_PROC, .len = sizeof(uint32_t) },
		.op = PROC_CN_MCAST_LISTEN,
	};
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);

	/* Room for the events of a burst of starts (each sandbox also forks, changes ids, starts
	 * a session and exits): as root, past rmem_max. */
	int room = 16 << 20;

	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &room, sizeof(room));
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    send(fd, &req, sizeof(req), 0) != (ssize_t)sizeof(req)) {
		printf("bench: error no proc connector: %s\n", strerror(errno));
		return -1;
	}
	return fd;
}

static long long mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int is_sleep(pid_t pid)
{
	char path[64], comm[32];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	len = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	return len == 6 && memcmp(comm, "sleep\n", 6) == 0;
}

static int sleepers(pid_t *out, int max);

/* Adds pid to known[0..*n) unless it is there already (or there is no room); returns whether
 * it did. */
static int add_new(pid_t *known, int *n, int max, pid_t pid)
{
	for (int i = 0; i < *n; i++)
		if (known[i] == pid)
			return 0;
	if (*n >= max)
		return 0;
	known[(*n)++] = pid;
	return 1;
}

/* Waits (up to timeout_ms) for the exec of a `sleep` whose pid is not among known[0..*n),
 * adds it there and returns the exec's time (CLOCK_MONOTONIC, us), or -1. */
static long long next_sleep_exec(int fd, pid_t *known, int *n, int max, int timeout_ms)
{
	char buf[4096];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t len;
		uint32_t what;
		uint64_t ns;
		int32_t pid;

		if (poll(&p, 1, timeout_ms) <= 0)
			return -1;
		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0 && errno == ENOBUFS) {
			/* Events were lost: what runs now, from /proc, without their exec times. */
			static pid_t now_running[2048];
			int m = sleepers(now_running, 2048), before = *n;

			for (int i = 0; i < m && i < 2048; i++)
				add_new(known, n, max, now_running[i]);
			printf("bench: trace lost events, %d more from /proc\n", *n - before);
			if (*n > before)
				return mono_us();
			continue;
		}
		if (len < (ssize_t)(sizeof(struct nl_hdr) + sizeof(struct cn_hdr) + EV_SIZE))
			continue;
		{
			const char *ev = buf + sizeof(struct nl_hdr) + sizeof(struct cn_hdr);

			memcpy(&what, ev + EV_WHAT, sizeof(what));
			memcpy(&ns, ev + EV_TIMESTAMP, sizeof(ns));
			memcpy(&pid, ev + EV_PID, sizeof(pid));
		}
		if (what == PROC_EVENT_EXEC && is_sleep(pid) && add_new(known, n, max, pid))
			return (long long)(ns / 1000);
	}
}

/* The kernel's timestamp (us) of the first record of its log that holds `text`, or -1. */
static long long logged_us(const char *text)
{
	char rec[1024];
	long long t = -1;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		char *msg;

		if (n <= 0)
			continue;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (msg && strstr(msg, text)) {
			/* "prio,seq,usec,flags;text" */
			char *p = strchr(rec, ',');

			p = p ? strchr(p + 1, ',') : NULL;
			t = p ? atoll(p + 1) : -1;
			break;
		}
	}
	close(fd);
	return t;
}

/* Pids of the running `sleep` processes (up to max); returns how many. */
static int sleepers(pid_t *out, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]) || !is_sleep(atoi(e->d_name)))
			continue;
		if (n < max)
			out[n] = atoi(e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

/* The value (KiB) of the line starting with key in file, or -1. */
static long field_kib(const char *file, const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, strlen(key)) == 0) {
			v = atol(line + strlen(key));
			break;
		}
	fclose(f);
	return v;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static long long median(long long *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_ll);
	return v[n / 2];
}

/* Times `argv` from fork to its exit, n times; prints "bench: <key> <median us>". */
static int spawn_median(const char *key, char *const *argv, int n)
{
	long long times[64];

	for (int r = 0; r < n; r++) {
		long long t0 = now_us();
		pid_t pid = fork();
		int status;

		if (pid == 0) {
			execv(argv[0], argv);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			printf("bench: error %s failed\n", argv[0]);
			return -1;
		}
		times[r] = now_us() - t0;
	}
	printf("bench: %s %lld\n", key, median(times, n));
	return 0;
}

/* Spawn in the guest, where the cgroup is v2: ward-run with and without its leaf, and
 * BusyBox's unshare with the same namespaces but cgroup (it has no -C). */
static char *ward_run[] = { "/usr/bin/ward-run", "true", NULL };
static char *ward_run_nocg[] = { "/usr/bin/ward-run", "--no-cgroup", "true", NULL };
static char *unshare_true[] = { "/bin/busybox", "unshare", "-p", "-f", "-m", "-u", "-i",
				"-n", "-r", "--mount-proc", "/bin/true", NULL };

int main(int argc, char **argv)
{
	int want = argc > 1 ? atoi(argv[1]) : 0;
	int restarts = argc > 2 ? atoi(argv[2]) : 0;
	static pid_t known[2048], alive[1024];
	long long t_init = logged_us(" as init process"), t_ready, times[64];
	long long deadline = now_us() + 600000000LL, t_meter = now_us();
	int ev, nknown;

	if (want <= 0 || want > 1024 || restarts > 63) {
		fprintf(stderr, "usage: meter N [restarts <= 64]\n");
		return 2;
	}
	/* Listening first, then one scan for the sleeps already running: none is missed, and one
	 * seen twice is counted once. */
	ev = exec_events_open();
	if (ev < 0)
		goto off;
	nknown = sleepers(known, want);
	if (nknown > want)
		nknown = want;
	t_ready = now_us();
	while (nknown < want) {
		long long at = next_sleep_exec(ev, known, &nknown, want, 1000);

		if (at >= 0) {
			/* The exec's own time, on the clock of the other stamps. */
			t_ready = at + (now_us() - mono_us());
			/* Not a line per app: PID 1 rate-limits the console, and would hide the
			 * results behind a burst of traces. */
			if (getenv("METER_TRACE") && nknown % 32 == 0)
				printf("bench: trace %d %lld\n", nknown, t_ready);
		} else if (now_us() > deadline) {
			printf("bench: error only %d of %d apps running\n", nknown, want);
			goto off;
		}
	}
	/* When PID 1 started its first app, in its own log line (BusyBox init has none, -1):
	 * the meter's own start says only when it first got the CPU, which on one vCPU comes
	 * after PID 1 has started several more. */
	printf("bench: apps %d\nbench: init_start_us %lld\nbench: meter_start_us %lld\n"
	       "bench: first_start_us %lld\nbench: ready_us %lld\n", want, t_init, t_meter,
	       logged_us(": started as pid "), t_ready);
	/* Let the boot settle (pages of the last starts touched) before PID 1's memory. */
	pause_us(500000);
	printf("bench: pid1_vmrss_kib %ld\nbench: pid1_rss_kib %ld\nbench: pid1_pss_kib %ld\n",
	       field_kib("/proc/1/status", "VmRSS:"), field_kib("/proc/1/smaps_rollup", "Rss:"),
	       field_kib("/proc/1/smaps_rollup", "Pss:"));
	fflush(stdout);
	memcpy(alive, known, (size_t)want * sizeof(pid_t));
	for (int r = 0; r < restarts; r++) {
		pid_t victim = alive[r % want];
		long long t0 = mono_us(), at;

		kill(victim, SIGKILL);
		/* Its replacement: the exec of a sleep that was not there before. */
		at = next_sleep_exec(ev, known, &nknown, (int)(sizeof(known) / sizeof(known[0])), 10000);
		if (at < 0) {
			printf("bench: error no restart\n");
			goto off;
		}
		alive[r % want] = known[nknown - 1];
		times[r] = at - t0;
		pause_us(300000); /* past the restart; the next kill is a fresh failure */
	}
	if (restarts > 0)
		printf("bench: restart_us %lld\n", median(times, restarts));
	if (restarts > 0 && (spawn_median("spawn_us", ward_run, restarts) < 0 ||
			     spawn_median("spawn_nocg_us", ward_run_nocg, restarts) < 0 ||
			     spawn_median("spawn_unshare_us", unshare_true, restarts) < 0))
		goto off;
off:
	printf("bench: done\n");
	fflush(stdout);
	pause_us(200000);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
