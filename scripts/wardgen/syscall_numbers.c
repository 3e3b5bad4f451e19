/* syscall_numbers.c: the target's system call numbers, as its own compiler's <sys/syscall.h>
 * has them: the Makefile hands wardgen `$(CC) -E -dM` of it, whose lines
 * "#define __NR_<name> <number>" are read here. With them a filter is laid out as a search
 * tree over the numbers (emit_seccomp.c); apps.c checks at compile time that they are the
 * compiler's. */
#include <stdlib.h>
#include <string.h>

#include "wardgen.h"

void sysnr_parse(struct sysnr *t, const char *text, size_t len)
{
	static const char define[] = "#define __NR_";
	const char *end = text + len;

	for (size_t k = 0; k < SYSCALL_NAMES; k++)
		t->nr[k] = -1;
	for (const char *p = text; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t line = eol ? (size_t)(eol - p) : (size_t)(end - p);

		if (line > sizeof(define) - 1 && !memcmp(p, define, sizeof(define) - 1)) {
			const char *name = p + sizeof(define) - 1;
			size_t rest = line - (sizeof(define) - 1), n = strcspn(name, " \t\n");

			if (n > rest) /* the text's last line, without a newline */
				n = rest;
			const char *v = name + n + strspn(name + n, " \t");
			int k = syscall_find(name, n);
			char value[24], *stop;

			/* Only plain numbers: anything else leaves the call out, and apps.c's
			 * guard then fails the build (a call the target has but the filter
			 * would not see). */
			if (k >= 0 && v < p + line && (size_t)(p + line - v) < sizeof(value)) {
				memcpy(value, v, (size_t)(p + line - v));
				value[p + line - v] = '\0';
				long nr = strtol(value, &stop, 0);

				if (stop != value && *stop == '\0' && nr >= 0)
					t->nr[k] = nr;
			}
		}
		p += line + 1;
	}
}
