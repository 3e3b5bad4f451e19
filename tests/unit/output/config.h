/* config.h for test_output: the options init/output.c reads. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define WARD_APP_COUNT 1
#define CONFIG_WARD_LOG_RING_SIZE 4096
#define CONFIG_WARD_LOG_RATE 10
#define CONFIG_WARD_LOG_BURST 200
#define CONFIG_WARD_LOG_BYTES_RATE 65536

#endif
