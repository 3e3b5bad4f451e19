/* test_seccomp.c: the seccomp filters that wardgen emits, as the host compiler built them from
 * tests/unit/seccomp.config (x86_64), run instruction by instruction in a small classic-BPF
 * interpreter against system calls; then installed in child processes, where the kernel
 * itself must accept them and stop the calls they deny. The expected values come from the
 * kernel's headers and <sys/syscall.h>, not from sandbox/bpf.h or wardgen. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cmocka.h>

#include "app.h"
#include "seccomp.h"

#ifndef __x86_64__
_Static_assert(0, "test_seccomp runs the x86_64 filter: build it on an x86_64 host");
#endif

_Static_assert(sizeof(struct sb_bpf) == sizeof(struct sock_filter), "struct sb_bpf layout");
_Static_assert(offsetof(struct sb_bpf, k) == offsetof(struct sock_filter, k), "sb_bpf.k");

#define EPERM_RET (SECCOMP_RET_ERRNO | EPERM)
#define ENOSYS_RET (SECCOMP_RET_ERRNO | ENOSYS)
#define EAFNOSUPPORT_RET (SECCOMP_RET_ERRNO | EAFNOSUPPORT)
/* Linux 6.15's open_tree_attr: newer than these headers. */
#define OPEN_TREE_ATTR_NR 467

/* Calls ward's list of names (musl 1.2.3's) does not know are refused as a kernel without them
 * would, from 424 (the first number all architectures share) to 1023: quotactl_fd, and every
 * number past landlock_restrict_self, the list's last; and below 424, those past rseq, the
 * list's last there on x86_64 (uretprobe 335 and uprobe 336 among them, which the kernel
 * itself lets past every filter). */
static bool unnamed(int nr)
{
	return nr == SYS_quotactl_fd || (nr > SYS_landlock_restrict_self && nr < 1024) ||
	       (nr > SYS_rseq && nr < 424);
}
#define X32_BIT 0x40000000 /* __X32_SYSCALL_BIT */
#define TIOCSTI_CMD 0x5412
#define TCGETS_CMD 0x5401

/* Denied outright by default: every such call that x86_64 has (it has no umount, stime,
 * clock_settime64 nor clock_adjtime64). */
#define SC(name) { #name, SYS_##name }
static const struct {
	const char *name;
	int nr;
} denied[] = {
	SC(mount), SC(umount2), SC(pivot_root), SC(chroot), SC(move_mount), SC(open_tree),
	SC(fsopen), SC(fsmount), SC(fsconfig), SC(fspick), SC(mount_setattr), SC(kexec_load),
	SC(kexec_file_load), SC(init_module), SC(finit_module), SC(delete_module), SC(reboot),
	SC(swapon), SC(swapoff), SC(acct), SC(bpf), SC(perf_event_open), SC(userfaultfd),
	SC(keyctl), SC(add_key), SC(request_key), SC(open_by_handle_at), SC(name_to_handle_at),
	SC(ptrace), SC(process_vm_readv), SC(process_vm_writev), SC(pidfd_getfd),
	SC(process_madvise), SC(kcmp), SC(iopl), SC(ioperm),
	SC(settimeofday), SC(clock_settime), SC(clock_adjtime), SC(adjtimex), SC(setns),
	SC(lookup_dcookie), SC(quotactl), SC(nfsservctl), SC(syslog), SC(vhangup), SC(uselib),
	SC(io_uring_setup), SC(io_uring_enter), SC(io_uring_register), SC(modify_ldt),
};

/* What many (seccomp.config) does not deny: the calls the sandbox itself makes after its
 * filter. */
static const int needed[] = { SYS_execve, SYS_exit, SYS_exit_group, SYS_wait4, SYS_waitid,
			      SYS_rt_sigtimedwait, SYS_rt_sigprocmask, SYS_kill, SYS_setsid,
			      SYS_chdir, SYS_close_range, SYS_write, SYS_clone };

static const struct app_spec *app(const char *name)
{
	const struct app_spec *a;

	for (a = app_table; a->sb.name; a++)
		if (!strcmp(a->sb.name, name))
			return a;
	fail_msg("no app %s in seccomp.config", name);
	return NULL;
}

/* How many instructions the last run() took. */
static size_t steps;

