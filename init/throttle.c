/* throttle.c: a device must not reboot-loop faster than configured. ward counts the reboots it
 * asks for after boots shorter than CONFIG_WARD_REBOOT_WINDOW_S; the count lives in a small
 * record at CONFIG_WARD_REBOOT_RECORD (a file on persistent storage, or a raw partition: one
 * sector, no file system needed). Without a record, a boot counter kept by the boot loader
 * (ward.bootcount=N on the kernel command line) stands in for it. No wall clock is involved:
 * many boards have no RTC. The record's I/O is done by a child (disk_child.c): a record whose
 * disk stops answering counts as one that takes no write, for the rest of the boot. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "config.h"
#include "disk_child.h"
#include "fmt.h"
#include "log.h"
#include "throttle.h"

enum { RECORD_BYTES = 512, WINDOW_MS = CONFIG_WARD_REBOOT_WINDOW_S * 1000LL };
static const char magic[] = "ward-reboots ";

static bool cleared;
/* The record gave no answer in time: its disk may never answer again. A child still waiting
 * for it is left alone, and no other is started this boot. */
static bool silent;
static long long asked_at; /* throttle_reboot's now, for its child */
/* A reboot was allowed, and counted: the board is going down (by the watchdog, for a hung
 * critical app). Another reason that comes meanwhile (a second app hung, one that
 * crash-loops) is the same reboot, not one more in a row: counted again, it could be
 * refused, and a hung app left to the watchdog would then stay hung, the watchdog fed. */
static bool allowed;
/* The child that starts the count over, until it has ended (throttle_exited): a count made
 * meanwhile waits for it, as its write landing after the count's would undo it. */
static pid_t clearing;

/* The count in the record; 0 for one never written (blank). -1: unreadable, or not a record:
 * what is there is not ours to write over (another partition, the kernel's numbering of two
 * cards swapped), and the reboot goes uncounted. */
static int record_read(int fd)
{
	char buf[RECORD_BYTES + 1];
	ssize_t n = pread(fd, buf, RECORD_BYTES, 0);
	char *end;
	long v;

	if (n < 0)
		return -1;
	buf[n] = '\0';
	if (!fmt_starts(buf, magic)) {
		for (ssize_t k = 0; k < n; k++)
			if (buf[k] != buf[0] || (buf[0] != 0 && buf[0] != (char)0xff))
				return errno = EBADMSG, -1;
		return 0;
	}
	v = fmt_parse_long(buf + sizeof(magic) - 1, &end);
	return *end == '\n' && v >= 0 && v < 1000000 ? (int)v : 0;
}

static int record_write(int fd, int count)
{
	char buf[RECORD_BYTES];

	memset(buf, '\n', sizeof(buf));
	fmt_buf(buf, sizeof(buf), "%s%d\n", magic, count);
	buf[strlen(buf)] = '\n';
	return pwrite(fd, buf, sizeof(buf), 0) == (ssize_t)sizeof(buf) && fsync(fd) == 0 ? 0 : -1;
}

