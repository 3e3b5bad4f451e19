/* main.c: the boot sequence of PID 1, one call per phase. From the end of main() on, PID 1
 * lives in loop_run() and never exits. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "clock.h"
#include "cmdline.h"
#include "config.h"
#include "control.h"
#include "fatal.h"
#include "fs_guard.h"
#include "kernel_floor.h"
#include "log.h"
#include "loop.h"
#include "modules.h"
#include "mount.h"
#include "rescue.h"
#include "shutdown.h"
#include "steps.h"
#include "svc.h"
#include "syscalls.h"
#include "watchdog.h"

static const char usage[] = "init: must run as PID 1 (or --test, in a new PID namespace)\n";

/* The kernel starts init with the console on 0-2 only if /dev/console existed in the
 * initramfs; otherwise give it one now that devtmpfs is there. */
static void console_stdio(void)
{
	int fd;

	if (sb_fcntl(0, F_GETFD, 0) >= 0 && sb_fcntl(1, F_GETFD, 0) >= 0 && sb_fcntl(2, F_GETFD, 0) >= 0)
		return;
	fd = openat(AT_FDCWD, "/dev/console", O_RDWR | O_NOCTTY);
	if (fd >= 0)
		stdio_onto(fd);
}

/* A bare switch on the kernel command line (ward.rescue, ward.debug). They take no value:
 * name=anything is logged and ignored, so that a typo never half-enables one. */
static bool switch_on(const char *name)
{
	char value[32];

	if (cmdline_value(name, value, sizeof(value)))
		log_info(NULL, "%s=%s: %s takes no value: ignored", name, value, name);
	return cmdline_has(name);
}

/* PID 1 keeps up to six fds per app (output pipe, cgroup leaf, OOM events, readiness pipe,
 * exit-reason pipe): past some 170 apps, more than the soft limit of 1024 the kernel starts
 * init with. */
static void fd_room(void)
{
	rlim_t need = 6 * (rlim_t)WARD_APP_COUNT + 32;
	struct rlimit rl;

	/* prlimit, not get/setrlimit: musl's setrlimit reaches every thread through __synccall. */
	if (prlimit(0, RLIMIT_NOFILE, NULL, &rl) < 0 || rl.rlim_cur >= need)
		return;
	rl.rlim_cur = need < rl.rlim_max ? need : rl.rlim_max;
	if (prlimit(0, RLIMIT_NOFILE, &rl, NULL) < 0)
		log_error(NULL, "raise", "RLIMIT_NOFILE");
}

/* Not inlined: uname's 390 bytes stay off main's frame, which lives as long as PID 1. */
static __attribute__((noinline)) void tell_old_kernel(void)
{
	struct utsname uts;

	if (uname(&uts) == 0 && kernel_too_old(uts.release))
		log_info(NULL, "Linux %s is older than 5.10: apps will not start", uts.release);
}

int main(int argc, char **argv)
{
	/* Never the system's init in test mode, where PID 1 exits at the end: the kernel hands
	 * init the words of its command line that it does not know ("-- --test" as well). Pid 2
	 * is the kernel's kthreadd in the system's pid namespace only. */
	bool test = argc > 1 && strcmp(argv[1], "--test") == 0 && (getpid() != 1 || kill(2, 0) < 0);
	bool cgroup_v1 = false, rescue = false;
	int sigfd;

	if (getpid() != 1 && !test) {
		(void)!write(2, usage, sizeof(usage) - 1);
		return 1;
	}
	umask(022);
	if (chdir("/") < 0)
		log_error(NULL, "enter", "/");
	if (test) {
		/* Orphans of the apps come to us even when we are not PID 1. */
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	} else {
		mount_early();
		mount_move_root();
		/* v1 where the kernel has no v2, or where the command line asks for it. */
		cgroup_v1 = cmdline_has("ward.cgroup=v1") || !kernel_has_fs("cgroup2");
		if (!cgroup_v1)
			mount_cgroup2();
		console_stdio();
		if (sethostname(CONFIG_WARD_HOSTNAME, sizeof(CONFIG_WARD_HOSTNAME) - 1) < 0)
			log_error(NULL, "set", "hostname");
		/* Apps without a net namespace of their own reach each other on 127.0.0.1. */
		if (sb_loopback_up() < 0)
			log_error(NULL, "bring up", "lo");
		/* Ctrl-Alt-Del becomes SIGINT to PID 1: an orderly reboot, not an instant one. */
		reboot(RB_DISABLE_CAD);
		/* The kernel starts init with 1024 open files and 4096 at most: room up to
		 * fs.nr_open's default, as systemd gives its services; the soft limit stays. */
		prlimit(0, RLIMIT_NOFILE, &(struct rlimit){ 1024, 1048576 }, NULL);
	}
	log_open(test);
	log_console_share(clock_ms());
	rescue_init();
	fatal_install(test);
	tell_old_kernel();
	if (!test) {
		log_set_debug(switch_on("ward.debug"));
		rescue = switch_on("ward.rescue");
		fs_guard();
		/* A hung critical app is then left to the watchdog instead of killed (told to
		 * svc_watch once it is armed, now or later). Opened before the modules load
		 * (one whose init hangs is reset) and after them (its driver may be one). */
		watchdog_open();
		/* Before any app: a veth pair needs the veth module, for one. */
		modules_load();
		watchdog_open();
	}
	shutdown_init(test);
	sigfd = loop_signals();
	if (sigfd < 0)
		log_error(NULL, "create", "signalfd");
	fd_room();
	log_info(NULL, "ward starting %d apps", WARD_APP_COUNT);
	if (cgroup_v1)
		log_info(NULL, "using the cgroup v1 hierarchies");
	/* With ward.rescue, svc_init() keeps every app off. */
	svc_init(clock_ms(), cgroup_v1);
	/* After the apps' cgroups exist: wardctl may act on them from the first request on. Not
	 * under --test: /run is the host's there. */
	if (!test)
		control_init();
	if (rescue)
		rescue_start(clock_ms());
	loop_run(sigfd, rescue);
}
