/* signals.c: the kernel lists what a process catches (SigCgt) and ignores (SigIgn) in
 * /proc/self/status: only those need resetting, a handful instead of 64 calls (each a
 * system call, about 1 ms of a spawn under QEMU's emulation). Without /proc, all of them.
 * The parent reads the list once (sb_signals_note), not every child. */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fmt.h"
#include "read_text.h"
#include "signals.h"

/* The hexadecimal mask after `field` in `status`; all ones when it is not there. */
static uint64_t mask_of(const char *status, const char *field)
{
	const char *p = fmt_find(status, field);
	uint64_t mask = 0;

	if (!p)
		return ~(uint64_t)0;
	for (p += strlen(field); ; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (d > 9) {
			d = (unsigned int)((*p | 0x20) - 'a');
			if (d > 5)
				break;
			d += 10;
		}
		mask = mask << 4 | d;
	}
	return mask;
}

/* SIG_DFL through the system call: libc's sigaction refuses the signals it keeps for its
 * own use (32-34 in musl and glibc), which a parent may still have left ignored. The
 * kernel's struct sigaction is a handler, flags, a restorer and the mask, in an order that
 * varies between architectures: all zero, the order does not matter. */
static void set_default(int sig)
{
	uint64_t action[4] = { 0 };

	syscall(SYS_rt_sigaction, sig, action, NULL, sizeof(uint64_t));
}

/* What the process catches or ignores, as the kernel lists it; all of them without /proc. */
static uint64_t read_mask(void)
{
	char status[2048];

	if (sb_read_text("/proc/self/status", status, sizeof(status)) <= 0)
		return ~(uint64_t)0;
	return mask_of(status, "\nSigIgn:\t") | mask_of(status, "\nSigCgt:\t");
}

/* Noted once by the parent; each child (a copy of its memory) then needs no /proc read of
 * its own, which under QEMU's emulation is 0.5-2.5 ms of a spawn. */
static uint64_t noted_mask;
static bool noted;

void sb_signals_note(void)
{
	if (noted)
		return;
	noted_mask = read_mask();
	noted = true;
}

void sb_reset_signals(void)
{
	uint64_t mask = noted ? noted_mask : read_mask();

	for (int sig = 1; sig <= 64; sig++)
		if (mask >> (sig - 1) & 1)
			set_default(sig);
}
