/* bpf.h: the classic BPF and seccomp constants that an app's filter is written with. The musl
 * cross toolchains have no linux/ headers, so the few values needed are the kernel's, copied
 * from linux/filter.h, linux/seccomp.h and linux/audit.h. */
#ifndef WARD_BPF_H
#define WARD_BPF_H

#include "sandbox.h"

/* Instruction classes and fields (linux/bpf_common.h). */
enum {
	SB_BPF_LD = 0x00,
	SB_BPF_JMP = 0x05,
	SB_BPF_RET = 0x06,
	SB_BPF_W = 0x00,   /* 32-bit load */
	SB_BPF_ABS = 0x20, /* at a fixed offset of struct seccomp_data */
	SB_BPF_JA = 0x00,  /* unconditional, by k */
	SB_BPF_JEQ = 0x10,
	SB_BPF_JGE = 0x30, /* unsigned */
	SB_BPF_JSET = 0x40,
	SB_BPF_K = 0x00,   /* the operand is the constant k */
};

/* What a filter returns; for SB_RET_ERRNO the low 16 bits are the errno. */
#define SB_RET_KILL_PROCESS 0x80000000U
#define SB_RET_ERRNO 0x00050000U
#define SB_RET_ALLOW 0x7fff0000U

#define SB_SECCOMP_MODE_FILTER 2 /* prctl(PR_SET_SECCOMP, ...) */

/* struct sock_fprog */
struct sb_bpf_prog {
	unsigned short len;
	const struct sb_bpf *filter;
};

/* Offsets in struct seccomp_data { int nr; u32 arch; u64 instruction_pointer; u64 args[6]; }.
 * Arguments are compared on their low 32 bits, which sit first on a little-endian CPU. */
#define SB_OFF_NR 0
#define SB_OFF_ARCH 4
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SB_OFF_ARG_LO(i) (16 + 8 * (i))
#else
#define SB_OFF_ARG_LO(i) (20 + 8 * (i))
#endif

/* The audit arch the kernel reports for this build's own system calls: anything else (a
 * 32-bit compat call on a 64-bit kernel) has other numbers, so the filter kills it. On any
 * other target, a filter in apps.c fails to compile here, at SB_AUDIT_ARCH. */
#if defined(__x86_64__)
#define SB_AUDIT_ARCH 0xc000003eU /* AUDIT_ARCH_X86_64 */
#define SB_X32_BIT 0x40000000U    /* __X32_SYSCALL_BIT: x32 calls share AUDIT_ARCH_X86_64 */
#elif defined(__aarch64__)
#define SB_AUDIT_ARCH 0xc00000b7U /* AUDIT_ARCH_AARCH64 */
#elif defined(__arm__)
#define SB_AUDIT_ARCH 0x40000028U /* AUDIT_ARCH_ARM */
#endif

/* The instructions wardgen emits, as initializers of struct sb_bpf. */
#define SB_LD(off) { SB_BPF_LD | SB_BPF_W | SB_BPF_ABS, 0, 0, (off) }
#define SB_JEQ(k, jt, jf) { SB_BPF_JMP | SB_BPF_JEQ | SB_BPF_K, (jt), (jf), (k) }
#define SB_JGE(k, jt, jf) { SB_BPF_JMP | SB_BPF_JGE | SB_BPF_K, (jt), (jf), (k) }
#define SB_JA(k) { SB_BPF_JMP | SB_BPF_JA, 0, 0, (k) }
#define SB_JSET(k, jt, jf) { SB_BPF_JMP | SB_BPF_JSET | SB_BPF_K, (jt), (jf), (k) }
#define SB_RET(k) { SB_BPF_RET | SB_BPF_K, 0, 0, (k) }

#endif
