/* wardgen.h: what wardgen's modules export to each other (host tool, C99 and libc only). */
#ifndef WARDGEN_H
#define WARDGEN_H

#include <stdarg.h>
#include <stddef.h>

/* buf.c: a growable NUL-terminated byte string. A failed allocation sets `failed` and
 * turns later appends into no-ops, like a stdio error flag: callers check it once. */
struct buf {
	char *p;
	size_t len, cap;
	int failed;
};
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_free(struct buf *b);

/* diag.c: validation errors, collected so that all of them are reported, one per line. */
struct diag {
	struct buf text;
	int count;
};
/* "wardgen: CONFIG_<sym>=<raw>: <message>"; raw NULL prints "(missing)". */
void diag_sym(struct diag *d, const char *sym, const char *raw, const char *fmt, ...);
/* For lines that carry no symbol: "wardgen: <origin>:<line>: <message>". */
void diag_line(struct diag *d, const char *origin, size_t line, const char *fmt, ...);

/* dotconfig.c: the symbols of a .config, in file order. */
enum cfg_kind {
	CFG_UNSET,  /* "# CONFIG_X is not set" or CONFIG_X=n */
	CFG_Y,      /* CONFIG_X=y */
	CFG_STRING, /* CONFIG_X="..." */
	CFG_WORD,   /* anything else unquoted: numbers, m, junk */
	CFG_BAD,    /* a malformed string, already reported */
};
struct cfg_ent {
	const char *sym; /* without the CONFIG_ prefix */
	const char *raw; /* the value as written after '=' ("n" when not set) */
	const char *str; /* the unescaped value of a CFG_STRING, else raw */
	size_t line;
	enum cfg_kind kind;
};
struct cfg {
	struct cfg_ent *v; /* file order */
	size_t n, cap;
	struct cfg_ent **sorted; /* by symbol, for lookups */
	char *mem;               /* the text, cut up in place; then room for unescaped strings */
};
/* Unescape a Kconfig string value ("..." with \x meaning x) into out, which has room for
 * strlen(raw) bytes. Returns -1 and a reason when raw is not exactly one quoted string. */
int cfg_unquote(const char *raw, char *out, const char **why);
/* Parse .config text; syntax errors go to d. Returns -1 only when out of memory. */
int cfg_parse(struct cfg *c, const char *text, size_t len, const char *origin, struct diag *d);
const struct cfg_ent *cfg_find(const struct cfg *c, const char *sym);
/* The entry of CONFIG_APP_<id>_<field>, or NULL. */
const struct cfg_ent *cfg_find_app(const struct cfg *c, const char *id, const char *field);
void cfg_free(struct cfg *c);

/* num.c: strict decimal or 0x-hex integer; -1 with errno EINVAL (syntax) or ERANGE. */
int num_parse(const char *s, long long *v);

/* words.c: shell-like word splitting, without expansion or globbing. */
struct words {
	char **v; /* n words, then NULL */
	size_t n;
	char *chars;
};
/* Returns -1 with errno EINVAL and a reason (unbalanced quote...) or errno ENOMEM. */
int words_split(const char *s, struct words *w, const char **why);
void words_free(struct words *w);

/* ns.c: namespace names <-> CLONE_NEW* flags. */
struct ns_kind {
	const char *name;
	const char *flag;
};
enum { NS_KINDS = 6 };
extern const struct ns_kind ns_kinds[NS_KINDS];
/* ORs bit i into *mask for each name ns_kinds[i].name in s; returns -1 at the first
 * unknown name, pointing *bad and *badlen at it (parse again from bad + badlen). */
int ns_parse(const char *s, unsigned *mask, const char **bad, size_t *badlen);

/* cstr.c: s as a C string literal holding the same bytes. */
void cstr_put(struct buf *b, const char *s);

/* fields.c: one app's fields, checked and converted. */
enum limit_id { LIMIT_MEMORY, LIMIT_PIDS, LIMIT_CPU, LIMITS };
struct limit_rule {
	const char *field; /* APP_<id>_<field> */
	long long lo, hi;  /* accepted besides 0 ("no limit") */
	unsigned scale;    /* .config unit -> sb_limits unit */
	const char *unit;
	const char *member, *suffix; /* in struct sb_limits, and its literal suffix */
};
extern const struct limit_rule limit_rules[LIMITS];
enum { RESTARTS = 3 };
extern const char *const restart_fields[RESTARTS]; /* RESTART_ALWAYS...: APP_<that> in C */
struct app {
	const struct cfg_ent *on, *name_ent; /* CONFIG_APP_<id>=y and its NAME */
	const char *id, *name, *hostname;    /* point into the cfg */
	struct words argv, envp;
	int default_path; /* envp has no PATH=: PATH_DEFAULT goes first */
	unsigned ns;      /* bit i: ns_kinds[i] */
	size_t restart;   /* index into restart_fields */
	unsigned long long limit[LIMITS];
};
#define PATH_DEFAULT "PATH=/usr/sbin:/usr/bin:/sbin:/bin"
#define NAME_MAX_LEN 31
#define HOSTNAME_MAX_LEN 64
/* Fills a from the fields of the app enabled by `on`; errors go to d. -1: out of memory. */
int app_fields(const struct cfg *c, const struct cfg_ent *on, struct app *a, struct diag *d);

/* collect.c: the enabled apps in table order, and the checks that span apps. */
struct app_list {
	struct app *v;
	size_t n, cap;
};
#define MAX_APPS_DEFAULT 16
int apps_collect(const struct cfg *c, struct app_list *l, struct diag *d);
void apps_free(struct app_list *l);

/* emit_config.c, emit_apps.c: the generated files, from validated input. */
void emit_config_h(struct buf *b, const struct cfg *c, size_t n_apps, const char *origin);
void emit_apps_c(struct buf *b, const struct app_list *l, const char *origin);
/* origin made safe to print inside a C comment */
void emit_origin(struct buf *b, const char *origin);

#endif
