/* confine.c: the fields of an app that confine it beyond namespaces (its own root, binds and
 * data directories, user namespace ids, capabilities, rlimits, time offsets, cgroup extras),
 * checked and turned into the sb_spec members they fill. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wardgen.h"

/* Capability names, CAP_<NAME> in lower case, by number. */
static const char *const cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid",
	"setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast",
	"net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio",
	"sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write",
	"audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

static const char *const rlimit_names[RLIMIT_NAMES] = {
	"as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile",
	"nproc", "rss", "rtprio", "rttime", "sigpending", "stack",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* What a word-list parser needs besides the words: where they came from, for errors. */
struct field_ctx {
	const struct cfg *c;
	const struct app *a;
	const struct cfg_ent *e; /* NULL when the field is absent and the default applies */
	struct diag *d;
};

/* strdup is not C99 */
static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	return p ? memcpy(p, s, n) : NULL;
}

const char *rlimit_name(size_t i)
{
	return rlimit_names[i];
}

int bool_field(const struct cfg *c, const char *id, const char *field, int dflt,
	       struct diag *d)
{
	const struct cfg_ent *e = cfg_find_app(c, id, field);

	if (!e)
		return dflt;
	/* ROOT=1 or ="y" read as off would be a sandbox weaker than asked for, unseen. */
	if (e->kind == CFG_STRING || e->kind == CFG_WORD)
		diag_sym(d, e->sym, e->raw, "is not y or n");
	return e->kind == CFG_Y;
}

long long int_field(const struct cfg *c, const char *id, const char *field,
			   long long lo, long long hi, long long dflt, struct diag *d)
{
	const struct cfg_ent *e = cfg_find_app(c, id, field);
	long long v;

	if (!e || e->kind == CFG_BAD)
		return dflt;
	if (e->kind != CFG_WORD || num_parse(e->raw, &v) < 0) {
		if (e->kind != CFG_WORD || errno == EINVAL)
			diag_sym(d, e->sym, e->raw, "is not a number");
		else
			diag_sym(d, e->sym, e->raw, "out of range (%lld..%lld)", lo, hi);
		return dflt;
	}
	if (v < lo || v > hi) {
		diag_sym(d, e->sym, e->raw, "out of range (%lld..%lld)", lo, hi);
		return dflt;
	}
	return v;
}

/* A string field split into words; absent means `dflt`. -1 only when out of memory. */
static int words_field(const struct cfg *c, const char *id, const char *field,
		       const char *dflt, struct words *w, const struct cfg_ent **ep,
		       struct diag *d)
{
	const char *s = field_str(c, id, field, ep, d);
	const char *why;

	if (!*ep)
		s = dflt;
	else if (!s)
		return 0; /* not a string: reported */
	if (!s)
		return 0;
	if (words_split(s, w, &why) == 0)
		return 0;
	if (errno == ENOMEM)
		return -1;
	diag_sym(d, (*ep)->sym, (*ep)->raw, "%s", why);
	return 0;
}

/* Absolute, at most 200 bytes, and written one way only: no . or .., no // and no / at the
 * end (but "/"). The checks compare paths as strings too (the exact /dev, a destination
 * that is /): "/dev/" would pass where "/dev" is refused. */
int path_ok(const char *p)
{
	const char *s;
	size_t len = strlen(p);

	if (p[0] != '/' || len > 200 || (len > 1 && p[len - 1] == '/'))
		return 0;
	for (s = p; *s; s++)
		if (s[0] == '/' && (s[1] == '/' || (s[1] == '.' && (s[2] == '/' || !s[2] ||
						   (s[2] == '.' && (s[3] == '/' || !s[3]))))))
			return 0;
	return 1;
}

static int add_bind(struct confine *f, char *src, char *dst, unsigned flags)
{
	struct bind *v = realloc(f->binds, (f->nbinds + 1) * sizeof(*v));

	if (!v)
		return -1;
	/* A device in the system's /dev (a serial port, a GPIO chip) is bound usable: no app can
	 * write there, so no link an app left can turn the source into another device. Every
	 * other bind is nodev. */
	if (path_within(src, "/dev") && strcmp(src, "/dev") != 0)
		flags |= SBF_BIND_DEVICE;
	f->binds = v;
	v[f->nbinds++] = (struct bind){ .src = src, .dst = dst, .flags = flags };
	return 0;
}