/* What the filter returns for one call; the kernel's classic BPF, as far as filters use it. */
static uint32_t run3(const char *name, uint32_t arch, int nr, uint64_t a0, uint64_t a1,
		     uint64_t a2)
{
	const struct sb_spec *s = &app(name)->sb;
	const struct seccomp_data d = { .nr = nr, .arch = arch, .args = { a0, a1, a2 } };
	size_t pc = 0;
	uint32_t a = 0;

	assert_non_null(s->seccomp);
	steps = 0;
	while (pc < s->seccomp_len) {
		const struct sb_bpf *i = &s->seccomp[pc++];

		steps++;
		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			assert_true(i->k % 4 == 0 && i->k + 4 <= sizeof(d));
			memcpy(&a, (const char *)&d + i->k, 4);
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == i->k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & i->k) ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= i->k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JA:
			pc += i->k;
			break;
		case BPF_RET | BPF_K:
			return i->k;
		default:
			fail_msg("%s: instruction %zu: opcode %#x", name, pc - 1, i->code);
		}
	}
	fail_msg("%s: ran off the end of the filter", name);
	return 0;
}

static uint32_t run(const char *name, uint32_t arch, int nr, uint64_t a0, uint64_t a1)
{
	return run3(name, arch, nr, a0, a1, 0);
}

static void expect3(const char *name, const char *call, int nr, uint64_t a0, uint64_t a1,
		    uint64_t a2, uint32_t want)
{
	uint32_t got = run3(name, AUDIT_ARCH_X86_64, nr, a0, a1, a2);

	if (got != want)
		fail_msg("%s: %s(%#llx, %#llx, %#llx): filter returns %#x, want %#x", name, call,
			 (unsigned long long)a0, (unsigned long long)a1, (unsigned long long)a2,
			 got, want);
}

static void expect(const char *name, const char *call, int nr, uint64_t a0, uint64_t a1,
		   uint32_t want)
{
	expect3(name, call, nr, a0, a1, 0, want);
}

/* Every instruction is one the kernel takes, loads stay inside struct seccomp_data, jumps
 * inside the program, and the last instruction returns. */
static void test_shape(void **state)
{
	const struct app_spec *a;

	(void)state;
	for (a = app_table; a->sb.name; a++) {
		const struct sb_bpf *p = a->sb.seccomp;
		size_t n = a->sb.seccomp_len, pc;

		if (!p)
			continue;
		assert_true(n > 0 && n <= BPF_MAXINSNS);
		for (pc = 0; pc < n; pc++) {
			switch (p[pc].code) {
			case BPF_LD | BPF_W | BPF_ABS:
				assert_true(p[pc].k % 4 == 0 &&
					    p[pc].k + 4 <= sizeof(struct seccomp_data));
				break;
			case BPF_JMP | BPF_JEQ | BPF_K:
			case BPF_JMP | BPF_JSET | BPF_K:
			case BPF_JMP | BPF_JGE | BPF_K:
				if (pc + 1 + p[pc].jt >= n || pc + 1 + p[pc].jf >= n)
					fail_msg("%s: instruction %zu jumps out", a->sb.name, pc);
				break;
			case BPF_JMP | BPF_JA:
				if (pc + 1 + p[pc].k >= n)
					fail_msg("%s: instruction %zu jumps out", a->sb.name, pc);
				break;
			case BPF_RET | BPF_K:
				break;
			default:
				fail_msg("%s: instruction %zu: opcode %#x", a->sb.name, pc, p[pc].code);
			}
		}
		assert_int_equal(p[n - 1].code, BPF_RET | BPF_K);
	}
	assert_null(app("open")->sb.seccomp);
	assert_int_equal(app("open")->sb.seccomp_len, 0);
}

static void test_default_list(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(denied) / sizeof(denied[0]); i++)
		expect("defaults", denied[i].name, denied[i].nr, 0, 0, EPERM_RET);
	expect("defaults", "clone3", SYS_clone3, 0, 0, SECCOMP_RET_ERRNO | ENOSYS);
	expect("defaults", "read", SYS_read, 0, 0, SECCOMP_RET_ALLOW);
	expect("defaults", "write", SYS_write, 1, 0, SECCOMP_RET_ALLOW);
	expect("defaults", "execve", SYS_execve, 0, 0, SECCOMP_RET_ALLOW);
	expect("defaults", "exit_group", SYS_exit_group, 0, 0, SECCOMP_RET_ALLOW);
	expect("defaults", "getpid", SYS_getpid, 0, 0, SECCOMP_RET_ALLOW);
}

/* Every call number, not just the named ones: the denied ones are denied, every other one
 * is allowed (a call routed to the wrong part of the tree would be allowed wrongly, or one
 * of its neighbours denied). The calls with an argument test are tested below. */
