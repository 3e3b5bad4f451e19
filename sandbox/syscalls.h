/* syscalls.h: raw system calls: those musl 1.2.3 has numbers for but no wrappers, and those
 * whose musl wrappers carry code PID 1 never needs (each says what). */
#ifndef WARD_SYSCALLS_H
#define WARD_SYSCALLS_H

#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

struct sb_clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

/* Fork-like clone3: without a stack the child runs on a copy of the caller's. musl's cached
 * thread id is stale in the child, so the child must not use pthread or raise(). */
static inline long sb_clone3(struct sb_clone_args *args)
{
	return syscall(SYS_clone3, args, sizeof(*args));
}

/* fcntl for the plain int commands used here (F_GETFD, F_SETFD, F_SETFL): musl's fcntl
 * also translates F_GETOWN_EX and emulates F_DUPFD_CLOEXEC, some 400 bytes PID 1 never
 * needs. */
static inline int sb_fcntl(int fd, int cmd, long arg)
{
	return (int)syscall(SYS_fcntl, fd, cmd, arg);
}

/* socketpair without musl's fallback for kernels older than 2.6.27 (no SOCK_CLOEXEC). */
static inline int sb_socketpair(int domain, int type, int protocol, int fds[2])
{
	return (int)syscall(SYS_socketpair, domain, type, protocol, fds);
}

/* socket, accept4 and pipe2 without musl's fallbacks (the call without flags, then fcntl) for
 * kernels before 2.6.28, which lacked SOCK_CLOEXEC, accept4 or pipe2; ward needs clone3 and
 * mount_setattr anyway. 640 bytes on aarch64 and x86_64, 432 on armhf. */
static inline int sb_socket(int domain, int type, int protocol)
{
	return (int)syscall(SYS_socket, domain, type, protocol);
}

static inline int sb_accept4(int fd, int flags)
{
	return (int)syscall(SYS_accept4, fd, 0, 0, flags);
}

static inline int sb_pipe2(int fds[2], int flags)
{
	return (int)syscall(SYS_pipe2, fds, flags);
}

/* close() keeps errno: musl sets it only when the call fails (EINTR counts as done), and the
 * error paths that close on their way out close fds that cannot fail (a directory, a socket,
 * a cgroup file), so they need not save errno around it. */

/* Signal masks as the kernel reads them (_NSIG / 8 = 8 bytes): bit s-1 for signal s, built
 * without musl's sigaddset and sigdelset (which check for its internal signals: 92 bytes each
 * on aarch64). A 64-bit word matches the kernel's two 32-bit ones on little-endian boards. */
_Static_assert(__SIZEOF_LONG__ == 8 || __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "sb_sigset_t is the kernel's sigset_t in one word");
typedef uint64_t sb_sigset_t;
#define SB_SIG(s) (1ULL << ((s) - 1))
/* What musl's sigfillset sets: every signal but its three internal ones (32-34). */
#define SB_SIG_ALL 0xfffffffc7fffffffULL

/* signalfd without musl's fallback (signalfd, then fcntl) for kernels before 2.6.27, which
 * lacked signalfd4. */
static inline int sb_signalfd(const sb_sigset_t *set, int flags)
{
	return (int)syscall(SYS_signalfd4, -1, set, sizeof(*set), flags);
}

/* sigwaitinfo as the system call (no timeout): musl's goes through sigtimedwait, which
 * retries on EINTR and converts a time64 timeout; the reaper's loop retries itself. */
static inline int sb_sigwaitinfo(const sb_sigset_t *set, siginfo_t *info)
{
	return (int)syscall(SYS_rt_sigtimedwait, set, info, 0, sizeof(*set));
}

/* sigprocmask as the system call, without the old mask (never asked for here): musl's goes
 * through pthread_sigmask, which checks `how` and takes its own internal signals out of the
 * old mask. */
static inline int sb_sigprocmask(int how, const sb_sigset_t *set)
{
	return (int)syscall(SYS_rt_sigprocmask, how, set, 0, sizeof(*set));
}

/* Every signal unblocked. */
static inline int sb_sigunblock_all(void)
{
	sb_sigset_t none = 0;

	return sb_sigprocmask(SIG_SETMASK, &none);
}

/* sendmsg and recvmsg as plain system calls: musl's recvmsg converts time64 control
 * messages on 32-bit ARM (code PID 1 does not need). `msg` must have its padding zeroed. */
struct msghdr;
static inline long sb_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	return syscall(SYS_sendmsg, fd, msg, flags);
}

static inline long sb_recvmsg(int fd, struct msghdr *msg, int flags)
{
	return syscall(SYS_recvmsg, fd, msg, flags);
}

/* fork(2) as the plain system call: musl's fork takes its internal locks around the call
 * and gives the child its own thread id, for threads and raise(), which PID 1 and its
 * children do not use: some 1.5-2 KB of rwlocks and timed waits in a static init. The child
 * must not use pthread or raise() (musl's cached thread id is still the parent's). clone,
 * not clone3: the sandbox's seccomp filter, installed before its reaper forks the app,
 * denies clone3. With no other argument set, their order (which differs between
 * architectures) does not matter. */
static inline pid_t sb_fork(void)
{
	return (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
}

/* openat2(2) */
struct sb_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};
#ifndef RESOLVE_NO_XDEV
#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