/* SRC[?][:DST][:rw|:ro] -- '?' marks a source that may be missing. */
static int parse_binds(struct confine *f, const struct field_ctx *x, const struct words *w)
{
	const struct cfg_ent *e = x->e;
	struct diag *d = x->d;

	for (size_t i = 0; i < w->n; i++) {
		char *src = dup_str(w->v[i]), *dst, *mode;
		unsigned flags = 0;

		if (!src)
			return -1;
		dst = strchr(src, ':');
		if (dst)
			*dst++ = '\0';
		mode = dst ? strchr(dst, ':') : NULL;
		if (mode)
			*mode++ = '\0';
		if (dst && (!strcmp(dst, "rw") || !strcmp(dst, "ro")) && !mode) {
			mode = dst;
			dst = NULL;
		}
		if (src[0] && src[strlen(src) - 1] == '?') {
			src[strlen(src) - 1] = '\0';
			flags |= SBF_BIND_OPTIONAL;
		}
		dst = dup_str(dst && *dst ? dst : src);
		if (!dst) {
			free(src);
			return -1;
		}
		if (mode && !strcmp(mode, "rw"))
			flags |= SBF_BIND_RW;
		if (!path_ok(src) || !path_ok(dst) || (mode && strcmp(mode, "rw") && strcmp(mode, "ro")))
			diag_sym(d, e->sym, e->raw,
				 "\"%s\" is not SRC[?][:DST][:rw|:ro] with absolute paths (no . or .., "
				 "no // or / at the end)",
				 w->v[i]);
		if (add_bind(f, src, dst, flags) < 0) {
			free(src);
			free(dst);
			return -1;
		}
	}
	return 0;
}

/* NAME:DST -- a directory of its own under WARD_DATA_DIR, kept across runs and boots. */
static int parse_data(struct confine *f, const struct field_ctx *x, const struct words *w)
{
	const struct cfg_ent *e = x->e, *dir = cfg_find(x->c, "WARD_DATA_DIR");
	const char *data_dir = dir && dir->kind == CFG_STRING ? dir->str : DATA_DIR_DEFAULT;
	const char *app = x->a->name ? x->a->name : "";
	struct diag *d = x->d;

	for (size_t i = 0; i < w->n; i++) {
		const char *colon = strchr(w->v[i], ':');
		struct buf src = { 0 };
		char *dst;
		size_t n = colon ? (size_t)(colon - w->v[i]) : 0;
		int ok = n > 0 && n <= 31 && strspn(w->v[i], "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;

		if (!ok || !path_ok(colon + 1))
			diag_sym(d, e->sym, e->raw, "\"%s\" is not NAME:DST (NAME [a-z0-9_-], DST absolute, "
				 "no . or .., no // or / at the end)",
				 w->v[i]);
		buf_printf(&src, "%s/%s/%.*s", data_dir, app, (int)n, w->v[i]);
		/* PID 1 makes it in a buffer of 256 bytes: longer, every start would fail. */
		if (!src.failed && strlen(src.p) > 255)
			diag_sym(d, e->sym, e->raw, "\"%s\": its directory, WARD_DATA_DIR/%s/NAME, "
				 "is %zu bytes long (at most 255)", w->v[i], app, strlen(src.p));
		dst = dup_str(colon ? colon + 1 : "/");
		if (src.failed || !dst || add_bind(f, src.p, dst, SBF_BIND_RW | SBF_BIND_CREATE) < 0) {
			free(dst);
			buf_free(&src);
			return -1;
		}
	}
	return 0;
}

static int parse_caps(struct confine *f, const struct field_ctx *x, const struct words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		size_t k;

		if (!strcmp(w->v[i], "all")) {
			f->drop_caps = 0;
			continue;
		}
		for (k = 0; k < N(cap_names) && strcmp(cap_names[k], w->v[i]); k++)
			;
		if (k == N(cap_names))
			diag_sym(x->d, x->e->sym, x->e->raw,
				 "unknown capability \"%s\" (e.g. net_bind_service, or all)", w->v[i]);
		else
			f->caps |= 1ULL << k;
	}
	return 0;
}

