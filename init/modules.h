/* modules.h: the kernel modules PID 1 loads at boot (CONFIG_WARD_MODULES). */
#ifndef WARD_MODULES_H
#define WARD_MODULES_H

/* Loads /lib/modules/<name>.ko for each name, in order; one already loaded is fine, any
 * other failure is logged and the next module is tried. */
void modules_load(void);

#endif