static int record_open(void)
{
	int fd = openat(AT_FDCWD, CONFIG_WARD_REBOOT_RECORD, O_RDWR | O_CLOEXEC);

	/* A file is made on first use; a missing device node (the disk is gone) never is. */
	if (fd < 0 && errno == ENOENT && strncmp(CONFIG_WARD_REBOOT_RECORD, "/dev/", 5) != 0)
		fd = openat(AT_FDCWD, CONFIG_WARD_REBOOT_RECORD, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		log_error(NULL, "open the reboot record", CONFIG_WARD_REBOOT_RECORD);
	return fd;
}

/* The boot loader's count of boots in a row, or -1 when it passes none (or a bad one). */
static int bootcount(void)
{
	char buf[16], *end;
	const char *v = cmdline_value("ward.bootcount", buf, sizeof(buf));
	long n;

	if (!v)
		return -1;
	n = fmt_parse_long(v, &end);
	if (*v == '\0' || *end != '\0' || n < 0 || n > 1000000) {
		log_info(NULL, "ward.bootcount=%s: not a count: ignored", v);
		return -1;
	}
	return (int)n;
}

/* A reboot the record does not count could be the first of an endless loop (its file system
 * filled by an app, say, or its disk gone silent): only the boot loader's count may stand in
 * for it. */
static bool uncounted_may(void)
{
	int count = bootcount();
	bool may = count >= 0 && count < CONFIG_WARD_REBOOT_LIMIT;

	if (!may)
		log_info(NULL, "a reboot not counted could loop: staying up, degraded");
	return may;
}

/* Whether the reboot may go ahead, by the record open on fd (or none: -1); counted in it when
 * it may. */
static bool may_by(int fd)
{
	int count = fd >= 0 ? record_read(fd) : -1;
	bool may;

	if (fd >= 0 && count < 0)
		log_error(NULL, "read the reboot record", CONFIG_WARD_REBOOT_RECORD);
	if (count < 0)
		count = bootcount();
	/* A record that cannot be opened or read (a disk gone, a file system read-only) counts
	 * nothing, as one that takes no write: the loop it could start is refused. */
	if (count < 0 && CONFIG_WARD_REBOOT_RECORD[0] != '\0') {
		log_info(NULL, "a reboot not counted could loop: staying up, degraded");
		return false;
	}
	if (count < 0) {
		/* Nothing remembers: a reboot loop cannot be bounded here, only logged. */
		log_info(NULL, "no reboot record and no ward.bootcount: reboot not throttled");
		return true;
	}
	if (asked_at >= WINDOW_MS)
		count = 0; /* this boot lasted: the reboots before it were no loop */
	may = count < CONFIG_WARD_REBOOT_LIMIT;
	if (!may) {
		log_info(NULL, "reboot throttled: %d reboots in a row after boots shorter than %d s "
			       "(limit %d): staying up, degraded",
			 count, CONFIG_WARD_REBOOT_WINDOW_S, CONFIG_WARD_REBOOT_LIMIT);
	} else if (fd >= 0 && record_write(fd, count + 1) < 0) {
		log_error(NULL, "write the reboot record", CONFIG_WARD_REBOOT_RECORD);
		may = uncounted_may();
	} else {
		log_info(NULL, "reboot %d of at most %d in a row", count + 1, CONFIG_WARD_REBOOT_LIMIT);
	}
	return may;
}

/* The record's part, in a child (disk_child.c): 0 when the reboot may go ahead, 1 when not. */
static int decide(void)
{
	int fd = CONFIG_WARD_REBOOT_RECORD[0] ? record_open() : -1;
	bool may = may_by(fd);

	if (fd >= 0)
		close(fd);
	return !may;
}

bool throttle_reboot(long long now)
{
	int refused = -1, wait = disk_wait_ms(), left = wait;

	if (allowed)
		return true;
	asked_at = now;
	/* A start-over still at work ends first; the two share the wait. */
	if (!CONFIG_WARD_REBOOT_RECORD[0])
		refused = decide();
	else if (!silent && (clearing <= 0 || disk_child_wait(clearing, &left) >= 0))
		refused = disk_child(decide, left);
	clearing = 0;
	if (refused < 0) {
		if (!silent)
			log_info(NULL, "the reboot record %s: no answer in %d ms: not used again "
				       "this boot", CONFIG_WARD_REBOOT_RECORD, wait);
		silent = true;
		return allowed = uncounted_may();
	}
	return allowed = !refused;
}

/* In a child: the record's count starts over. */
static int clear(void)
{
	int fd = record_open(), count;

	if (fd < 0)
		return 1;
	count = record_read(fd);
	if (count > 0) {
		if (record_write(fd, 0) < 0)
			log_error(NULL, "write the reboot record", CONFIG_WARD_REBOOT_RECORD);
		else
			log_info(NULL, "up and healthy for %d s: the count of reboots in a row (%d) "
				       "starts over",
				 CONFIG_WARD_REBOOT_WINDOW_S, count);
	}
	return close(fd) < 0; /* in PID 1 itself when there was no child */
}

void throttle_tick(long long now, bool healthy)
{
	/* Not once a reboot is counted: its shutdown may outlast the window, and the count
	 * started over then would let a loop of boots just short of it go on for ever. */
	if (allowed || cleared || silent || now < WINDOW_MS || !healthy ||
	    !CONFIG_WARD_REBOOT_RECORD[0])
		return;
	cleared = true;
	clearing = disk_child_start(clear);
}

bool throttle_exited(pid_t pid)
{
	if (pid <= 0 || pid != clearing)
		return false;
	clearing = 0;
	return true;
}