static void test_every_number(void **state)
{
	static const int tested[] = { SYS_ioctl, SYS_unshare, SYS_clone, SYS_personality,
				      SYS_socket, SYS_socketpair };

	(void)state;
	for (int nr = 0; nr < 1024; nr++) {
		uint32_t want = SECCOMP_RET_ALLOW;
		bool skip = false;

		for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++)
			if (denied[i].nr == nr)
				want = EPERM_RET;
		for (size_t i = 0; i < sizeof(tested) / sizeof(tested[0]); i++)
			skip |= tested[i] == nr;
		if (nr == SYS_clone3 || unnamed(nr))
			want = ENOSYS_RET;
		if (!skip) {
			char call[32];

			snprintf(call, sizeof(call), "call %d", nr);
			expect("defaults", call, nr, 0, 0, want);
		}
	}
}

/* A tree too big for a conditional jump over its left half (SB_JA): still every denied call
 * denied, every other allowed. */
static void test_big_tree(void **state)
{
	bool ja = false;
	const struct sb_spec *s = &app("many")->sb;

	(void)state;
	for (size_t pc = 0; pc < s->seccomp_len; pc++)
		ja |= s->seccomp[pc].code == (BPF_JMP | BPF_JA);
	assert_true(ja);
	for (int nr = 0; nr < 1024; nr++) {
		uint32_t want = unnamed(nr) ? ENOSYS_RET : EPERM_RET;
		char call[32];

		for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
			if (needed[i] == nr)
				want = SECCOMP_RET_ALLOW;
		snprintf(call, sizeof(call), "call %d", nr);
		expect("many", call, nr, 0, 0, want);
	}
}

/* Laid out as a tree: the kernel runs the filter for every call number when it is installed,
 * and a list takes each run of an allowed call past every denied call, 57 instructions here.
 * The tree's longest is a dozen. */
static void test_short_runs(void **state)
{
	size_t longest = 0;

	(void)state;
	for (int nr = 0; nr < 1024; nr++)
		if (run("defaults", AUDIT_ARCH_X86_64, nr, 0, 0) == SECCOMP_RET_ALLOW && steps > longest)
			longest = steps;
	if (longest > 20)
		fail_msg("an allowed call runs through %zu instructions", longest);
}

/* Calls of another arch have other numbers: killed, whatever the number. */
static void test_arch(void **state)
{
	(void)state;
	assert_int_equal(run("defaults", AUDIT_ARCH_AARCH64, SYS_read, 0, 0),
			 SECCOMP_RET_KILL_PROCESS);
	assert_int_equal(run("defaults", AUDIT_ARCH_I386, SYS_read, 0, 0), SECCOMP_RET_KILL_PROCESS);
	assert_int_equal(run("tuned", AUDIT_ARCH_AARCH64, SYS_ptrace, 0, 0),
			 SECCOMP_RET_KILL_PROCESS);
	expect("defaults", "x32 read", X32_BIT | SYS_read, 0, 0, SECCOMP_RET_KILL_PROCESS);
	expect("defaults", "x32 mount", X32_BIT | SYS_mount, 0, 0, SECCOMP_RET_KILL_PROCESS);
	expect("tuned", "x32 ptrace", X32_BIT | SYS_ptrace, 0, 0, SECCOMP_RET_KILL_PROCESS);
}

