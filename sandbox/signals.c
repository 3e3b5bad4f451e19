/* signals.c: the kernel lists what a process catches (SigCgt) and ignores (SigIgn) in
 * /proc/self/status: only those need resetting, a handful instead of 64 calls (each a
 * system call, about 1 ms of a spawn under QEMU's emulation). Without /proc, all of them. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

#include "fmt.h"
#include "signals.h"

/* The hexadecimal mask after `field` in `status`; all ones when it is not there. */
static uint64_t mask_of(const char *status, const char *field)
{
	const char *p = fmt_find(status, field);
	uint64_t mask = 0;

	if (!p)
		return ~(uint64_t)0;
	for (p += 9; ; p++) { /* past "\nSigXxx:\t" */
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

void sb_reset_signals(void)
{
	uint64_t mask = ~(uint64_t)0;
	int fd = openat(AT_FDCWD, "/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		char status[2048];
		ssize_t n = read(fd, status, sizeof(status) - 1);

		close(fd);
		if (n > 0) {
			status[n] = '\0';
			mask = mask_of(status, "\nSigIgn:\t") | mask_of(status, "\nSigCgt:\t");
		}
	}
	for (int sig = 1; sig < _NSIG && sig <= 64; sig++)
		if (mask >> (sig - 1) & 1)
			signal(sig, SIG_DFL);
}
