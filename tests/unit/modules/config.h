/* config.h for test_modules: the options init/modules.c reads. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

/* Names no system has: modules_load finds no file, loads nothing, and goes on. */
#define CONFIG_WARD_MODULES "ward_unit_test_absent_a ward-unit-test-absent-b"
#define CONFIG_WARD_MODULES_LOCK 0

#endif
