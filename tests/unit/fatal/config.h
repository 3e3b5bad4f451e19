/* config.h for test_fatal: the options init/fatal.c and init/disk_child.c read. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define CONFIG_WARD_SHUTDOWN_SYNC_MS 300
#define CONFIG_WARD_FAULT_RESCUE 0

#endif
