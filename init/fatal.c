/* fatal.c: PID 1 must not die (the kernel would panic with the disks unsynced): a fault in PID
 * 1 itself is logged, the disks are synced and the board rebooted (with WARD_FAULT_RESCUE
 * after a rescue shell has ended), with async-signal-safe calls only. */
#include <signal.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "config.h"
#include "fatal.h"
#include "log.h"
#include "rescue.h"

/* A .config written before the option existed (make olddefconfig adds it). */
#ifndef CONFIG_WARD_FAULT_RESCUE
#define CONFIG_WARD_FAULT_RESCUE 0
#endif

static const int faults[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGSYS };
static bool test_mode;

static void on_fault(int sig)
{
	char num[4] = { (char)('0' + sig / 10), (char)('0' + sig % 10), '\0' };
	const char *parts[] = { "fatal signal ", sig < 10 ? num + 1 : num,
				CONFIG_WARD_FAULT_RESCUE && !test_mode
					? " in PID 1: syncing the disks, then a rescue shell"
					: " in PID 1: syncing the disks and rebooting" };

	log_raw(SB_LOG_ERR, parts, sizeof(parts) / sizeof(parts[0]));
	sync();
	if (test_mode)
		_exit(128 + sig);
	/* The handler never returns to the code that faulted: the shell runs, PID 1 reaps,
	 * and when the shell is done the board reboots like without it. */
	if (CONFIG_WARD_FAULT_RESCUE) {
		rescue_after_fault();
		sync();
	}
	reboot(RB_AUTOBOOT);
	/* Rebooting failed: the handler returns, the fault comes again and takes the default
	 * action (SA_RESETHAND restored it on entry): PID 1 dies, the kernel panics, and with
	 * panic=N that reboots too. */
}

void fatal_install(bool test)
{
	struct sigaction sa;

	test_mode = test;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigfillset(&sa.sa_mask);
	/* A fault inside the handler takes the default action instead of looping. */
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		sigaction(faults[i], &sa, NULL);
}