static int rlimit_value(const char *s, unsigned long long *v)
{
	long long n;

	if (!strcmp(s, "unlimited")) {
		*v = ~0ULL;
		return 0;
	}
	if (num_parse(s, &n) < 0 || n < 0)
		return -1;
	*v = (unsigned long long)n;
	return 0;
}

/* NAME=SOFT[:HARD], values a number or "unlimited" */
static int parse_rlimits(struct confine *f, const struct field_ctx *x, const struct words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		char buf[96];
		char *eq, *hard;
		size_t k;
		struct rlim *r;
		bool twice;

		/* Cut short, nofile=4096 with a long run of zeros before it would read as 409. */
		if (strlen(w->v[i]) >= sizeof(buf)) {
			diag_sym(x->d, x->e->sym, x->e->raw, "\"%.24s...\" is longer than %zu bytes",
				 w->v[i], sizeof(buf) - 1);
			continue;
		}
		snprintf(buf, sizeof(buf), "%s", w->v[i]);
		eq = strchr(buf, '=');
		if (eq)
			*eq++ = '\0';
		hard = eq ? strchr(eq, ':') : NULL;
		if (hard)
			*hard++ = '\0';
		for (k = 0; k < RLIMIT_NAMES && strcmp(rlimit_names[k], buf); k++)
			;
		r = &f->rlimits[f->nrlimits];
		if (k == RLIMIT_NAMES || !eq || f->nrlimits == RLIMIT_NAMES ||
		    rlimit_value(eq, &r->soft) < 0 || rlimit_value(hard ? hard : eq, &r->hard) < 0 ||
		    r->soft > r->hard) {
			diag_sym(x->d, x->e->sym, x->e->raw,
				 "\"%s\" is not NAME=SOFT[:HARD] (NAME: nofile, nproc, core, stack, ...; soft <= hard)",
				 w->v[i]);
			continue;
		}
		/* The kernel takes no nofile above fs.nr_open (1048576 unless the board raised it):
		 * "unlimited" failed every start (EPERM). */
		if (!strcmp(buf, "nofile") && r->hard == ~0ULL) {
			diag_sym(x->d, x->e->sym, x->e->raw,
				 "\"%s\": nofile cannot be unlimited (the kernel caps it at fs.nr_open, "
				 "1048576 by default)", w->v[i]);
			continue;
		}
		/* Set twice, the last would win, unseen. */
		twice = false;
		for (size_t j = 0; j < f->nrlimits; j++)
			twice |= f->rlimits[j].resource == k;
		if (twice) {
			diag_sym(x->d, x->e->sym, x->e->raw, "\"%s\": %s is set twice", w->v[i], buf);
			continue;
		}
		r->resource = k;
		f->nrlimits++;
	}
	return 0;
}

/* monotonic=SECONDS boottime=SECONDS */
static int parse_offsets(struct confine *f, const struct field_ctx *x, const struct words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		const char *s = w->v[i];
		long long v;
		int mono = !strncmp(s, "monotonic=", 10), boot = !strncmp(s, "boottime=", 9);

		if ((!mono && !boot) || num_parse(strchr(s, '=') + 1, &v) < 0 ||
		    v < -315360000LL || v > 315360000LL) {
			diag_sym(x->d, x->e->sym, x->e->raw,
				 "\"%s\" is not monotonic=SECONDS or boottime=SECONDS (within 10 years)", s);
			continue;
		}
		/* The kernel refuses (ERANGE) an offset that takes the clock below 0: the app
		 * could not start until the system had been up that long, and a critical app's
		 * failed starts at boot would climb its crash ladder. */
		if (v < 0) {
			diag_sym(x->d, x->e->sym, x->e->raw,
				 "\"%s\": a negative offset puts the app's clock below 0 until the "
				 "system has been up that long; the kernel refuses that (ERANGE), and the "
				 "app could not start", s);
			continue;
		}
		if (mono)
			f->monotonic = v;
		else
			f->boottime = v;
	}
	return 0;
}

