/* dotconfig.c: parses Kconfig .config text into symbols, kept in file order and by name. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wardgen.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static size_t sym_len(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') ||
			 (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
		i++;
	return i;
}

/* Kconfig writes only \" and \\, and reads a backslash as "take the next byte". */
int cfg_unquote(const char *raw, char *out, const char **why)
{
	size_t i;

	if (raw[0] != '"') {
		*why = "is not a quoted string";
		return -1;
	}
	for (i = 1; raw[i] && raw[i] != '"'; i++) {
		if (raw[i] == '\\' && raw[i + 1])
			i++;
		*out++ = raw[i];
	}
	*out = '\0';
	if (raw[i] != '"') {
		*why = "has no closing quote";
		return -1;
	}
	if (raw[i + 1]) {
		*why = "has text after the closing quote";
		return -1;
	}
	return 0;
}

static int cfg_add(struct cfg *c, const char *sym, const char *raw, const char *str,
		   enum cfg_kind kind, size_t line)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct cfg_ent *v = realloc(c->v, cap * sizeof *v);

		if (!v)
			return -1;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n].sym = sym;
	c->v[c->n].raw = raw;
	c->v[c->n].str = str;
	c->v[c->n].kind = kind;
	c->v[c->n].line = line;
	c->n++;
	return 0;
}

/* One line, mem[at .. at+n). Symbols and raw values are cut out of mem in place; an
 * unescaped string goes to the same offset in the second half of mem, which is as long
 * as the first, so no value has a size limit of its own. */
static int parse_line(struct cfg *c, size_t half, size_t at, size_t n, size_t line,
		      const char *origin, struct diag *d)
{
	static const char unset[] = " is not set";
	char *p, *raw, *str;
	enum cfg_kind kind = CFG_WORD;
	const char *why;
	size_t k;

	for (; n && is_blank(c->mem[at]); at++, n--)
		;
	for (; n && is_blank(c->mem[at + n - 1]); n--)
		;
	p = c->mem + at;
	if (n == 0)
		return 0;
	if (memchr(p, '\0', n)) {
		diag_line(d, origin, line, "contains a NUL byte");
		return 0;
	}
	p[n] = '\0';
	if (p[0] == '#') {
		if (n < 9 || memcmp(p, "# CONFIG_", 9))
			return 0;
		k = sym_len(p + 9, n - 9);
		if (k == 0 || strcmp(p + 9 + k, unset))
			return 0; /* a comment that merely starts like one */
		p[9 + k] = '\0';
		return cfg_add(c, p + 9, "n", "n", CFG_UNSET, line);
	}
	k = n > 7 && !memcmp(p, "CONFIG_", 7) ? sym_len(p + 7, n - 7) : 0;
	if (k == 0 || p[7 + k] != '=') {
		diag_line(d, origin, line, "is neither CONFIG_<symbol>=<value> nor a comment");
		return 0;
	}
	p[7 + k] = '\0';
	raw = str = p + 8 + k;
	if (raw[0] == '"') {
		str = raw + half;
		kind = CFG_STRING;
		if (cfg_unquote(raw, str, &why) < 0) {
			diag_sym(d, p + 7, raw, "%s", why);
			kind = CFG_BAD;
		}
	} else if (!strcmp(raw, "y")) {
		kind = CFG_Y;
	} else if (!strcmp(raw, "n")) {
		kind = CFG_UNSET;
	}
	return cfg_add(c, p + 7, raw, str, kind, line);
}

static int ent_cmp(const void *x, const void *y)
{
	const struct cfg_ent *a = *(struct cfg_ent *const *)x;
	const struct cfg_ent *b = *(struct cfg_ent *const *)y;
	int r = strcmp(a->sym, b->sym);

	return r ? r : (a->line > b->line) - (a->line < b->line);
}

int cfg_parse(struct cfg *c, const char *text, size_t len, const char *origin, struct diag *d)
{
	size_t at, end, line, i;
	const char *nl;

	memset(c, 0, sizeof *c);
	if (len > SIZE_MAX / 2 - 1 || !(c->mem = malloc(2 * (len + 1)))) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(c->mem, text, len);
	c->mem[len] = '\0';
	for (at = 0, line = 1; at < len; at = end + 1, line++) {
		nl = memchr(c->mem + at, '\n', len - at);
		end = nl ? (size_t)(nl - c->mem) : len;
		if (parse_line(c, len + 1, at, end - at, line, origin, d) < 0)
			return -1;
	}
	c->sorted = malloc((c->n + 1) * sizeof *c->sorted);
	if (!c->sorted)
		return -1;
	for (i = 0; i < c->n; i++)
		c->sorted[i] = &c->v[i];
	qsort(c->sorted, c->n, sizeof *c->sorted, ent_cmp);
	/* Kconfig would let the last one win; a generator of PID 1's table should not guess. */
	for (i = 1; i < c->n; i++)
		if (!strcmp(c->sorted[i - 1]->sym, c->sorted[i]->sym))
			diag_sym(d, c->sorted[i]->sym, c->sorted[i]->raw,
				 "is set again (first on line %zu)", c->sorted[i - 1]->line);
	return 0;
}

/* bsearch key: the concatenation of parts, compared like strcmp without building it. */
struct key {
	const char *part[4];
};

static int key_cmp(const void *k, const void *e)
{
	const struct key *key = k;
	const unsigned char *s = (const unsigned char *)(*(struct cfg_ent *const *)e)->sym;
	const unsigned char *p;
	size_t i;

	for (i = 0; i < 4; i++)
		for (p = (const unsigned char *)key->part[i]; *p; p++, s++)
			if (*p != *s)
				return *p - *s;
	return -*s;
}

static const struct cfg_ent *cfg_lookup(const struct cfg *c, const struct key *key)
{
	struct cfg_ent *const *e;

	if (!c->n)
		return NULL;
	e = bsearch(key, c->sorted, c->n, sizeof *c->sorted, key_cmp);
	return e ? *e : NULL;
}

const struct cfg_ent *cfg_find(const struct cfg *c, const char *sym)
{
	const struct key key = { { sym, "", "", "" } };

	return cfg_lookup(c, &key);
}

const struct cfg_ent *cfg_find_app(const struct cfg *c, const char *id, const char *field)
{
	const struct key key = { { "APP_", id, "_", field } };

	return cfg_lookup(c, &key);
}

void cfg_free(struct cfg *c)
{
	free(c->v);
	free(c->sorted);
	free(c->mem);
	memset(c, 0, sizeof *c);
}