static inline int sb_openat2(int dirfd, const char *path, struct sb_open_how *how)
{
	return (int)syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
}

/* mount_setattr(2) */
struct sb_mount_attr {
	uint64_t attr_set;
	uint64_t attr_clr;
	uint64_t propagation;
	uint64_t userns_fd;
};
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#define MOUNT_ATTR_NOSUID 0x00000002
#define MOUNT_ATTR_NODEV 0x00000004
#define MOUNT_ATTR_NOEXEC 0x00000008
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif

static inline int sb_mount_setattr(int dirfd, const char *path, unsigned int flags,
				   struct sb_mount_attr *attr)
{
	return (int)syscall(SYS_mount_setattr, dirfd, path, flags, attr, sizeof(*attr));
}

/* open_tree(2) and move_mount(2): a bind as a detached mount whose attributes are set before
 * it is attached anywhere. The same numbers on every architecture. */
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC 02000000
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#define MOVE_MOUNT_T_EMPTY_PATH 0x00000040
#endif
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif

static inline int sb_open_tree(int dirfd, const char *path, unsigned int flags)
{
	return (int)syscall(SYS_open_tree, dirfd, path, flags);
}

/* Attaches the detached mount `tree` on what the fd `to` refers to. */
static inline int sb_move_mount_fd(int tree, int to)
{
	return (int)syscall(SYS_move_mount, tree, "", to, "",
			    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}

/* statx(2), for the type of a file and its device: musl's stat family goes through fstatat's
 * fallbacks (and a time64 conversion on 32-bit ARM), 0.8 KB of a static init on armhf.
 * The kernel's struct statx, 256 bytes. */
struct sb_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad0;
	uint64_t ino, size, blocks, attributes_mask;
	struct {
		int64_t sec;
		uint32_t nsec;
		int32_t pad;
	} atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};
#ifndef STATX_TYPE
#define STATX_TYPE 0x1U
#endif

static inline int sb_statx(int dirfd, const char *path, int flags, struct sb_statx *st)
{
	return (int)syscall(SYS_statx, dirfd, path, flags, STATX_TYPE, st);
}

static inline int sb_pivot_root(const char *new_root, const char *put_old)
{
	return (int)syscall(SYS_pivot_root, new_root, put_old);
}

static inline int sb_close_range(unsigned int first, unsigned int last, unsigned int flags)
{
	return (int)syscall(SYS_close_range, first, last, flags);
}

/* musl's setresuid, setresgid and setgroups reach every thread through __synccall (1.5 KB of
 * semaphores and locks in a static init); the sandbox child has one thread, so the system call
 * alone does the same. On 32-bit ARM the plain names are the old 16-bit-id calls. */
#ifdef SYS_setresuid32
#define SB_SYS_SETRESUID SYS_setresuid32
#define SB_SYS_SETRESGID SYS_setresgid32
#define SB_SYS_SETGROUPS SYS_setgroups32
#else
#define SB_SYS_SETRESUID SYS_setresuid
#define SB_SYS_SETRESGID SYS_setresgid
#define SB_SYS_SETGROUPS SYS_setgroups
#endif

static inline int sb_setresuid(uid_t ruid, uid_t euid, uid_t suid)
{
	return (int)syscall(SB_SYS_SETRESUID, ruid, euid, suid);
}

static inline int sb_setresgid(gid_t rgid, gid_t egid, gid_t sgid)
{
	return (int)syscall(SB_SYS_SETRESGID, rgid, egid, sgid);
}

static inline int sb_setgroups(size_t n, const gid_t *groups)
{
	return (int)syscall(SB_SYS_SETGROUPS, n, groups);
}

/* musl's getsockopt on 32-bit ARM converts SO_RCVTIMEO and SO_SNDTIMEO for time64 (some 200
 * bytes); PID 1 asks only for SO_PEERCRED. */
static inline int sb_getsockopt(int fd, int level, int name, void *value, socklen_t *len)
{
	return (int)syscall(SYS_getsockopt, fd, level, name, value, len);
}

/* An int option, as a raw system call: musl's setsockopt converts the time64 options (as
 * getsockopt above). */
static inline int sb_setsockopt(int fd, int level, int name, int value)
{
	return (int)syscall(SYS_setsockopt, fd, level, name, &value, sizeof(value));
}

/* musl's fchdir falls back to chdir("/proc/self/fd/N") for an O_PATH fd, which kernels before
 * 3.5 refused (300 bytes with the name's formatting); these take it. */
static inline int sb_fchdir(int fd)
{
	return (int)syscall(SYS_fchdir, fd);
}

/* statfs(2) without musl's statvfs.lo (statvfs and its conversions come with it: 480 bytes
 * on 32-bit ARM). 32-bit ABIs have statfs64, whose layout is musl's struct statfs there. */
static inline int sb_statfs(const char *path, struct statfs *st)
{
#ifdef SYS_statfs64
	return (int)syscall(SYS_statfs64, path, sizeof(*st), st);
#else
	return (int)syscall(SYS_statfs, path, st);
#endif
}

/* musl's ioctl on 32-bit ARM converts the time64 structs of a dozen requests (1 KB of tables);
 * the interface requests the sandbox makes carry no time. */
static inline int sb_ioctl(int fd, unsigned long request, void *arg)
{
	return (int)syscall(SYS_ioctl, fd, request, arg);
}

#endif
