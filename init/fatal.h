/* fatal.h: what PID 1 does when it faults itself. */
#ifndef WARD_FATAL_H
#define WARD_FATAL_H

#include <stdbool.h>

/* Catches SEGV, BUS, ILL, FPE, ABRT and SYS in PID 1: the fault is logged, the disks synced,
 * and the board rebooted, or first a rescue shell started (WARD_FAULT_RESCUE); test mode:
 * exit 128+N instead. */
void fatal_install(bool test);

#endif
