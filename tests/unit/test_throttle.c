/* test_throttle.c: the reboot throttle (init/throttle.c), its record's I/O done by children
 * (init/disk_child.c), the rest of PID 1 stubbed. The record (tests/unit/throttle/config.h) is
 * a real file, /dev/full (a file system an app has filled), or a FUSE file whose daemon never
 * answers an open (a disk gone silent). A reboot the record does not count could loop for
 * ever: it is refused, unless the boot loader's count (ward.bootcount=N) stands in for the
 * record. A silent record must not hold PID 1: it is given WARD_SHUTDOWN_SYNC_MS (300 ms
 * here). Each test runs as PID 1 of fresh mount and pid namespaces with a tmpfs on /run, as
 * root; what the file holds afterwards is read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmdline.h"
#include "config.h"
#include "log.h"
#include "throttle.h"
#include "watchdog.h"

#include "fuse_file.h"
#include "in_namespaces.h"

enum { WINDOW_MS = CONFIG_WARD_REBOOT_WINDOW_S * 1000 };

static const char *bootcount_arg; /* ward.bootcount's value, or NULL: none */
/* What was logged, by PID 1 or by the children that do the record's I/O: shared memory. */
static struct logged {
	int write_errors, no_answers;
} *logged;

const char *cmdline_value(const char *key, char *buf, size_t len)
{
	if (strcmp(key, "ward.bootcount") != 0 || !bootcount_arg)
		return NULL;
	snprintf(buf, len, "%s", bootcount_arg);
	return buf;
}
long long watchdog_slack_ms(long long now) { (void)now; return -1; }
void log_info(const char *app, const char *fmt, ...)
{
	(void)app;
	logged->no_answers += strstr(fmt, "no answer") != NULL;
}
void log_error(const char *app, const char *verb, const char *object)
{
	(void)app, (void)object;
	logged->write_errors += !strcmp(verb, "write the reboot record");
}

/* The start-over's write of the record held up 100 ms (a slow disk), when set. */
static bool slow_start_over;
ssize_t __real_pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	if (slow_start_over && n >= 15 && !memcmp(buf, "ward-reboots 0\n", 15))
		usleep(100000);
	return __real_pwrite(fd, buf, n, off);
}

/* How many children this process has, as the kernel lists them. */
static int children(void)
{
	char buf[512];
	int fd = open("/proc/thread-self/children", O_RDONLY | O_CLOEXEC), n = 0;
	ssize_t len;

	len = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	for (ssize_t i = 0; i < len; i++)
		n += buf[i] == ' ';
	return len < 0 ? -1 : n;
}

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

enum record { FULL, FILE_OF, SILENT };

/* A tmpfs on /run, and at the record's path: /dev/full, a file holding `text`, or a FUSE file
 * whose daemon never answers its open. -1 when that could not be set up. */
static int record_at(enum record kind, const char *text)
{
	int fd;

	logged->write_errors = logged->no_answers = 0;
	if (mount("run", "/run", "tmpfs", 0, "mode=0755") < 0)
		return -1;
	if (kind == SILENT) {
		int arm = fuse_mount("/run/disk", FUSE_OPEN, -1);
		return arm < 0 || write(arm, "a", 1) != 1 ? -1 : 0;
	}
	if (mkdir("/run/disk", 0755) < 0)
		return -1;
	if (kind == FULL)
		return symlink("/dev/full", CONFIG_WARD_REBOOT_RECORD);
	fd = open(CONFIG_WARD_REBOOT_RECORD, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	return close(fd);
}

/* Whether the record file's first line is `line` (a record ward wrote: 512 bytes). */
static bool record_holds(const char *line)
{
	char buf[600] = "";
	int fd = open(CONFIG_WARD_REBOOT_RECORD, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	return n > 0 && strncmp(buf, line, strlen(line)) == 0;
}

/* body() in a child, given 20 s: a throttle that waits for the silent disk does so for good
 * (a request the daemon has read is waited for even by a killed process), until the test
 * ends and its namespace with the daemon. Returns what body returned, or 100: no end. */
static int in_time(int (*body)(void))
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(body());
	for (int ms = 0; pid > 0 && ms < 20000; ms += 50) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : NS_SETUP_FAILED;
		usleep(50000);
	}
	return pid < 0 ? NS_SETUP_FAILED : 100;
}

