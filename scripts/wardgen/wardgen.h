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

/* diag.c: validation errors, collected so that all of them are reported, one per line, and
 * warnings, which do not stop the build. */
struct diag {
	struct buf text; /* the errors */
	int count;
	struct buf warn; /* the warnings */
};
/* "wardgen: CONFIG_<sym>=<raw>: <message>"; raw NULL prints "(missing)". */
void diag_sym(struct diag *d, const char *sym, const char *raw, const char *fmt, ...);
/* "wardgen: warning: CONFIG_<sym>=<raw>: <message>", into d->warn. */
void diag_warn(struct diag *d, const char *sym, const char *raw, const char *fmt, ...);
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
	char shell_op; /* the first character outside quotes a shell would take as its own
			* (an operator, an expansion, a comment), or 0 */
};
/* Returns -1 with errno EINVAL and a reason (unbalanced quote...) or errno ENOMEM. */
int words_split(const char *s, struct words *w, const char **why);
void words_free(struct words *w);

/* ns.c: namespace names <-> CLONE_NEW* flags. */
struct ns_kind {
	const char *name;
	const char *flag;
};
enum { NS_KINDS = 8 };
/* Without APP_<id>_NAMESPACES: every namespace but time (its offsets need configuring). */
#define NS_DEFAULT ((1u << 7) - 1)
#define NS_USER_BIT (1u << 6)
extern const struct ns_kind ns_kinds[NS_KINDS];
/* ORs bit i into *mask for each name ns_kinds[i].name in s; returns -1 at the first
 * unknown name, pointing *bad and *badlen at it (parse again from bad + badlen). */
int ns_parse(const char *s, unsigned *mask, const char **bad, size_t *badlen);

/* cstr.c: s as a C string literal holding the same bytes. */
void cstr_put(struct buf *b, const char *s);

/* syscall_names.c: every system call name of the supported targets, sorted (strcmp). */
enum { SYSCALL_NAMES = 436 };
extern const char *const syscall_names[SYSCALL_NAMES];
/* seccomp.c: the index of the n bytes at s in syscall_names, or -1. */
int syscall_find(const char *s, size_t n);

/* syscall_numbers.c: the target's number of each name in syscall_names (-1: it has no such
 * call), from its compiler's `-E -dM` of <sys/syscall.h>. */
struct sysnr {
	long nr[SYSCALL_NAMES];
};
/* text: len bytes, and a NUL after them. */
void sysnr_parse(struct sysnr *t, const char *text, size_t len);

/* seccomp.c: the default deny list of an app's seccomp filter. A rule denies every call of
 * its system call, or (with `test`) decides on the low 32 bits of argument `arg`: the call
 * matches when the argument equals one of `values` (SB_JEQ) or has a bit of values[0] set
 * (SB_JSET); `deny_match` says whether a match is denied (else whatever does not match is). */
struct sc_rule {
	const char *name;
	const char *err;       /* errno of a denied call */
	const char *test;      /* NULL: no argument test */
	int arg, deny_match;
	const char *values[4]; /* C expressions, the first one at least */
	int arg2;	       /* with value2: denied when arg is values[0] and arg2 is value2 */
	const char *value2;
};
enum { SC_RULES = 65 };
enum sc_how { SC_AS_RULE, SC_ALLOWED, SC_DENIED }; /* per app and rule; SC_DENIED: outright */
extern const struct sc_rule sc_rules[SC_RULES];

/* fields.c: one app's fields, checked and converted. */
enum limit_id { LIMIT_MEMORY, LIMIT_PIDS, LIMIT_CPU, LIMITS };
/* The longest value a cgroup file gets at run time: sandbox/cgroup_file.h's struct
 * cg_setting holds 64 bytes with the NUL. */
enum { CGROUP_VALUE_MAX = 63 };
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
/* confine.c: what confines an app beyond its namespaces. */
enum { SBF_BIND_RW = 1, SBF_BIND_OPTIONAL = 2, SBF_BIND_CREATE = 4, SBF_BIND_DEVICE = 8 };
struct bind {
	char *src, *dst; /* each allocated */
	unsigned flags;  /* SBF_BIND_* */
};
enum { RLIMIT_NAMES = 16 };
struct rlim {
	size_t resource; /* index of its name: rlimit_name() */
	unsigned long long soft, hard;
};
#define BINDS_DEFAULT "/bin /sbin? /usr? /lib? /etc?"
#define DATA_DIR_DEFAULT "/var/lib/ward"
#define MAP_AUTO_BASE 100000LL
#define MAP_AUTO_STEP 65536LL
#define MAP_AUTO_SLOTS 32766UL /* the last range ends below 2^31 */
struct confine {
	int root, mask_proc, drop_caps, no_new_privs; /* ROOT, MASK_PROC, CAPS != all, NO_NEW_PRIVS */
	int noexec;                                   /* NOEXEC */
	unsigned long long caps;
	long long uid, gid, map_uid, map_gid; /* map 0: a range of its own, map_auto */
	long long map_auto;                   /* idranges_assign(): from its name */
	struct bind *binds;                   /* BINDS, then DATA */
	size_t nbinds;
	struct rlim rlimits[RLIMIT_NAMES];
	size_t nrlimits;
	long long monotonic, boottime, tmpfs_kib, cpu_weight, io_weight;
	unsigned long long memory_high, swap_max;
	const char *cpuset, *io_max;
};
const char *rlimit_name(size_t i);
struct app;
/* A bool field: absent means `dflt`. */
int bool_field(const struct cfg *c, const char *id, const char *field, int dflt,
	       struct diag *d);
