/* health.h: the boot-health hook, run once per boot when the system is up as configured. */
#ifndef WARD_HEALTH_H
#define WARD_HEALTH_H

#include <stdbool.h>
#include <sys/types.h>

/* Logs the boot healthy (`why`: what made it so) the first time it is called, and starts
 * CONFIG_WARD_BOOT_OK_HOOK, once: a call after a fork that failed tries again, others do
 * nothing. */
void health_reached(const char *why);
/* Whether `pid` was the hook (then its exit is logged). */
bool health_exited(pid_t pid, int status);

#endif
