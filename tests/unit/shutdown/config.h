/* config.h for test_shutdown: the options init/shutdown.c reads. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define CONFIG_WARD_SHUTDOWN_GRACE_MS 2000
#define CONFIG_WARD_SHUTDOWN_SYNC_MS 300

#endif
