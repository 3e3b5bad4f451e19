/* cmdline.h: ward.* switches on the kernel command line, read once at boot. */
#ifndef WARD_CMDLINE_H
#define WARD_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the whole word `word` (e.g. "ward.cgroup=v1") is on /proc/cmdline. */
bool cmdline_has(const char *word);
/* The value of key=value on /proc/cmdline, copied into buf; NULL when absent or too long for
 * it (logged, with the key). */
const char *cmdline_value(const char *key, char *buf, size_t len);
/* The next item of the comma-separated *list (NULL after the last, or for a NULL list), its
 * length in *len; *list moves past it. */
const char *list_next(const char **list, size_t *len);
/* Whether `name` is an item of the comma-separated `list`. */
bool list_has(const char *list, const char *name);
/* Whether the running kernel offers the file system `type` (/proc/filesystems). */
bool kernel_has_fs(const char *type);

#endif
