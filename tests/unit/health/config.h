/* config.h for test_health: the options init/health.c reads. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define CONFIG_WARD_BOOT_OK_HOOK "/bin/true"

#endif
