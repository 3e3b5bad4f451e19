/* cstr.c: writes any byte string as a C string literal that holds exactly those bytes. */
#include "wardgen.h"

/* '?' is escaped so that no "??/"-style trigraph forms (C99 compilers honour them);
 * octal escapes always take three digits so a following digit cannot extend them. */
void cstr_put(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_add(b, "\"", 1);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			buf_printf(b, "\\%c", *p);
		else if (*p >= 0x20 && *p < 0x7f)
			buf_add(b, (const char *)p, 1);
		else
			buf_printf(b, "\\%03o", *p);
	}
	buf_add(b, "\"", 1);
}
