/* read_text.h: a small file of the kernel's (/proc, /sys) read whole as a string. */
#ifndef WARD_READ_TEXT_H
#define WARD_READ_TEXT_H

#include <sys/types.h>

/* Reads up to len - 1 bytes of `path` into buf, NUL-terminated (empty when it cannot be
 * read). Returns the count, or -1 with errno when it could not be opened or read.
 * Async-signal-safe. */
ssize_t sb_read_text(const char *path, char *buf, size_t len);
/* The same, `path` relative to dirfd. */
ssize_t sb_read_text_at(int dirfd, const char *path, char *buf, size_t len);

#endif
