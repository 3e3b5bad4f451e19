/* fmt.c: snprintf for the conversions ward uses, strtol for decimal and a naive strstr,
 * strspn/strcspn, strchr, strnlen and a prefix test (strncmp), with no stdio, no locale and
 * no floating point: 1.3-2.1 KB instead of musl's vfprintf (8 to 21 KB, with long double
 * arithmetic on aarch64), its FILE-based scanner (2.3-2.9 KB), its two-way search (0.8-1.3
 * KB) and its word-at-a-time and bitmap string scans (some 1,050 bytes on aarch64). Pure,
 * so safe between fork and execve. */
#include <limits.h>
#include <stdint.h>

#include "fmt.h"

struct out {
	char *buf;
	size_t len; /* room in buf, NUL included */
	size_t n;   /* bytes wanted so far */
};

static void put(struct out *o, char c, int times)
{
	for (; times > 0; times--, o->n++)
		if (o->n + 1 < o->len)
			o->buf[o->n] = c;
}

/* A conversion's text, padded to the width: sign, then zeros, then the digits (or text). */
struct field {
	const char *text;
	int textlen;
	char sign;  /* '-' or 0 */
	int zeros;  /* from a precision or the '0' flag */
	int width;
	int left;   /* '-' flag */
};

static void put_field(struct out *o, const struct field *f)
{
	int body = (f->sign != 0) + f->zeros + f->textlen;

	if (!f->left)
		put(o, ' ', f->width - body);
	if (f->sign)
		put(o, f->sign, 1);
	put(o, '0', f->zeros);
	for (int i = 0; i < f->textlen; i++)
		put(o, f->text[i], 1);
	if (f->left)
		put(o, ' ', f->width - body);
}

/* The integer lengths, by the bits of their argument: size_t, ptrdiff_t and intmax_t are int,
 * long or long long on every Linux ABI, so three va_arg types read them all (each in its
 * unsigned form, which is passed the same way). */
enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF, LEN_MAX };
static const unsigned char length_bits[] = {
	[LEN_INT] = CHAR_BIT * sizeof(int),
	[LEN_CHAR] = CHAR_BIT,
	[LEN_SHORT] = CHAR_BIT * sizeof(short),
	[LEN_LONG] = CHAR_BIT * sizeof(long),
	[LEN_LLONG] = CHAR_BIT * sizeof(long long),
	[LEN_SIZE] = CHAR_BIT * sizeof(size_t),
	[LEN_PTRDIFF] = CHAR_BIT * sizeof(ptrdiff_t),
	[LEN_MAX] = CHAR_BIT * sizeof(intmax_t),
};

/* An integer argument as its two's complement bits, zero-extended. */
static unsigned long long integer_arg(va_list *ap, enum length l)
{
	unsigned long long v;

	if (l == LEN_LLONG || length_bits[l] > length_bits[LEN_LONG])
		v = va_arg(*ap, unsigned long long);
	else if (length_bits[l] > length_bits[LEN_INT])
		v = va_arg(*ap, unsigned long);
	else
		v = va_arg(*ap, unsigned int);
	if (length_bits[l] < CHAR_BIT * sizeof(v))
		v &= (1ULL << length_bits[l]) - 1;
	return v;
}

/* A number from the format ("12") or from the arguments ("*"). */
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
		const char *start = p;
		struct field f = { 0 };
		int zero_flag = 0, precision = -1;
		enum length l = LEN_INT;
		unsigned long long v;
		char c;

		if (*p != '%') {
			put(&o, *p, 1);
			continue;
		}
		for (p++; *p == '-' || *p == '0'; p++) {
			if (*p == '-')
				f.left = 1;
			else
				zero_flag = 1;
		}
		f.width = number(&p, &ap);
		if (f.width < 0) { /* a negative '*' width means '-' */
			f.left = 1;
			f.width = f.width == INT_MIN ? INT_MAX : -f.width;
		}
		if (*p == '.') {
			p++;
			precision = number(&p, &ap);
		}
		for (; *p == 'h' || *p == 'l' || *p == 'z' || *p == 't' || *p == 'j'; p++) {
			if (*p == 'h')
				l = l == LEN_SHORT ? LEN_CHAR : LEN_SHORT;
			else if (*p == 'l')
				l = l == LEN_LONG ? LEN_LLONG : LEN_LONG;
			else
				l = *p == 'z' ? LEN_SIZE : *p == 't' ? LEN_PTRDIFF : LEN_MAX;
		}
		c = *p;
		switch (c) {
		case 's':
			f.text = va_arg(ap, const char *);
			if (!f.text)
				f.text = "(null)";
			while (f.text[f.textlen] && (precision < 0 || f.textlen < precision))
				f.textlen++;
			break;
		case 'c':
			digits[0] = (char)va_arg(ap, int);
			f.text = digits;
			f.textlen = 1;
			break;
		case 'd': case 'i': case 'u': case 'x': case 'X':
			v = integer_arg(&ap, l);
			if ((c == 'd' || c == 'i') && v >> (length_bits[l] - 1)) {
				f.sign = '-'; /* the magnitude: 2^bits - v */
				v = -v;
				if (length_bits[l] < CHAR_BIT * sizeof(v))
					v &= (1ULL << length_bits[l]) - 1;
			}
			f.textlen = 0;
			for (unsigned base = c == 'x' || c == 'X' ? 16 : 10; v; v /= base) {
				unsigned d = (unsigned)(v % base);
				digits[sizeof(digits) - ++f.textlen] =
					(char)(d < 10 ? '0' + d : (c == 'x' ? 'a' : 'A') + d - 10);
			}
			if (f.textlen == 0 && precision != 0)
				digits[sizeof(digits) - ++f.textlen] = '0';
			f.text = digits + sizeof(digits) - f.textlen;
			if (precision > f.textlen)
				f.zeros = precision - f.textlen;
			else if (zero_flag && !f.left && precision < 0 &&
				 f.width > f.textlen + (f.sign != 0))
				f.zeros = f.width - f.textlen - (f.sign != 0);
			break;
		case '%':
			f.text = "%";
			f.textlen = 1;
			f.width = 0;
			break;
		default: /* not ours: copied out as written */
			f.text = start;
			f.textlen = (int)(p - start) + (c != 0);
			f.width = 0;
			if (!c)
				p--;
		}
		put_field(&o, &f);
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
