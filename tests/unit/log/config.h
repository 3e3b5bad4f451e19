/* config.h for test_log: the options init/log.c reads. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define CONFIG_WARD_LOG_CONSOLE_SHARE 20

#endif
