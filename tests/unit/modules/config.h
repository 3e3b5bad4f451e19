/* config.h for test_modules: the options init/modules.c reads. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define CONFIG_WARD_MODULES ""
#define CONFIG_WARD_MODULES_LOCK 0

#endif
