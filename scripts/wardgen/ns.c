/* ns.c: the namespaces an app may get, by the names used in APP_<id>_NAMESPACES. */
#include <string.h>

#include "wardgen.h"

const struct ns_kind ns_kinds[NS_KINDS] = {
	{ "pid", "CLONE_NEWPID" },
	{ "mnt", "CLONE_NEWNS" },
	{ "uts", "CLONE_NEWUTS" },
	{ "ipc", "CLONE_NEWIPC" },
	{ "net", "CLONE_NEWNET" },
	{ "cgroup", "CLONE_NEWCGROUP" },
	{ "user", "CLONE_NEWUSER" },
	{ "time", "CLONE_NEWTIME" },
};

int ns_parse(const char *s, unsigned *mask, const char **bad, size_t *badlen)
{
	size_t i;

	for (;;) {
		size_t n;

		s += strspn(s, " \t");
		n = strcspn(s, " \t");
		if (n == 0)
			return 0;
		for (i = 0; i < NS_KINDS; i++)
			if (strlen(ns_kinds[i].name) == n && !memcmp(s, ns_kinds[i].name, n))
				break;
		if (i == NS_KINDS) {
			*bad = s;
			*badlen = n;
			return -1;
		}
		*mask |= 1u << i;
		s += n;
	}
}
