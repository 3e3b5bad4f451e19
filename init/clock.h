/* clock.h: PID 1's one notion of time: monotonic milliseconds since boot. */
#ifndef WARD_CLOCK_H
#define WARD_CLOCK_H

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The system call, not libc's clock_gettime: musl's looks the clock up in the vDSO first
 * (664 bytes on aarch64), to save a fraction of a microsecond that PID 1, reading the clock
 * a few times per wakeup, has no use for. Where time_t is 32 bits (armhf) the 32-bit call
 * serves: a monotonic clock's seconds, counted from boot, fit in it for 68 years, and it is
 * in every kernel (clock_gettime64 came in 5.1). */
static inline long long clock_ms(void)
{
#ifdef SYS_clock_gettime
	struct timespec ts;

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
#else
	struct {
		long sec, nsec;
	} ts;

	syscall(SYS_clock_gettime32, CLOCK_MONOTONIC, &ts);
	return (long long)ts.sec * 1000 + ts.nsec / 1000000;
#endif
}

#endif
