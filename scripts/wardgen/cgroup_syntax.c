/* cgroup_syntax.c: APP_<id>_CPUSET and APP_<id>_IO_MAX are written into cgroup files as they
 * are: checked here as the kernel will parse them, so that a typo fails the build instead of
 * keeping the app from starting on the board. Which CPUs and devices exist is the board's to
 * say: an app whose CPU or device is missing there is logged "not started" with the reason. */
#include <string.h>

#include "wardgen.h"

enum { CPUS_MAX = 8192 }; /* the kernel's largest NR_CPUS */

/* Decimal digits at *s, at most max; advances *s. */
static int number(const char **s, unsigned long long max, unsigned long long *v)
{
	size_t len = strspn(*s, "0123456789");

	if (len == 0 || len > 19)
		return -1;
	for (*v = 0; len > 0; len--, (*s)++)
		*v = *v * 10 + (unsigned long long)(**s - '0');
	return *v <= max ? 0 : -1;
}

/* cpuset.cpus: "N" or "N-M" (N <= M), separated by commas, CPUs below CPUS_MAX. */
int cpuset_valid(const char *s)
{
	for (;;) {
		unsigned long long first, last;

		if (number(&s, CPUS_MAX - 1, &first) < 0)
			return 0;
		last = first;
		if (*s == '-') {
			s++;
			if (number(&s, CPUS_MAX - 1, &last) < 0 || last < first)
				return 0;
		}
		if (*s == '\0')
			return 1;
		if (*s++ != ',')
			return 0;
	}
}

/* One io.max line: "MAJ:MIN" and one or more "key=value", key rbps, wbps, riops or wiops,
 * value a number or "max", separated by single spaces. The kernel refuses 0 (ERANGE), and 1
 * before 6.9 or so (EINVAL): the app would never start. */
int io_max_valid(const char *s)
{
	static const char *const keys[] = { "rbps=", "wbps=", "riops=", "wiops=" };
	unsigned long long v;
	int n = 0;

	if (number(&s, 0xfff, &v) < 0 || *s++ != ':' || number(&s, 0xfffff, &v) < 0)
		return 0;
	while (*s == ' ') {
		size_t k, len = 0;

		s++;
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			len = strlen(keys[k]);
			if (strncmp(s, keys[k], len) == 0)
				break;
		}
		if (k == sizeof(keys) / sizeof(keys[0]))
			return 0;
		s += len;
		if (strncmp(s, "max", 3) == 0)
			s += 3;
		else if (number(&s, ~0ULL >> 1, &v) < 0 || v < 2)
			return 0;
		n++;
	}
	return n > 0 && *s == '\0';
}
