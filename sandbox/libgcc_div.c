/* libgcc_div.c: 32-bit ARM's 64-bit unsigned division, a bit at a time, in place of libgcc's.
 * armhf has no 64-bit divide instruction: gcc calls libgcc's __aeabi_uldivmod, whose
 * __udivmoddi4 is 264 bytes, and whose division by zero calls __aeabi_ldiv0, which brings
 * musl's raise with its signal blocking (some 170 bytes more). The init divides a few
 * numbers per log line and per loop turn (times, rates, decimal digits), where 64 steps
 * cost nothing that counts. The static link takes these definitions and leaves libgcc's
 * members out; "used", since gcc's call to them appears only after LTO. Other arches divide
 * in hardware and never call these (test_libgcc_div builds them on the host). */
#include <signal.h>
#include <unistd.h>

#if defined(__arm__) || defined(WARD_TEST_LIBGCC_DIV)
unsigned long long __udivmoddi4(unsigned long long n, unsigned long long d,
				unsigned long long *rem);
void __aeabi_idiv0(void);
void __aeabi_ldiv0(void);

/* __aeabi_uldivmod checks for a zero divisor before it calls this. n becomes the quotient
 * as its bits shift out into r; before the i-th step r holds at most i bits, so its shift
 * never carries out of 64. */
__attribute__((used)) unsigned long long __udivmoddi4(unsigned long long n,
						      unsigned long long d,
						      unsigned long long *rem)
{
	unsigned long long r = 0;

	for (int i = 0; i < 64; i++) {
		r = r << 1 | n >> 63;
		n <<= 1;
		if (r >= d) {
			r -= d;
			n |= 1;
		}
	}
	if (rem)
		*rem = r;
	return n;
}

/* A division by zero, which ward's code never makes: SIGFPE, as libgcc's raises it. The ARM
 * run-time ABI lets a program give these two. */
__attribute__((used)) void __aeabi_idiv0(void)
{
	kill(getpid(), SIGFPE);
}

__attribute__((used, alias("__aeabi_idiv0"))) void __aeabi_ldiv0(void);
#endif
