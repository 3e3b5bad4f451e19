/* fatal.h: what PID 1 does when it faults itself. */
#ifndef WARD_FATAL_H
#define WARD_FATAL_H

#include <stdbool.h>

/* The signals of a fault: the CPU's (aarch64's brk, which __builtin_trap and musl's stack
 * protector use, is SIGTRAP), abort's and seccomp's. loop.c leaves them unblocked, and each
 * must have the handler: one the kernel forces on PID 1 under the default action kills it. */
#define FATAL_SIGNALS SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT, SIGSYS

/* Catches FATAL_SIGNALS in PID 1: the fault is logged, the disks synced, and the board
 * rebooted, or first a rescue shell started (WARD_FAULT_RESCUE); test mode: exit 128+N
 * instead. */
void fatal_install(bool test);

#endif