/* The word-list fields: a default when absent, and the parser that checks each word. */
static const struct {
	const char *field, *dflt;
	int (*parse)(struct confine *f, const struct field_ctx *x, const struct words *w);
} word_fields[] = {
	{ "BINDS", BINDS_DEFAULT, parse_binds },
	{ "DATA", "", parse_data },
	{ "CAPS", "", parse_caps },
	{ "RLIMITS", "", parse_rlimits },
	{ "TIME_OFFSETS", "", parse_offsets },
};

/* An error (a warning, with warn) on CONFIG_APP_<id>_<field>, also when the field is absent
 * and its default holds. */
static void diag_field(struct diag *d, bool warn, const struct cfg *c, const struct app *a,
		       const char *field, const char *dflt, const char *fmt, const char *arg)
{
	const struct cfg_ent *e = cfg_find_app(c, a->id, field);
	struct buf sym = { 0 };

	buf_printf(&sym, "APP_%s_%s", a->id, field);
	(warn ? diag_warn : diag_sym)(d, e ? e->sym : sym.p, e ? e->raw : dflt, fmt, arg);
	buf_free(&sym);
}

/* Without a user namespace, ids and capabilities are the system's own: uid 0 owns what root
 * owns (wardctl's socket, if the app can reach it), and outside a pid namespace it may signal
 * PID 1, whose SIGTERM, SIGUSR1 and SIGUSR2 reboot, halt and power off. Some trusted system
 * apps need that; an untrusted one given it by a forgotten default must not pass unseen. */
static void warn_privileges(const struct cfg *c, const struct app *a, struct diag *d)
{
	const struct confine *f = &a->confine;
	const unsigned pid = 1u << 0, user = NS_USER_BIT; /* ns_kinds */

	if (a->ns & user)
		return;
	if (f->uid == 0)
		diag_field(d, true, c, a, "UID", "0",
			   "runs as the system's root: APP_%s_NAMESPACES has no user namespace",
			   a->id);
	if (f->uid == 0 && !(a->ns & pid))
		diag_field(d, true, c, a, "UID", "0", "%s", "with no pid namespace either, it can "
			   "signal PID 1 to reboot, halt or power off the system");
	if (!f->drop_caps || f->caps)
		diag_field(d, true, c, a, "CAPS", "", "keeps the system's own capabilities: "
			   "APP_%s_NAMESPACES has no user namespace", a->id);
}

/* An app's /proc masks and read-only binds are mounts its own user namespace made, so the
 * kernel does not lock them: CAP_SYS_ADMIN there and a mount call let it unmount a mask or
 * remount a bind of the system's files read-write. Tools that must mount can have that,
 * but not by accident. */
static void warn_mounts(const struct cfg *c, const struct app *a, struct diag *d)
{
	static const char *const calls[] = { "mount", "umount2", "umount", "mount_setattr",
					     "move_mount" };
	const struct confine *f = &a->confine;
	const char *open = NULL;

	if (!(a->ns & NS_USER_BIT) || !f->root || (f->drop_caps && !(f->caps >> 21 & 1)))
		return;
	for (size_t i = 0; i < N(calls) && !open; i++)
		if (!a->seccomp || sc_allowed(a, calls[i]))
			open = calls[i];
	if (open)
		diag_field(d, true, c, a, "CAPS", "", "with CAP_SYS_ADMIN and %s allowed, the app "
			   "can unmount its /proc masks and remount its read-only binds read-write",
			   open);
}

/* The components of a path: "/a//b/" has 2. */
static size_t depth(const char *p)
{
	size_t n = 0;

	for (; *p; p++)
		n += p[0] != '/' && (p[1] == '/' || !p[1]);
	return n;
}

/* The root is built in table order, and a bind hides what an earlier one put beneath its
 * destination: DATA=data:/data would hide BINDS=/etc/app.conf:/data/app.conf, the file the
 * app cannot change, behind the one it wrote there. So the binds go in order of their
 * destinations' depth, the order kept among equals; two at one destination are refused. */
