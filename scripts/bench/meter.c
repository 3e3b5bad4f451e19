/* meter.c: the guest side of the boot benchmarks, run in the system's namespaces (an app of
 * ward's, or started by the BusyBox baseline's script). `meter N [restarts]` waits until N
 * `sleep` processes run (every app started), then prints on stdout, one "bench: key value"
 * line each: when init started and when all were running (kernel clock, us), PID 1's VmRSS,
 * Rss and Pss (KiB, /proc/1/status and /proc/1/smaps_rollup); with restarts > 0, kills one
 * app's sleep that many times and times until a new one runs (ward restarts it), and times
 * `ward-run true` as often; then powers the machine off. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
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

/* The kernel's timestamp (us) of "Run <init> as init process" in its log, or -1. */
static long long init_started_us(void)
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
		if (msg && strstr(msg, " as init process")) {
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
		char path[300], comm[32];
		ssize_t len;
		int fd;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		len = read(fd, comm, sizeof(comm) - 1);
		close(fd);
		if (len <= 0)
			continue;
		comm[len] = '\0';
		if (strcmp(comm, "sleep\n") == 0) {
			if (n < max)
				out[n] = atoi(e->d_name);
			n++;
		}
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

static int contains(const pid_t *pids, int n, pid_t pid)
{
	for (int i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
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

int main(int argc, char **argv)
{
	int want = argc > 1 ? atoi(argv[1]) : 0;
	int restarts = argc > 2 ? atoi(argv[2]) : 0;
	static pid_t pids[1024], after[1024];
	long long t_init = init_started_us(), t_ready, times[64];
	long long deadline = now_us() + 600000000LL, t_meter = now_us();
	int seen = 0;

	if (want <= 0 || want > 1024 || restarts > 63) {
		fprintf(stderr, "usage: meter N [restarts <= 64]\n");
		return 2;
	}
	while ((seen = sleepers(pids, 1024)) < want) {
		if (seen > 0 && getenv("METER_TRACE"))
			printf("bench: trace %d %lld\n", seen, now_us());
		if (now_us() > deadline) {
			printf("bench: error only %d of %d apps running\n", sleepers(pids, 1024), want);
			goto off;
		}
		pause_us(20000); /* a scan of /proc costs the guest: not too often */
	}
	t_ready = now_us();
	printf("bench: apps %d\nbench: init_start_us %lld\nbench: meter_start_us %lld\n"
	       "bench: ready_us %lld\n", want, t_init, t_meter, t_ready);
	/* Let the boot settle (pages of the last starts touched) before PID 1's memory. */
	pause_us(500000);
	printf("bench: pid1_vmrss_kib %ld\nbench: pid1_rss_kib %ld\nbench: pid1_pss_kib %ld\n",
	       field_kib("/proc/1/status", "VmRSS:"), field_kib("/proc/1/smaps_rollup", "Rss:"),
	       field_kib("/proc/1/smaps_rollup", "Pss:"));
	fflush(stdout);
	for (int r = 0; r < restarts; r++) {
		int n = sleepers(pids, 1024);
		pid_t victim = pids[0];
		long long t0 = now_us();

		kill(victim, SIGKILL);
		/* Its replacement: a sleep that was not there before, all N running again. */
		for (;;) {
			int m = sleepers(after, 1024);
			int fresh = 0;

			for (int i = 0; i < m && i < 1024; i++)
				fresh |= !contains(pids, n, after[i]);
			if (fresh && m >= want)
				break;
			if (now_us() > deadline) {
				printf("bench: error no restart\n");
				goto off;
			}
			pause_us(5000);
		}
		times[r] = now_us() - t0;
		pause_us(300000); /* past the restart; the next kill is a fresh failure */
	}
	if (restarts > 0)
		printf("bench: restart_us %lld\n", median(times, restarts));
	for (int r = 0; r < restarts; r++) {
		long long t0 = now_us();
		pid_t pid = fork();
		int status;

		if (pid == 0) {
			execl("/usr/bin/ward-run", "ward-run", "true", (char *)NULL);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			printf("bench: error ward-run true failed\n");
			goto off;
		}
		times[r] = now_us() - t0;
	}
	if (restarts > 0)
		printf("bench: spawn_us %lld\n", median(times, restarts));
off:
	printf("bench: done\n");
	fflush(stdout);
	pause_us(200000);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
