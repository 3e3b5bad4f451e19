/* config.h for test_watchdog: the options init/watchdog.c reads. The device is a file of the
 * test's, made and removed as the test goes. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define CONFIG_WARD_WATCHDOG 1
#define CONFIG_WARD_WATCHDOG_DEVICE "/tmp/ward-test-watchdog"
#define CONFIG_WARD_WATCHDOG_TIMEOUT_S 8

#endif
