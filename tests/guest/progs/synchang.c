/* synchang.c: makes sync(2) hang, as a disk that stops answering does: a device-mapper device
 * (an "error" target, in dm-mod itself), suspended, with dirty pages in its cache. sync(2)
 * then waits for writeback that the suspended device holds back. Then it asks PID 1 for a
 * poweroff (SIGUSR2, as BusyBox's poweroff), or with synchang.fault on the kernel command
 * line makes PID 1 fault (SIGSEGV, as the fault app does), or with synchang.record makes the
 * device the reboot record (/dev/vda, a link to it: fsync(2) of it never ends), and waits;
 * its fd stays open, as closing the device would sync it too. For the boot tests of a
 * shutdown, a fault and a reboot record whose disks do not sync. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

/* <linux/dm-ioctl.h>, which the musl toolchains lack. */
struct dm_ioctl {
	uint32_t version[3];
	uint32_t data_size;
	uint32_t data_start;
	uint32_t target_count;
	int32_t open_count; /* cppcheck-suppress unusedStructMember */
	uint32_t flags;
	uint32_t event_nr; /* cppcheck-suppress unusedStructMember */
	uint32_t padding; /* cppcheck-suppress unusedStructMember */
	uint64_t dev;
	char name[128];
	char uuid[129]; /* cppcheck-suppress unusedStructMember */
	char data[7]; /* cppcheck-suppress unusedStructMember */
};
struct dm_target_spec {
	uint64_t sector_start; /* cppcheck-suppress unusedStructMember */
	uint64_t length;
	int32_t status; /* cppcheck-suppress unusedStructMember */
	uint32_t next;
	char target_type[16];
};
enum { DM_DEV_CREATE = 3, DM_DEV_SUSPEND = 6, DM_TABLE_LOAD = 9, DM_SUSPEND_FLAG = 1 << 1 };
#define DM_IOCTL(nr) _IOWR(0xfd, nr, struct dm_ioctl)

static struct {
	struct dm_ioctl io;
	struct dm_target_spec target;
	char params[8];
} req;

static int dm(int ctl, int nr, uint32_t flags, int with_target)
{
	memset(&req, 0, sizeof(req));
	req.io.version[0] = 4;
	req.io.data_size = sizeof(req);
	req.io.data_start = sizeof(req.io);
	req.io.flags = flags;
	snprintf(req.io.name, sizeof(req.io.name), "synchang");
	if (with_target) {
		req.io.target_count = 1;
		req.target.length = 2048; /* 1 MiB */
		req.target.next = sizeof(req.target) + sizeof(req.params);
		snprintf(req.target.target_type, sizeof(req.target.target_type), "error");
	}
	return ioctl(ctl, DM_IOCTL(nr), &req);
}

int main(void)
{
	static char page[65536];
	char path[32];
	int ctl = open("/dev/mapper/control", O_RDWR | O_CLOEXEC), fd;
	double uptime;
	FILE *up, *cmdline = fopen("/proc/cmdline", "re");
	char line[4096] = "";
	int fault, record;
	const char *what;

	if (cmdline) {
		if (!fgets(line, sizeof(line), cmdline))
			line[0] = '\0';
		fclose(cmdline);
	}
	fault = strstr(line, "synchang.fault") != NULL;
	record = strstr(line, "synchang.record") != NULL;
	what = record ? "record" : fault ? "fault" : "poweroff";

	if (ctl < 0 || dm(ctl, DM_DEV_CREATE, 0, 0) < 0 || dm(ctl, DM_TABLE_LOAD, 0, 1) < 0 ||
	    dm(ctl, DM_DEV_SUSPEND, 0, 0) < 0) { /* without the flag: resume, the table live */
		printf("device-mapper: %s\n", strerror(errno));
		return 1;
	}
	snprintf(path, sizeof(path), "/dev/dm-%u", (unsigned int)minor((dev_t)req.io.dev));
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || dm(ctl, DM_DEV_SUSPEND, DM_SUSPEND_FLAG, 0) < 0 ||
	    write(fd, page, sizeof(page)) != (ssize_t)sizeof(page)) {
		printf("%s: %s\n", path, strerror(errno));
		return 1;
	}
	if (record && symlink(path, "/dev/vda") < 0) {
		printf("/dev/vda: %s\n", strerror(errno));
		return 1;
	}
	up = fopen("/proc/uptime", "re");
	if (!up || fscanf(up, "%lf", &uptime) != 1)
		uptime = -1;
	printf("%s suspended, with %zu bytes to write back; %s at %.2f\n", path, sizeof(page),
	       what, uptime);
	fflush(stdout);
	if (!record)
		kill(1, fault ? SIGSEGV : SIGUSR2);
	for (;;)
		pause();
}
