/* kernel_floor.c: Linux 5.10 is the floor (README, "Kernels"): clone3 into a cgroup (5.7),
 * openat2 (5.6), close_range (5.9). On an older kernel every start fails, each with its own
 * reason (EINVAL, ENOSYS); PID 1 says once at boot why they all do, and goes on: a vendor's
 * kernel may have had the calls backported. */
#include "fmt.h"
#include "kernel_floor.h"

bool kernel_too_old(const char *release)
{
	char *end;
	long major = fmt_parse_long(release, &end);
	long minor = *end == '.' ? fmt_parse_long(end + 1, NULL) : 0;

	return major < 5 || (major == 5 && minor < 10);
}
