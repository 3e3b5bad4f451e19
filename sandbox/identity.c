/* identity.c: who the app is and what it may do: its user namespace's id maps (written by the
 * parent), rlimits, the uid/gid it runs as, its capabilities and the securebits that keep it
 * from regaining any. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "fmt.h"
#include "identity.h"
#include "syscalls.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#define CAP_VERSION_3 0x20080522
#define CAP_KILL 5
#define CAP_SETPCAP 8

/* Root keeps no capability by being root, across execve or setuid, and none of it can be
 * undone: the app can only ever have what was handed to it as ambient capabilities. */
static const int securebits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
			      SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED |
			      SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;

/* The kernel's cap_user_header_t and cap_user_data_t, read by capget/capset. */
struct cap_header {
	uint32_t version; /* cppcheck-suppress unusedStructMember */
	int pid;          /* cppcheck-suppress unusedStructMember */
};
struct cap_data {
	uint32_t effective, permitted, inheritable;
};

static int write_proc(pid_t pid, const char *file, const char *text)
{
	char path[48];
	size_t len = strlen(text);
	int fd, ok;

	fmt_buf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = openat(AT_FDCWD, path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ok = write(fd, text, len) == (ssize_t)len;
	close(fd);
	return ok ? 0 : -1;
}

int sb_write_idmaps(pid_t pid, const struct sb_spec *spec, const char **what)
{
	char map[64];

	/* setgroups(2) would let the app drop a group that denies it access. */
	*what = "setgroups";
	if (write_proc(pid, "setgroups", "deny") < 0)
		return -1;
	*what = "uid_map";
	fmt_buf(map, sizeof(map), "0 %u %u", spec->map_uid, spec->map_count);
	if (write_proc(pid, "uid_map", map) < 0)
		return -1;
	*what = "gid_map";
	fmt_buf(map, sizeof(map), "0 %u %u", spec->map_gid, spec->map_count);
	return write_proc(pid, "gid_map", map);
}

/* An app in a user namespace cannot raise a hard limit (that takes CAP_SYS_RESOURCE of the
 * system's): "rtprio=0:10" failed every start. Its parent, which can, raises those first and
 * leaves the soft ones; the app's sb_set_rlimits sets each still, and reports what fails
 * (nofile above fs.nr_open, say: the parent's try fails alike, unheard). */
void sb_raise_hard_rlimits(pid_t pid, const struct sb_spec *spec)
{
	for (unsigned int i = 0; i < spec->nrlimits; i++) {
		const struct sb_rlimit *l = &spec->rlimits[i];
		struct rlimit rl;

		if (prlimit(pid, l->resource, NULL, &rl) == 0 && rl.rlim_max < l->hard) {
			rl.rlim_max = l->hard;
			prlimit(pid, l->resource, &rl, NULL);
		}
	}
}

/* prlimit(0, ...) is setrlimit without musl's __synccall over threads, which the one-threaded
 * child does not need (1.5 KB of semaphores and locks, see sandbox/syscalls.h). */
int sb_set_rlimits(const struct sb_spec *spec)
{
	for (unsigned int i = 0; i < spec->nrlimits; i++) {
		const struct sb_rlimit *l = &spec->rlimits[i];
		struct rlimit rl = { .rlim_cur = l->soft, .rlim_max = l->hard };

		if (prlimit(0, l->resource, &rl, NULL) < 0)
			return -1;
	}
	return 0;
}

static int switch_user(const struct sb_spec *spec)
{
	/* In a user namespace setgroups is denied, and the app has no supplementary groups. */
	if (!(spec->namespaces & CLONE_NEWUSER) && sb_setgroups(0, NULL) < 0)
		return -1;
	if (sb_setresgid(spec->gid, spec->gid, spec->gid) < 0)
		return -1;
	return sb_setresuid(spec->uid, spec->uid, spec->uid);
}

static int get_caps(struct cap_data d[2])
{
	struct cap_header h = { .version = CAP_VERSION_3 };

	return (int)syscall(SYS_capget, &h, d);
}

static int set_caps(const struct cap_data d[2])
{
	struct cap_header h = { .version = CAP_VERSION_3 };

	return (int)syscall(SYS_capset, &h, d);
}

static int set_ids(const struct sb_spec *spec, const char **what)
{
	uint64_t keep = spec->caps;
	struct cap_data d[2];
	/* Every capability number there can be, not /proc/sys/kernel/cap_last_cap's: `wardctl
	 * enter` gets here in the app's mount namespace, where an app that may mount could put
	 * a number (or a FIFO) of its own there. The kernel says EINVAL to those it lacks. */
	const int last = 63;

	if (!(spec->flags & SB_DROP_CAPS)) {
		*what = "switch user";
		return switch_user(spec);
	}
	*what = "drop capabilities from the bounding set";
	for (int cap = 0; cap <= last; cap++)
		if (!(keep >> cap & 1) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return -1;
	/* Only ambient capabilities survive execve for root under SECBIT_NOROOT: raise the
	 * kept ones while CAP_SETPCAP is still there to lock the securebits after. */
	*what = "raise ambient capabilities";
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 || get_caps(d) < 0)
		return -1;
	d[0].inheritable = (uint32_t)keep;
	d[1].inheritable = (uint32_t)(keep >> 32);
	if (set_caps(d) < 0)
		return -1;
	for (int cap = 0; cap <= last; cap++)
		if ((keep >> cap & 1) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0 &&
		    errno != EINVAL)
			return -1;
	*what = "lock the securebits";
	if (prctl(PR_SET_SECUREBITS, securebits, 0, 0, 0) < 0)
		return -1;
	/* NO_SETUID_FIXUP: changing uid no longer touches the capability sets. */
	*what = "switch user";
	if (switch_user(spec) < 0)
		return -1;
	/* CAP_KILL stays effective here, for the reaper: an app that changes its uid (a server
	 * that drops to a user of its own) is no longer the reaper's to signal, and stop and
	 * restart would reach it only as the SIGKILL after the grace period. Neither in the
	 * inheritable, ambient nor bounding set, it ends at the app's execve. */
	*what = "drop capabilities";
	d[0] = (struct cap_data){ (uint32_t)keep | 1u << CAP_KILL, (uint32_t)keep | 1u << CAP_KILL,
				  (uint32_t)keep };
	d[1] = (struct cap_data){ (uint32_t)(keep >> 32), (uint32_t)(keep >> 32),
				  (uint32_t)(keep >> 32) };
	return set_caps(d);
}

/* A change of ids sets the dumpable flag to fs.suid_dumpable, 1 while debugging: cleared
 * again after the last, for every caller (the sandbox's reaper, the app until its execve,
 * wardctl enter's process), each holding a copy of PID 1's memory, or its fds, that a
 * dumpable process opens to the app (/proc/PID/mem, /proc/PID/fd). */
int sb_set_identity(const struct sb_spec *spec, const char **what)
{
	if (set_ids(spec, what) < 0)
		return -1;
	*what = "stay not dumpable";
	return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
