/* config.h for test_throttle: the options init/throttle.c and init/disk_child.c read. The
 * test puts at the record's path a file, /dev/full (it opens read-write, reads as zeros, a
 * record never written, and takes no write: ENOSPC, as a record on a file system an app has
 * filled), or a FUSE file whose daemon never answers (a disk gone silent). */
#ifndef WARD_CONFIG_H
#define WARD_CONFIG_H

#define CONFIG_WARD_REBOOT_RECORD "/run/disk/record"
#define CONFIG_WARD_REBOOT_LIMIT 3
#define CONFIG_WARD_REBOOT_WINDOW_S 600
#define CONFIG_WARD_SHUTDOWN_SYNC_MS 300

#endif
