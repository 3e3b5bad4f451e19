/* diag.c: collects validation errors so that one run reports all of them, one per line, and
 * warnings: settings that build but are seldom what a firmware engineer meant. */
#include "wardgen.h"

/* Control bytes from the .config are shown as \ooo: a CR in a value must not be able
 * to split or overwrite an error line. */
static void diag_end(struct buf *out, struct buf *line, const char *fmt, va_list ap)
{
	const unsigned char *p;

	buf_vprintf(line, fmt, ap);
	if (line->failed)
		out->failed = 1;
	for (p = (const unsigned char *)line->p; p && *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			buf_printf(out, "\\%03o", *p);
		else
			buf_add(out, (const char *)p, 1);
	buf_add(out, "\n", 1);
	buf_free(line);
}

/* "wardgen: <kind>CONFIG_<sym>=<raw>: <message>" into out. */
static void sym_line(struct buf *out, const char *kind, const char *sym, const char *raw,
		     const char *fmt, va_list ap)
{
	struct buf line = { 0 };

	buf_printf(&line, "wardgen: %sCONFIG_%s=%s: ", kind, sym, raw ? raw : "(missing)");
	diag_end(out, &line, fmt, ap);
}

void diag_sym(struct diag *d, const char *sym, const char *raw, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sym_line(&d->text, "", sym, raw, fmt, ap);
	va_end(ap);
	d->count++;
}

void diag_warn(struct diag *d, const char *sym, const char *raw, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sym_line(&d->warn, "warning: ", sym, raw, fmt, ap);
	va_end(ap);
}

void diag_line(struct diag *d, const char *origin, size_t line_no, const char *fmt, ...)
{
	struct buf line = { 0 };
	va_list ap;

	buf_printf(&line, "wardgen: %s:%zu: ", origin, line_no);
	va_start(ap, fmt);
	diag_end(&d->text, &line, fmt, ap);
	va_end(ap);
	d->count++;
}
