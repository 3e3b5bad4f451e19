/* config.h for test_throttle: the options init/throttle.c reads. The record is /dev/full:
 * it opens read-write, reads as zeros (a record never written) and takes no write (ENOSPC),
 * as a record on a file system an app has filled. */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define CONFIG_WARD_REBOOT_RECORD "/dev/full"
#define CONFIG_WARD_REBOOT_LIMIT 3
#define CONFIG_WARD_REBOOT_WINDOW_S 600

#endif
