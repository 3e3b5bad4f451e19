/* term_text.c: what of an app's output may reach a terminal. Its lines go to the serial
 * console and /dev/kmsg (the kernel echoes them to the console as they are), and through
 * `wardctl logs` to an operator's terminal, after the prefix "<app>: ". A control sequence
 * there would move the cursor over that prefix, or over PID 1's own lines, and draw lines of
 * the app's choosing: "init: ..." that PID 1 never wrote. Terminals take such sequences in
 * 7-bit form (ESC [), in 8-bit form (the byte 0x9b, CSI) and as the UTF-8 of U+009B; a
 * bidirectional override would show the line's text in an order of the app's choosing. So
 * only text passes: printable ASCII, tab (as a space), and well-formed UTF-8 that is neither a
 * C1 control nor a bidi embedding, override or isolate. */
#include <stdbool.h>

#include "term_text.h"

/* The lowest code point each length of UTF-8 may hold: below are the C0 controls (1 byte),
 * overlong forms and the C1 controls U+0080..U+009F (2), overlong forms (3 and 4). */
static const unsigned int lowest[] = { 0x20, 0xa0, 0x800, 0x10000 };

size_t term_text_clean(char *s, size_t n)
{
	unsigned char *u = (unsigned char *)s;
	size_t in = 0, out = 0;

	while (in < n) {
		unsigned int c = u[in], cp = c;
		size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		bool text = len == 1 || (c >= 0xc0 && c <= 0xf7 && len <= n - in);

		if (c == '\r') {
			in++;
			continue;
		}
		if (len > 1)
			cp = c & (0x7fu >> len);
		for (size_t i = 1; text && i < len; i++) {
			text = (u[in + i] & 0xc0) == 0x80;
			cp = cp << 6 | (u[in + i] & 0x3fu);
		}
		/* tab; not DEL, a surrogate, past U+10FFFF, a bidi embedding, override, isolate */
		text = text && (c == '\t' || (cp >= lowest[len - 1] && cp != 0x7f && cp <= 0x10ffff &&
					       cp - 0xd800 >= 0x800 && cp - 0x202a >= 5 && cp - 0x2066 >= 4));
		if (!text) {
			u[out++] = '?';
			in++;
			continue;
		}
		if (c == '\t')
			u[in] = ' '; /* a tab takes up to 8 columns: a line's rows are cut by bytes */
		while (len--) /* out <= in: copying forward is safe */
			u[out++] = u[in++];
	}
	return out;
}
