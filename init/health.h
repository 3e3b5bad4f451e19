/* health.h: the boot-health hook, run once per boot when the system is up as configured. */
#ifndef WARD_HEALTH_H
#define WARD_HEALTH_H

#include <stdbool.h>
#include <sys/types.h>

/* Starts CONFIG_WARD_BOOT_OK_HOOK the first time it is called (`why`: what made the boot
 * healthy, for the log); later calls do nothing. */
void health_reached(const char *why);
/* Whether `pid` was the hook (then its exit is logged). */
bool health_exited(pid_t pid, int status);

#endif