/* throttle_reboot(now) in a child: a boot of its own, as each reboot in a row is. Returns
 * what it returned, or false when it could not run. */
static bool boot_asks(long long now)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(throttle_reboot(now));
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 1;
}

/* ---- tests: each returns 0, or where it failed ---- */

static int unwritable_record_refuses(const void *arg)
{
	(void)arg;
	if (record_at(FULL, NULL) < 0)
		return NS_SETUP_FAILED;
	bootcount_arg = NULL;
	if (throttle_reboot(1000))
		return 1;
	return logged->write_errors == 1 ? 0 : 2;
}

/* The record cannot even be opened (made on a read-only file system; a disk gone): a reboot
 * nothing counts could loop, and is refused unless the boot loader's count stands in. */
static int unopenable_record_refuses(const void *arg)
{
	(void)arg;
	if (mount("run", "/run", "tmpfs", 0, "mode=0755") < 0 || mkdir("/run/disk", 0755) < 0 ||
	    mount("disk", "/run/disk", "tmpfs", MS_RDONLY, NULL) < 0)
		return NS_SETUP_FAILED;
	bootcount_arg = NULL;
	if (boot_asks(1000))
		return 1;
	bootcount_arg = "1";
	return boot_asks(1000) ? 0 : 2;
}

/* The record's place holds something else (the wrong partition): not written over, and the
 * reboot, uncounted, is refused. Blank (zeros, as a new partition) is a count of 0. */
static int foreign_record_kept(const void *arg)
{
	(void)arg;
	if (record_at(FILE_OF, "\x55\xaa FAT boot sector") < 0)
		return NS_SETUP_FAILED;
	bootcount_arg = NULL;
	if (boot_asks(1000))
		return 1;
	return record_holds("\x55\xaa FAT boot sector") ? 0 : 2;
}

static int bootcount_stands_in(const void *arg)
{
	(void)arg;
	if (record_at(FULL, NULL) < 0)
		return NS_SETUP_FAILED;
	bootcount_arg = "1";
	if (!boot_asks(1000))
		return 1;
	bootcount_arg = "3"; /* the limit reached */
	return boot_asks(1000) ? 2 : 0;
}

/* Each reboot after a short boot is counted in the record, up to the limit; after a boot
 * that lasted the window, the count starts over. */
static int record_counts(const void *arg)
{
	(void)arg;
	if (record_at(FILE_OF, "ward-reboots 1\n") < 0)
		return NS_SETUP_FAILED;
	bootcount_arg = NULL;
	if (!boot_asks(1000) || !record_holds("ward-reboots 2\n"))
		return 1;
	if (!boot_asks(1000) || !record_holds("ward-reboots 3\n"))
		return 2;
	if (boot_asks(1000) || !record_holds("ward-reboots 3\n"))
		return 3;
	if (!boot_asks(WINDOW_MS) || !record_holds("ward-reboots 1\n"))
		return 4;
	return 0;
}

/* Asked again in the boot whose reboot it allowed (a second critical app hung, one that
 * crash-loops meanwhile): the same reboot, allowed, and not counted again. Here the first
 * ask reaches the limit, which a second count would pass. */
static int counted_once_a_boot(const void *arg)
{
	(void)arg;
	if (record_at(FILE_OF, "ward-reboots 2\n") < 0)
		return NS_SETUP_FAILED;
	bootcount_arg = NULL;
	if (!throttle_reboot(1000) || !record_holds("ward-reboots 3\n"))
		return 1;
	if (!throttle_reboot(2000))
		return 2;
	return record_holds("ward-reboots 3\n") ? 0 : 3;
}

/* Every child ended, 2 s at most: 0, or -1 when one is left. */
static int children_ended(void)
{
	for (int ms = 0; ms < 2000; ms += 10) {
		if (waitpid(-1, NULL, WNOHANG) < 0)
			return 0;
		usleep(10000);
	}
	return -1;
}

/* The reboot counted, its shutdown outlasts the window with the board healthy: the count
 * must not start over (it did, and a loop of boots just short of the window went on). */
