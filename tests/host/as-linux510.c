/* as-linux510 CMD [ARG...]: runs CMD as if on Linux 5.10, as far as ward's sandbox setup can
 * tell: under a seccomp filter (inherited by every process CMD starts) mount_setattr fails with
 * ENOSYS, as before 5.12, and close_range with CLOSE_RANGE_CLOEXEC with EINVAL, as before 5.11.
 * tests/host-linux510.t runs ward-run under it, so that its fallbacks run on this host, where
 * the kernel's own view of the app (its fds, its mounts' flags) can be read from outside. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#define CLOSE_RANGE_CLOEXEC_FLAG 4u

int main(int argc, char **argv)
{
	/* x86_64 only: the host tests run there. A foreign arch (x32, i386) is left alone. */
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mount_setattr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_close_range, 0, 3),
		/* flags, the third argument: its low 32 bits (little-endian) */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLOSE_RANGE_CLOEXEC_FLAG, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	if (argc < 2) {
		fprintf(stderr, "usage: as-linux510 CMD [ARG...]\n");
		return 2;
	}
	/* Root (CAP_SYS_ADMIN) installs it without no_new_privs, which ward-run's setup must not
	 * find set before its own. */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		perror("as-linux510: seccomp");
		return 1;
	}
	execvp(argv[1], argv + 1);
	perror("as-linux510: exec");
	return 127;
}