/* An int field within [lo, hi]: absent means `dflt`; errors are reported. */
long long int_field(const struct cfg *c, const char *id, const char *field, long long lo,
		    long long hi, long long dflt, struct diag *d);
/* Fills a->confine; errors go to d. -1: out of memory. */
int app_confine(const struct cfg *c, struct app *a, struct diag *d);
void confine_free(struct confine *f);
/* The string value of CONFIG_APP_<id>_<field>, or NULL when absent (*ep NULL) or not a
 * string (reported). */
const char *field_str(const struct cfg *c, const char *id, const char *field,
		      const struct cfg_ent **ep, struct diag *d);

/* cgroup_syntax.c: whether APP_<id>_CPUSET and _IO_MAX are what the kernel parses. */
int cpuset_valid(const char *s);
int io_max_valid(const char *s);

/* net.c: what an app's own net namespace gets (APP_<id>_NET, _VETH_ADDR, _VETH_HOST_ADDR). */
enum net_mode { NET_LOOPBACK, NET_NONE, NET_VETH, NET_MODES };
struct net {
	enum net_mode mode;
	unsigned long addr, host_addr; /* IPv4 of the app's and the system's end, host order */
	unsigned prefix, host_prefix;
	const struct cfg_ent *host_ent; /* VETH_HOST_ADDR, for errors across apps */
};
#define IFNAME_MAX_LEN 15
/* a.b.c.d/n: a unicast address, n 1..31; -1 when s is anything else. */
int cidr_parse(const char *s, unsigned long *addr, unsigned *prefix);

/* supervise.c: how PID 1 runs the app beyond its sandbox: readiness, dependencies, crash
 * loops. The ladder's rungs are taken in order, one per crash loop; the last one stays. */
enum rung { RUNG_RETRY, RUNG_STOP, RUNG_FALLBACK, RUNG_REBOOT, RUNGS };
extern const char *const rung_names[RUNGS]; /* "retry"...; APP_RUNG_<upper> in C */
enum { LADDER_MAX = 4 };
struct supervise {
	int critical, oneshot, autostart;
	long long notify_fd, heartbeat_ms, timeout_ms, crash_limit, crash_window_ms;
	unsigned char ladder[LADDER_MAX];
	size_t nladder;
	const struct cfg_ent *depends_ent, *fallback_ent;
	struct words depends;	  /* names, resolved to indexes by supervise_check() */
	size_t *depends_idx;
	const char *fallback;	  /* a name, or NULL */
	long long fallback_idx;	  /* -1: none */
};

struct app {
	const struct cfg_ent *on, *name_ent; /* CONFIG_APP_<id>=y and its NAME */
	const char *id, *name, *hostname;    /* point into the cfg */
	struct words argv, envp;
	int default_path; /* envp has no PATH=: PATH_DEFAULT goes first */
	unsigned ns;      /* bit i: ns_kinds[i] */
	size_t restart;   /* index into restart_fields */
	unsigned long long limit[LIMITS];
	int seccomp;                          /* APP_<id>_SECCOMP (default y): emit a filter */
	unsigned char sc_rule[SC_RULES];      /* enum sc_how: _SECCOMP_ALLOW and _DENY */
	unsigned char sc_deny[SYSCALL_NAMES]; /* other calls that APP_<id>_SECCOMP_DENY adds */
	struct confine confine;
	struct net net;
	struct supervise sup;
};
/* sandbox.h's SB_PATH_DEFAULT (test_wardgen checks they agree): wardgen is a host tool and
 * includes nothing of the init. */
