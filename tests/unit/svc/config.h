/* config.h for test_svc: the options init/svc*.c read, as wardgen would write them. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define WARD_APP_COUNT 8
#define CONFIG_WARD_BACKOFF_MIN_MS 100
#define CONFIG_WARD_BACKOFF_MAX_MS 30000
#define CONFIG_WARD_BACKOFF_RESET_MS 10000
#define CONFIG_WARD_SHUTDOWN_GRACE_MS 3000
#define CONFIG_WARD_SHUTDOWN_SYNC_MS 300

#endif
