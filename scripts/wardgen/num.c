/* num.c: strict integers for Kconfig int and hex values: no sign games, no trailing junk. */
#include <errno.h>
#include <limits.h>

#include "wardgen.h"

static int digit(char c, unsigned base)
{
	int v = -1;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	return v >= 0 && (unsigned)v < base ? v : -1;
}

int num_parse(const char *s, long long *v)
{
	unsigned long long m = 0;
	unsigned base = 10;
	int neg = *s == '-', over = 0;

	s += neg;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s) {
		errno = EINVAL;
		return -1;
	}
	for (; *s; s++) {
		int d = digit(*s, base);

		if (d < 0) {
			errno = EINVAL;
			return -1;
		}
		/* keep scanning after an overflow: junk later on is the better message */
		if (m > ((unsigned long long)LLONG_MAX - (unsigned)d) / base)
			over = 1;
		else
			m = m * base + (unsigned)d;
	}
	if (over) {
		errno = ERANGE;
		return -1;
	}
	*v = neg ? -(long long)m : (long long)m;
	return 0;
}