static void order_binds(const struct cfg *c, struct confine *f, const struct app *a,
			struct diag *d)
{
	for (size_t i = 1; i < f->nbinds; i++) {
		struct bind b = f->binds[i];
		size_t j = i;

		for (; j > 0 && depth(f->binds[j - 1].dst) > depth(b.dst); j--)
			f->binds[j] = f->binds[j - 1];
		f->binds[j] = b;
	}
	for (size_t i = 0; i < f->nbinds; i++)
		for (size_t j = 0; j < i; j++)
			if (path_within(f->binds[i].dst, f->binds[j].dst) &&
			    path_within(f->binds[j].dst, f->binds[i].dst)) {
				const char *field = f->binds[i].flags & SBF_BIND_CREATE ? "DATA" : "BINDS";
				const struct cfg_ent *e = cfg_find_app(c, a->id, field);
				const char *raw = e ? e->raw : "\"" BINDS_DEFAULT "\" (the default)";
				char sym[96];

				snprintf(sym, sizeof(sym), "APP_%s_%s", a->id, field);
				diag_sym(d, sym, raw, "two binds at %s (from %s and %s): one would "
					 "hide the other", f->binds[i].dst, f->binds[j].src,
					 f->binds[i].src);
				break;
			}
}

/* Settings that each make sense alone but cannot work together. */
static void check_combinations(const struct cfg *c, const struct app *a, struct diag *d)
{
	const struct confine *f = &a->confine;
	const unsigned pid_mnt = 1u << 0 | 1u << 1, uts = 1u << 2, time = 1u << 7; /* ns_kinds */

	/* Its own /proc needs its own pid namespace; pivot_root its own mount namespace. */
	if (f->root && (a->ns & pid_mnt) != pid_mnt)
		diag_field(d, false, c, a, "ROOT", "y",
			   "an own root needs the pid and mnt namespaces (APP_%s_NAMESPACES)", a->id);
	/* Data directories are binds of the app's own root: without one, PID 1 would still
	 * make them and hand them to the app's ids, for nothing. */
	for (size_t i = 0; !f->root && i < f->nbinds; i++)
		if (f->binds[i].flags & SBF_BIND_CREATE) {
			diag_field(d, false, c, a, "DATA", "",
				   "does nothing without a root of its own (APP_%s_ROOT)", a->id);
			break;
		}
	/* The hostname is set inside the app's own uts namespace; without one it is left. */
	if (a->hostname != a->name && !(a->ns & uts))
		diag_field(d, false, c, a, "HOSTNAME", "",
			   "does nothing without the uts namespace (APP_%s_NAMESPACES)", a->id);
	if ((f->monotonic || f->boottime) && !(a->ns & time))
		diag_field(d, false, c, a, "TIME_OFFSETS", "",
			   "does nothing without the time namespace (APP_%s_NAMESPACES)", a->id);
	/* The process that enters a time namespace for the app stays as its reaper (the app's
	 * execve cannot enter it itself). Without a pid namespace it is an ordinary process of
	 * the app's uid, which the app could stop, or kill to fake its own crash. */
	if ((a->ns & time) && !(a->ns & 1u << 0))
		diag_field(d, false, c, a, "NAMESPACES", "",
			   "a time namespace needs the pid namespace too (APP_%s_NAMESPACES): the "
			   "app could stop or kill the process that holds it for the app", a->id);
	/* Without CAP_SYS_ADMIN, the kernel takes a seccomp filter only with no_new_privs. */
	if (a->seccomp && f->drop_caps && !(f->caps >> 21 & 1) && !f->no_new_privs)
		diag_field(d, false, c, a, "NO_NEW_PRIVS", "n",
			   "a seccomp filter without CAP_SYS_ADMIN needs no_new_privs%s", "");
}

/* A value longer than its cgroup file's buffer at run time would be cut, and the cut value
 * written: another CPU, another limit. */
static void too_long(struct diag *d, const struct cfg_ent *e)
{
	diag_sym(d, e->sym, e->raw, "is longer than the %d characters a cgroup setting holds",
		 CGROUP_VALUE_MAX);
}

