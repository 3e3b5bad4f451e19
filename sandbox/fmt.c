/* fmt.c: snprintf for the conversions ward uses, strtol for decimal and a naive strstr,
 * strspn/strcspn, strchr, strnlen and a prefix test (strncmp), with no stdio, no locale and
 * no floating point: 0.8-1.6 KB instead of musl's vfprintf (8 to 21 KB, with long double
 * arithmetic on aarch64), its FILE-based scanner (2.3-2.9 KB), its two-way search (0.8-1.3
 * KB) and its word-at-a-time and bitmap string scans (some 1,050 bytes on aarch64). Pure,
 * so safe between fork and execve. */
#include <limits.h>
#include <stdbool.h>

#include "fmt.h"

struct out {
	char *buf;
	size_t len; /* room in buf, NUL included */
	size_t n;   /* bytes wanted so far */
};

static void put(struct out *o, char c)
{
	if (o->n + 1 < o->len)
		o->buf[o->n] = c;
	o->n++;
}

/* An integer argument of `longs` l's (0: int), as its two's complement bits, and whether it
 * is negative when read signed. */
static unsigned long long integer_arg(va_list *ap, int longs, bool is_signed, bool *negative)
{
	long long v;

	if (longs == 2)
		v = va_arg(*ap, long long);
	else if (longs == 1)
		v = is_signed ? va_arg(*ap, long) : (long long)va_arg(*ap, unsigned long);
	else
		v = is_signed ? va_arg(*ap, int) : (long long)va_arg(*ap, unsigned int);
	*negative = is_signed && v < 0;
	return *negative ? -(unsigned long long)v : (unsigned long long)v;
}

/* A precision from the format ("12") or from the arguments ("*"). */
static int number(const char **p, va_list *ap)
{
	int v = 0;

	if (**p == '*') {
		(*p)++;
		return va_arg(*ap, int);
	}
	for (; **p >= '0' && **p <= '9'; (*p)++)
		if (v < INT_MAX / 10)
			v = v * 10 + (**p - '0');
	return v;
}

int fmt_vbuf(char *buf, size_t len, const char *fmt, va_list ap_in)
{
	struct out o = { buf, len, 0 };
	char digits[3 * sizeof(unsigned long long)];
	va_list ap;

	va_copy(ap, ap_in);
	for (const char *p = fmt; *p; p++) {
		const char *start = p, *text;
		int textlen = 0, precision = -1, longs = 0;
		char c;

		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		if (*++p == '.') {
			p++;
			precision = number(&p, &ap);
		}
		for (; *p == 'l' && longs < 2; p++)
			longs++;
		c = *p;
		switch (c) {
		case 's':
			text = va_arg(ap, const char *);
			if (!text)
				text = "(null)";
			/* The precision first: a text of exactly that many bytes may end there. */
			while ((precision < 0 || textlen < precision) && text[textlen])
				textlen++;
			break;
		case '%':
			text = "%";
			textlen = 1;
			break;
		case 'd': case 'u': case 'x':
			if (precision < 0) {
				bool negative;
				unsigned long long v = integer_arg(&ap, longs, c == 'd', &negative);

				if (negative)
					put(&o, '-');
				do {
					unsigned d = (unsigned)(v % (c == 'x' ? 16 : 10));

					digits[sizeof(digits) - ++textlen] =
						(char)(d < 10 ? '0' + d : 'a' - 10 + d);
					v /= c == 'x' ? 16 : 10;
				} while (v);
				text = digits + sizeof(digits) - textlen;
				break;
			}
			/* A precision is for %s only: here it shows as written. */
			/* fall through */
		default: /* not ours: copied out as written */
			text = start;
			textlen = (int)(p - start) + (c != 0);
			if (!c)
				p--;
		}
		for (int i = 0; i < textlen; i++)
			put(&o, text[i]);
	}
	va_end(ap);
	if (len)
		buf[o.n < len ? o.n : len - 1] = '\0';
	return o.n > INT_MAX ? INT_MAX : (int)o.n;
}

int fmt_buf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vbuf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

long fmt_parse_long(const char *s, char **end)
{
	const char *p = s;
	unsigned long v = 0, limit;
	int negative = 0, digits = 0, over = 0;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	limit = negative ? -(unsigned long)LONG_MIN : LONG_MAX;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (limit - d) / 10)
			over = 1;
		else
			v = v * 10 + d;
	}
	if (end)
		*end = (char *)(digits ? p : s);
	if (over || (negative && v > LONG_MAX)) /* the latter: exactly LONG_MIN */
		return negative ? LONG_MIN : LONG_MAX;
	return negative ? -(long)v : (long)v;
}

const char *fmt_find(const char *text, const char *word)
{
	for (;; text++) {
		if (fmt_starts(text, word))
			return text;
		if (!*text)
			return NULL;
	}
}

size_t fmt_span(const char *s, const char *set, bool in)
{
	size_t n = 0;

	for (; s[n]; n++)
		if ((fmt_chr(set, s[n]) != NULL) != in)
			break;
	return n;
}

char *fmt_chr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

size_t fmt_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

bool fmt_starts(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (*s != *prefix)
			return false;
	return true;
}
