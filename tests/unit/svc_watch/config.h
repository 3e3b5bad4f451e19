/* config.h for test_svc_watch: the options init/svc_watch.c reads, as wardgen would write them. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define CONFIG_WARD_SHUTDOWN_GRACE_MS 1000
#define WARD_APP_COUNT 1

#endif
