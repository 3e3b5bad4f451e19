/* cmdline.h: ward.* switches on the kernel command line, read once at boot. */
#ifndef WARD_CMDLINE_H
#define WARD_CMDLINE_H

#include <stdbool.h>

/* Whether the whole word `word` (e.g. "ward.cgroup=v1") is on /proc/cmdline. */
bool cmdline_has(const char *word);
/* Whether the running kernel offers the file system `type` (/proc/filesystems). */
bool kernel_has_fs(const char *type);

#endif
