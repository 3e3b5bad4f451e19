/* kernel_floor.h: the oldest Linux whose kernel ward's sandboxes run on, told once at boot. */
#ifndef WARD_KERNEL_FLOOR_H
#define WARD_KERNEL_FLOOR_H

#include <stdbool.h>

/* True when `release` (uname's: "5.4.0-150-generic") is older than 5.10. */
bool kernel_too_old(const char *release);

#endif
