/* fatal.c: PID 1 must not die (the kernel would panic with the disks unsynced): a fault in PID
 * 1 itself is logged, the disks are synced (for WARD_SHUTDOWN_SYNC_MS at most) and the board
 * rebooted (with WARD_FAULT_RESCUE after a rescue shell has ended), with async-signal-safe
 * calls only. */
#include <signal.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "config.h"
#include "disk_child.h"
#include "fatal.h"
#include "log.h"
#include "rescue.h"
#include "watchdog.h"

/* A .config written before the option existed (make olddefconfig adds it). */
#ifndef CONFIG_WARD_FAULT_RESCUE
#define CONFIG_WARD_FAULT_RESCUE 0
#endif

static const int faults[] = { FATAL_SIGNALS };
static bool test_mode;
static pid_t init_pid;

#define TEXT(x) #x
#define NUMBER_TEXT(x) TEXT(x)

static int sync_all(void)
{
	sync();
	return 0;
}

/* sync(2) in a child, waited for up to WARD_SHUTDOWN_SYNC_MS, as the shutdown does: a disk
 * that stops answering would hold PID 1 here for good, and without a watchdog nothing would
 * reboot the board. */
static void sync_bounded(void)
{
	static const char *const late[] = { "the disks did not sync in ",
					     NUMBER_TEXT(CONFIG_WARD_SHUTDOWN_SYNC_MS),
					     " ms: going on" };

	if (disk_child(sync_all, CONFIG_WARD_SHUTDOWN_SYNC_MS) < 0)
		log_raw(SB_LOG_ERR, late, sizeof(late) / sizeof(late[0]));
}

static void on_fault(int sig)
{
	char num[4] = { (char)('0' + sig / 10), (char)('0' + sig % 10), '\0' };
	const char *parts[] = { "fatal signal ", sig < 10 ? num + 1 : num,
				CONFIG_WARD_FAULT_RESCUE && !test_mode
					? " in PID 1: syncing the disks, then a rescue shell"
					: " in PID 1: syncing the disks and rebooting" };

	/* A child of PID 1 that runs its code (a disk child, the syncer, the helper of a net
	 * namespace, a fork before its execve) has this handler too. It must not reboot the
	 * board: it returns, the faulting instruction runs again under the default action
	 * (SA_RESETHAND), and the child dies of its fault as any process would. */
	if (getpid() != init_pid)
		return;
	log_raw(SB_LOG_ERR, parts, sizeof(parts) / sizeof(parts[0]));
	/* A whole timeout for the sync: a reset in its middle would cut it as the reboot
	 * after WARD_SHUTDOWN_SYNC_MS does, but without the kernel's own shutdown. */
	watchdog_feed_now();
	sync_bounded();
	if (test_mode)
		_exit(128 + sig);
	/* The handler never returns to the code that faulted: the shell runs, PID 1 reaps,
	 * and when the shell is done the board reboots like without it. */
	if (CONFIG_WARD_FAULT_RESCUE) {
		rescue_after_fault();
		sync_bounded();
	}
	reboot(RB_AUTOBOOT);
	/* Rebooting failed: the handler returns, the fault comes again and takes the default
	 * action (SA_RESETHAND restored it on entry): PID 1 dies, the kernel panics, and with
	 * panic=N that reboots too. */
}

/* The kernel's struct sigaction on x86_64, arm and aarch64. The handlers are set with the
 * system call: musl's sigaction() brings its abort lock and signal blocking along, some 1 KB
 * of the binary for handlers that never need them. */
struct kernel_sigaction {
	void (*handler)(int);     /* cppcheck-suppress unusedStructMember */
	unsigned long flags;      /* cppcheck-suppress unusedStructMember */
	void (*restorer)(void);   /* cppcheck-suppress unusedStructMember */
	unsigned int mask[2];
};

#ifdef __x86_64__
/* musl's (hidden, and linked statically): x86_64 returns from a handler only through the
 * SA_RESTORER the caller gives; arm and aarch64 kernels have their own trampolines. */
void __restore_rt(void);
#endif

void fatal_install(bool test)
{
	/* Every signal blocked in the handler; a fault inside it takes the default action
	 * instead of looping (SA_RESETHAND). */
	struct kernel_sigaction sa = { .handler = on_fault, .flags = SA_RESETHAND,
				       .mask = { ~0u, ~0u } };

#ifdef __x86_64__
	sa.flags |= SA_RESTORER;
	sa.restorer = __restore_rt;
#endif
	test_mode = test;
	init_pid = getpid();
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		syscall(SYS_rt_sigaction, faults[i], &sa, NULL, sizeof(sa.mask));
}
