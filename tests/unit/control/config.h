/* config.h for test_control: the options init/control.c reads, as wardgen would write them.
 * A ring of 512 KiB: more than a socket's default buffer holds. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define CONFIG_WARD_CTL_CLIENTS 4
#define CONFIG_WARD_CTL_GID -1
#define CONFIG_WARD_LOG_RING_SIZE 524288
#define WARD_APP_COUNT 1

#endif
