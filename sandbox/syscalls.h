/* syscalls.h: the raw system calls musl 1.2.3 has numbers for but no wrappers. */
#ifndef WARD_SYSCALLS_H
#define WARD_SYSCALLS_H

#include <stdint.h>
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

static inline int sb_close_range(unsigned int first, unsigned int last, unsigned int flags)
{
	return (int)syscall(SYS_close_range, first, last, flags);
}

#endif