static void test_arguments(void **state)
{
	(void)state;
	expect("defaults", "ioctl TIOCSTI", SYS_ioctl, 0, TIOCSTI_CMD, EPERM_RET);
	expect("defaults", "ioctl TIOCLINUX", SYS_ioctl, 0, 0x541c, EPERM_RET);
	/* the kernel takes the command as an unsigned int: the high half must not hide it */
	expect("defaults", "ioctl TIOCSTI", SYS_ioctl, 0, 0xffffffff00000000ULL | TIOCSTI_CMD,
	       EPERM_RET);
	expect("defaults", "ioctl TCGETS", SYS_ioctl, 0, TCGETS_CMD, SECCOMP_RET_ALLOW);
	expect("defaults", "ioctl on fd TIOCSTI", SYS_ioctl, TIOCSTI_CMD, TCGETS_CMD,
	       SECCOMP_RET_ALLOW);
	expect("defaults", "unshare", SYS_unshare, CLONE_NEWUSER | CLONE_NEWNS, 0, EPERM_RET);
	expect("defaults", "unshare", SYS_unshare, CLONE_NEWNS, 0, SECCOMP_RET_ALLOW);
	expect("defaults", "clone", SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, EPERM_RET);
	expect("defaults", "clone", SYS_clone, CLONE_VM | CLONE_THREAD | CLONE_SIGHAND, 0,
	       SECCOMP_RET_ALLOW);
	expect("defaults", "personality", SYS_personality, 0, 0, SECCOMP_RET_ALLOW);
	expect("defaults", "personality", SYS_personality, 0xffffffff, 0, SECCOMP_RET_ALLOW);
	expect("defaults", "personality", SYS_personality, 0x0008 /* PER_LINUX32 */, 0, EPERM_RET);
	expect("defaults", "personality", SYS_personality, 0x0400000 /* READ_IMPLIES_EXEC */, 0,
	       EPERM_RET);
	/* local, IP and netlink sockets; no other family, none that the kernel would load */
	expect("defaults", "socket AF_UNIX", SYS_socket, AF_UNIX, SOCK_STREAM, SECCOMP_RET_ALLOW);
	expect("defaults", "socket AF_INET", SYS_socket, AF_INET, SOCK_DGRAM, SECCOMP_RET_ALLOW);
	expect("defaults", "socket AF_INET6", SYS_socket, AF_INET6, SOCK_STREAM, SECCOMP_RET_ALLOW);
	expect("defaults", "socket AF_NETLINK", SYS_socket, AF_NETLINK, SOCK_RAW, SECCOMP_RET_ALLOW);
	expect("defaults", "socket AF_VSOCK", SYS_socket, AF_VSOCK, SOCK_STREAM, EAFNOSUPPORT_RET);
	expect("defaults", "socket AF_PACKET", SYS_socket, AF_PACKET, SOCK_RAW, EAFNOSUPPORT_RET);
	expect("defaults", "socket AF_RDS", SYS_socket, AF_RDS, SOCK_SEQPACKET, EAFNOSUPPORT_RET);
	expect("defaults", "socket AF_INET, high half set", SYS_socket,
	       0xffffffff00000000ULL | AF_INET, SOCK_STREAM, SECCOMP_RET_ALLOW);
	expect("defaults", "socketpair AF_UNIX", SYS_socketpair, AF_UNIX, SOCK_STREAM,
	       SECCOMP_RET_ALLOW);
	expect("defaults", "socketpair AF_INET", SYS_socketpair, AF_INET, SOCK_STREAM,
	       EAFNOSUPPORT_RET);
	/* SO_LINGER, and only at SOL_SOCKET: 13 is TCP_CONGESTION and IP_RECVTOS too */
	expect3("defaults", "setsockopt SO_LINGER", SYS_setsockopt, 3, SOL_SOCKET, SO_LINGER,
		EPERM_RET);
	expect3("defaults", "setsockopt SO_KEEPALIVE", SYS_setsockopt, 3, SOL_SOCKET,
		SO_KEEPALIVE, SECCOMP_RET_ALLOW);
	expect3("defaults", "setsockopt TCP_CONGESTION", SYS_setsockopt, 3, IPPROTO_TCP,
		TCP_CONGESTION, SECCOMP_RET_ALLOW);
	expect3("defaults", "setsockopt IP_RECVTOS", SYS_setsockopt, 3, IPPROTO_IP, IP_RECVTOS,
		SECCOMP_RET_ALLOW);
	expect3("defaults", "setsockopt SO_LINGER, high halves set", SYS_setsockopt, 3,
		0xffffffff00000000ULL | SOL_SOCKET, 0xffffffff00000000ULL | SO_LINGER, EPERM_RET);
}

/* SECCOMP_ALLOW="ptrace personality", SECCOMP_DENY="getpid ioctl" */
static void test_allow_deny(void **state)
{
	(void)state;
	expect("tuned", "ptrace", SYS_ptrace, 0, 0, SECCOMP_RET_ALLOW);
	expect("tuned", "personality", SYS_personality, 0x0400000, 0, SECCOMP_RET_ALLOW);
	expect("tuned", "getpid", SYS_getpid, 0, 0, EPERM_RET);
	expect("tuned", "ioctl TCGETS", SYS_ioctl, 0, TCGETS_CMD, EPERM_RET);
	expect("tuned", "mount", SYS_mount, 0, 0, EPERM_RET);
	expect("tuned", "clone3", SYS_clone3, 0, 0, SECCOMP_RET_ERRNO | ENOSYS);
	expect("tuned", "read", SYS_read, 0, 0, SECCOMP_RET_ALLOW);
}