static int counted_not_cleared(const void *arg)
{
	(void)arg;
	if (record_at(FILE_OF, "ward-reboots 2\n") < 0)
		return NS_SETUP_FAILED;
	bootcount_arg = NULL;
	if (!throttle_reboot(WINDOW_MS - 1000) || !record_holds("ward-reboots 3\n"))
		return 1;
	throttle_tick(WINDOW_MS, true);
	if (children_ended() < 0)
		return 2;
	return record_holds("ward-reboots 3\n") ? 0 : 3;
}

/* The count started over on a slow disk, a reboot asked meanwhile: its count comes after
 * (before, the start-over's write landed last, and the count was lost). */
static int count_after_a_slow_start_over(const void *arg)
{
	(void)arg;
	if (record_at(FILE_OF, "ward-reboots 2\n") < 0)
		return NS_SETUP_FAILED;
	bootcount_arg = NULL;
	slow_start_over = true;
	throttle_tick(WINDOW_MS, true);
	if (!throttle_reboot(WINDOW_MS + 10))
		return 1;
	if (children_ended() < 0)
		return 2;
	return record_holds("ward-reboots 1\n") ? 0 : 3;
}

/* A record that never answers holds the decision 300 ms, and the reboot counts as one the
 * record did not take: refused, or the boot loader's count decides. */
static int silent_reboot(void)
{
	double took;
	int kids;

	bootcount_arg = NULL;
	took = seconds();
	if (throttle_reboot(1000))
		return 1;
	took = seconds() - took;
	if (took < 0.25 || took > 5)
		return 2;
	/* Silent for the rest of the boot: not waited for again, and no child to clear it. */
	bootcount_arg = "1";
	kids = children();
	took = seconds();
	if (!throttle_reboot(1000) || seconds() - took > 0.1)
		return 3;
	throttle_tick(WINDOW_MS, true);
	if (kids < 1 || children() != kids)
		return 4; /* the first decision's child, still waiting; no other */
	return logged->no_answers == 1 ? 0 : 5;
}

static int silent_record_bounded(const void *arg)
{
	(void)arg;
	return record_at(SILENT, NULL) < 0 ? NS_SETUP_FAILED : in_time(silent_reboot);
}

/* Once the board has been up and healthy for the window, a child sets the count to 0, once. */
static int healthy_window_clears(const void *arg)
{
	int status;

	(void)arg;
	if (record_at(FILE_OF, "ward-reboots 2\n") < 0)
		return NS_SETUP_FAILED;
	throttle_tick(WINDOW_MS, false);
	throttle_tick(WINDOW_MS - 1, true);
	if (waitpid(-1, NULL, WNOHANG) != -1 || !record_holds("ward-reboots 2"))
		return 1; /* no child, nothing written */
	throttle_tick(WINDOW_MS, true);
	if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 2;
	if (!record_holds("ward-reboots 0\n"))
		return 3;
	throttle_tick(WINDOW_MS + 1000, true);
	return waitpid(-1, NULL, WNOHANG) == -1 ? 0 : 4;
}

/* Clearing a record that never answers is not waited for at all. */
static int silent_tick(void)
{
	double took = seconds();

	throttle_tick(WINDOW_MS, true);
	return seconds() - took < 0.2 ? 0 : 1;
}

static int silent_record_tick(const void *arg)
{
	(void)arg;
	return record_at(SILENT, NULL) < 0 ? NS_SETUP_FAILED : in_time(silent_tick);
}

#define CHECK(fn) ROOT_CHECK(#fn, &(struct ns_check){ .run = fn })

int main(void)
{
	const struct CMUnitTest tests[] = {
		CHECK(unwritable_record_refuses), CHECK(bootcount_stands_in),
		CHECK(record_counts),		  CHECK(silent_record_bounded),
		CHECK(healthy_window_clears),	  CHECK(silent_record_tick),
		CHECK(counted_once_a_boot),	  CHECK(counted_not_cleared),
		CHECK(count_after_a_slow_start_over), CHECK(unopenable_record_refuses),
		CHECK(foreign_record_kept),
	};

	logged = mmap(NULL, sizeof(*logged), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	if (logged == MAP_FAILED)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
