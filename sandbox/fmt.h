/* fmt.h: snprintf, strtol, strstr, strspn/strcspn, strchr, strnlen and strncmp, for what
 * ward uses of them: musl's printf core, its FILE-based number scanner and its two-way string
 * search are the largest pieces of libc a static init would otherwise carry. */
#ifndef WARD_FMT_H
#define WARD_FMT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Like snprintf: writes at most len bytes, NUL included (nothing when len is 0), and returns
 * the length the whole output wanted. Understands what init/ and sandbox/ use: %s with or
 * without a precision (digits or '*'), %d %u %x with no length, l or ll, and %%; "%s" of
 * NULL gives "(null)". Anything else (a width, a flag, another length or conversion) is
 * copied out as written, so it shows, but its argument is not read and the ones after it
 * would be misread: tests/fmt-formats.t keeps the tree's formats to this set. errno is left
 * as it was (no system call, no libc), which the error paths that format a detail rely on. */
int fmt_buf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int fmt_vbuf(char *buf, size_t len, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* Like strtol(s, end, 10): leading white space, a sign, decimal digits; saturates at
 * LONG_MIN/LONG_MAX (without setting errno); *end (if end) gets s when there are no digits. */
long fmt_parse_long(const char *s, char **end);
/* strstr(text, word), searching naively: ward's texts are a few hundred bytes. */
const char *fmt_find(const char *text, const char *word);
/* strspn(s, set) when `in`, strcspn(s, set) when not: the length of s's first run of bytes in
 * (not in) set. Naive: ward's sets are a few bytes. */
size_t fmt_span(const char *s, const char *set, bool in);
/* strchr(s, c): the first c in s, the terminating NUL for c '\0', or NULL. */
char *fmt_chr(const char *s, int c);
/* strnlen(s, max): musl's searches with memchr, word at a time. */
size_t fmt_len(const char *s, size_t max);
/* Whether s begins with prefix: strncmp(s, prefix, strlen(prefix)) == 0. */
bool fmt_starts(const char *s, const char *prefix);

#endif