/* In a child: no_new_privs (as SB_NO_NEW_PRIVS sets it), the app's filter, one call. Returns
 * the call's errno (0: it succeeded), 255 when the filter did not install, or 1000 + the
 * signal that killed the child. */
static int in_child(const char *name, long nr, long a0, long a1, long a2, long a3, long a4)
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0UL, 0UL, 0UL) < 0 ||
		    sb_seccomp_install(&app(name)->sb) < 0)
			_exit(255);
		_exit(syscall(nr, a0, a1, a2, a3, a4, 0L) < 0 ? errno : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) ? 1000 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* Bad pointers and bad flags: a call that gets through fails in the kernel's own checks
 * (EFAULT, EINVAL, ENOTTY, ESRCH), one that the filter stops fails with its errno. The app
 * without a filter is the control: there every call gets through. */
static void test_kernel(void **state)
{
	int fd = open("/dev/null", O_RDONLY);
	long bad = 1; /* below mmap_min_addr: never mapped */

	(void)state;
	assert_true(fd >= 0);
	for (int i = 0; i < 2; i++) {
		const char *name = i ? "defaults" : "open";
		int stop = i ? EPERM : 0;

		assert_int_equal(in_child(name, SYS_process_vm_readv, getpid(), bad, 1, bad, 1),
				 stop ? stop : EFAULT);
		assert_int_equal(in_child(name, SYS_ptrace, 2 /* PEEKDATA */, getpid(), 0, 0, 0),
				 stop ? stop : ESRCH);
		assert_int_equal(in_child(name, SYS_ioctl, fd, TIOCSTI_CMD, bad, 0, 0),
				 stop ? stop : ENOTTY);
		assert_int_equal(in_child(name, SYS_unshare, CLONE_NEWUSER | 1, 0, 0, 0, 0),
				 stop ? stop : EINVAL);
		assert_int_equal(in_child(name, SYS_clone3, bad, 88, 0, 0, 0), i ? ENOSYS : EFAULT);
		assert_int_equal(in_child(name, SYS_personality, 0x0008, 0, 0, 0, 0), stop);
		/* AF_PACKET: made (as root) or refused (EPERM) by the kernel, never EAFNOSUPPORT
		 * but by the filter */
		if (i)
			assert_int_equal(in_child(name, SYS_socket, AF_PACKET, SOCK_DGRAM, 0, 0, 0),
					 EAFNOSUPPORT);
		else
			assert_int_not_equal(in_child(name, SYS_socket, AF_PACKET, SOCK_DGRAM, 0, 0, 0),
					     EAFNOSUPPORT);
		/* Unnamed: on a bad fd, quotactl_fd fails EBADF once through; open_tree_attr
		 * (only on kernels from 6.15: skipped where the kernel itself says ENOSYS) on a
		 * bad path pointer EFAULT. */
		assert_int_equal(in_child(name, SYS_quotactl_fd, -1, 0, 0, bad, 0), i ? ENOSYS : EBADF);
		if (in_child("open", OPEN_TREE_ATTR_NR, AT_FDCWD, bad, 0, bad, 32) != ENOSYS)
			assert_int_equal(in_child(name, OPEN_TREE_ATTR_NR, AT_FDCWD, bad, 0, bad, 32),
					 i ? ENOSYS : EFAULT);
		/* SO_LINGER on a bad fd: EBADF once through */
		assert_int_equal(in_child(name, SYS_setsockopt, -1, SOL_SOCKET, SO_LINGER, bad, 8),
				 stop ? stop : EBADF);
		/* what the filter lets through still works */
		assert_int_equal(in_child(name, SYS_ioctl, fd, TCGETS_CMD, bad, 0, 0), ENOTTY);
		assert_int_equal(in_child(name, SYS_getppid, 0, 0, 0, 0, 0), 0);
	}
	assert_int_equal(in_child("defaults", X32_BIT | SYS_getppid, 0, 0, 0, 0, 0), 1000 + SIGSYS);
	assert_int_equal(in_child("tuned", SYS_getpid, 0, 0, 0, 0, 0), EPERM);
	assert_int_equal(in_child("tuned", SYS_ptrace, 2, getpid(), 0, 0, 0), ESRCH);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_default_list),
		cmocka_unit_test(test_every_number),
		cmocka_unit_test(test_short_runs),
		cmocka_unit_test(test_big_tree),
		cmocka_unit_test(test_arch),
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_allow_deny),
		cmocka_unit_test(test_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