int app_confine(const struct cfg *c, struct app *a, struct diag *d)
{
	struct confine *f = &a->confine;
	const struct cfg_ent *e;
	struct words w = { 0 };
	int rc = 0;

	/* A fragment without ROOT gets the most confinement its namespaces allow. */
	f->root = bool_field(c, a->id, "ROOT", (a->ns & 3u) == 3u, d);
	f->mask_proc = bool_field(c, a->id, "MASK_PROC", 1, d);
	f->noexec = bool_field(c, a->id, "NOEXEC", 1, d);
	f->no_new_privs = bool_field(c, a->id, "NO_NEW_PRIVS", 1, d);
	f->uid = int_field(c, a->id, "UID", 0, 65535, 0, d);
	f->gid = int_field(c, a->id, "GID", 0, 65535, 0, d);
	f->map_uid = int_field(c, a->id, "MAP_UID", 0, 4000000000LL, 0, d);
	f->map_gid = int_field(c, a->id, "MAP_GID", 0, 4000000000LL, 0, d);
	f->tmpfs_kib = int_field(c, a->id, "TMPFS_SIZE", 64, 4194304, 16384, d);
	f->memory_high = int_field(c, a->id, "MEMORY_HIGH", 0, 4294967296LL, 0, d) * 1024;
	/* The floor of MEMORY_MAX: below it the app does little but reclaim. */
	if (f->memory_high > 0 && f->memory_high < 1024 * 1024) {
		e = cfg_find_app(c, a->id, "MEMORY_HIGH");
		diag_sym(d, e->sym, e->raw, "out of range (0 or 1024..4294967296 KiB)");
	}
	f->swap_max = int_field(c, a->id, "SWAP_MAX", 0, 4294967296LL, 0, d) * 1024;
	f->cpu_weight = int_field(c, a->id, "CPU_WEIGHT", 0, 10000, 0, d);
	f->io_weight = int_field(c, a->id, "IO_WEIGHT", 0, 10000, 0, d);
	f->cpuset = field_str(c, a->id, "CPUSET", &e, d);
	if (f->cpuset && *f->cpuset && !cpuset_valid(f->cpuset))
		diag_sym(d, e->sym, e->raw, "is not a list of CPUs (N or N-M, separated by commas)");
	else if (f->cpuset && strlen(f->cpuset) > CGROUP_VALUE_MAX)
		too_long(d, e);
	f->io_max = field_str(c, a->id, "IO_MAX", &e, d);
	if (f->io_max && *f->io_max && !io_max_valid(f->io_max))
		diag_sym(d, e->sym, e->raw, "is not one io.max line (MAJ:MIN then rbps=, wbps=, "
			 "riops= or wiops= each a number of 2 or more, or max)");
	else if (f->io_max && strlen(f->io_max) > CGROUP_VALUE_MAX)
		too_long(d, e);

	f->drop_caps = 1;
	for (size_t i = 0; i < N(word_fields) && rc == 0; i++) {
		struct field_ctx x = { .c = c, .a = a, .d = d };

		if (words_field(c, a->id, word_fields[i].field, word_fields[i].dflt, &w, &x.e, d) < 0 ||
		    (w.v && word_fields[i].parse(f, &x, &w) < 0))
			rc = -1;
		words_free(&w);
		memset(&w, 0, sizeof(w));
	}
	order_binds(c, f, a, d);
	check_combinations(c, a, d);
	warn_privileges(c, a, d);
	warn_mounts(c, a, d);
	return rc;
}

/* PID 1 raises its own soft nofile limit past the kernel's 1024 when its table needs the fds
 * (init/main.c fd_room: six per app and 32, more than 1024 from 166 apps on). Its children
 * would inherit that: an app that names no nofile of its own gets the kernel's 1024:4096 back,
 * what it has under any other init (a select() caller breaks on an fd past FD_SETSIZE). A
 * hard limit of PID 1's 1048576 would fail every such app's start on a board that lowered
 * fs.nr_open below it. */
void rlimits_nofile_default(struct app_list *l)
{
	size_t k = 0;

	if (6 * l->n + 32 <= 1024)
		return;
	while (strcmp(rlimit_names[k], "nofile"))
		k++;
	for (size_t i = 0; i < l->n; i++) {
		struct confine *f = &l->v[i].confine;
		size_t j = 0;

		while (j < f->nrlimits && f->rlimits[j].resource != k)
			j++;
		if (j == f->nrlimits && j < RLIMIT_NAMES)
			f->rlimits[f->nrlimits++] = (struct rlim){ k, 1024, 4096 };
	}
}

void confine_free(struct confine *f)
{
	for (size_t i = 0; i < f->nbinds; i++) {
		free(f->binds[i].dst);
		free(f->binds[i].src);
	}
	free(f->binds);
}