#define PATH_DEFAULT "PATH=/usr/sbin:/usr/bin:/sbin:/bin"
#define NAME_MAX_LEN 31
#define HOSTNAME_MAX_LEN 64
/* Fills a from the fields of the app enabled by `on`; errors go to d. -1: out of memory. */
int app_fields(const struct cfg *c, const struct cfg_ent *on, struct app *a, struct diag *d);
/* seccomp.c: the APP_<id>_SECCOMP* fields; errors go to d. */
void app_seccomp(const struct cfg *c, struct app *a, struct diag *d);
/* seccomp.c: whether APP_<id>_SECCOMP_ALLOW took the rule of that call off a's filter. */
int sc_allowed(const struct app *a, const char *name);
/* net.c: the APP_<id>_NET and _VETH_* fields (after the namespaces); errors go to d. */
void app_net(const struct cfg *c, struct app *a, struct diag *d);

/* supervise.c: the APP_<id> supervision fields; -1 only when out of memory. */
int app_supervise(const struct cfg *c, struct app *a, struct diag *d);
struct app_list;
/* Names in DEPENDS and FALLBACK must be enabled apps, and DEPENDS must not form a cycle.
 * -1 only when out of memory. */
int supervise_check(struct app_list *l, struct diag *d);
void emit_supervise_arrays(struct buf *b, size_t i, const struct app *a);
void emit_supervise_members(struct buf *b, size_t depends_owner, const struct app *a);
void supervise_free(struct supervise *s);

/* collect.c: the enabled apps in table order, and the checks that span apps. */
struct app_list {
	struct app *v;
	size_t n, cap;
	const struct sysnr *sysnr; /* the target's call numbers; NULL: none known */
};
#define MAX_APPS_DEFAULT 16
int apps_collect(const struct cfg *c, struct app_list *l, struct diag *d);
/* confine.c: an app without a nofile rlimit gets the kernel's 1024:4096 where PID 1 raises
 * its own. */
void rlimits_nofile_default(struct app_list *l);
/* net.c: veth subnets of two apps must not overlap. */
void nets_check(const struct app_list *l, struct diag *d);

/* idrange.c: each app with a user namespace and no MAP_UID gets a range of 65536 host ids of
 * its own, from its name (confine.map_auto). */
void idranges_assign(struct app_list *l);
/* No two apps share host ids: ranges that overlap, or an app without a user namespace running
 * as ids in another's range. */
void idranges_check(const struct cfg *c, const struct app_list *l, struct diag *d);

/* confine.c: an absolute path of at most 200 bytes without "." or ".." components (a bind's
 * is resolved beneath the app's root). */
int path_ok(const char *p);
/* writable.c: whether path is dir or lies beneath it, component by component ("//" is "/";
 * "/a" does not hold "/ab"). */
int path_within(const char *path, const char *dir);
/* writable.c: no bind source and no reboot record where an app can write (a :rw bind,
 * WARD_DATA_DIR); no bind of the data directories. Errors go to d. */
void writable_check(const struct cfg *c, const struct app_list *l, struct diag *d);
void apps_free(struct app_list *l);

/* emit_apps.c: the arrays that a row of app_table points to. An app whose array of a kind
 * is the same as an earlier app's points to that one (most apps have the default PATH, binds
 * and rlimits); owner[kind] is the index of the app whose array a row names. */
enum array_kind { ARRAY_ARGV, ARRAY_ENVP, ARRAY_BINDS, ARRAY_RLIMITS, ARRAY_DEPENDS, ARRAYS };

/* emit_confine.c: an app's binds and rlimits arrays (named for app i), and its sb_spec
 * members. */
void emit_binds(struct buf *b, size_t i, const struct app *a);
void emit_rlimits(struct buf *b, size_t i, const struct app *a);
void emit_confine_members(struct buf *b, const size_t owner[ARRAYS], const struct app *a);
void emit_confine_limits(struct buf *b, const struct app *a);
/* net.c: the .net and .veth_* members; the system's end is named from the app's name, or
 * from its table index i when the name is too long. */
void emit_net_members(struct buf *b, size_t i, const struct app *a);

/* emit_config.c, emit_apps.c: the generated files, from validated input. */
void emit_config_h(struct buf *b, const struct cfg *c, size_t n_apps, const char *origin);
void emit_apps_c(struct buf *b, const struct app_list *l, const char *origin);
/* emit_seccomp.c: app_<i>_seccomp[], the app's filter as constant BPF (when a->seccomp), and
 * the .seccomp and .seccomp_len lines of its row. */
struct app_list;
/* The first app with the same filter as app i (i itself when none): they share it. */
size_t seccomp_twin(const struct app_list *l, size_t i);
void emit_seccomp(struct buf *b, size_t i, const struct app *a, size_t twin,
		  const struct sysnr *t);
/* Once, before the filters: checks that the numbers are the compiler's, and that it has no
 * call that a filter names but the numbers lack. */
void emit_seccomp_guards(struct buf *b, const struct app_list *l);
void emit_seccomp_members(struct buf *b, size_t i, const struct app *a);
/* origin made safe to print inside a C comment */
void emit_origin(struct buf *b, const char *origin);

#endif
