/* fields.c: checks and converts the fields of one app, CONFIG_APP_<id>_<field>. */
#include <errno.h>
#include <string.h>

#include "wardgen.h"

const struct limit_rule limit_rules[LIMITS] = {
	[LIMIT_MEMORY] = { "MEMORY_MAX", 1024, 4294967296LL, 1024, " KiB", "memory_max", "ULL" },
	[LIMIT_PIDS] = { "PIDS_MAX", 1, 4194304, 1, "", "pids_max", "UL" },
	[LIMIT_CPU] = { "CPU_MAX", 1, 100000, 1, " percent of one CPU", "cpu_max_percent", "U" },
};

const char *const restart_fields[RESTARTS] = {
	"RESTART_ALWAYS", "RESTART_ON_FAILURE", "RESTART_NEVER",
};

/* ranges: pairs of first and last byte, "az09" meaning [a-z0-9] */
static int in_set(char c, const char *ranges)
{
	for (; ranges[0]; ranges += 2)
		if (c >= ranges[0] && c <= ranges[1])
			return 1;
	return 0;
}

/* [a-z0-9][a-z0-9_-]{0,30}: the app's cgroup directory and log prefix */
static int name_ok(const char *s)
{
	size_t i;

	if (!in_set(s[0], "az09"))
		return 0;
	for (i = 1; s[i]; i++)
		if (i >= NAME_MAX_LEN || !in_set(s[i], "az09__--"))
			return 0;
	return 1;
}

/* NAME=VALUE with NAME [A-Za-z_][A-Za-z0-9_]* */
static int env_ok(const char *s)
{
	size_t i;

	if (!in_set(s[0], "AZaz__"))
		return 0;
	for (i = 1; s[i] && s[i] != '='; i++)
		if (!in_set(s[i], "AZaz09__"))
			return 0;
	return s[i] == '=';
}

const char *field_str(const struct cfg *c, const char *id, const char *field,
		      const struct cfg_ent **ep, struct diag *d)
{
	const struct cfg_ent *e = cfg_find_app(c, id, field);

	*ep = e;
	if (!e || e->kind == CFG_BAD)
		return NULL;
	if (e->kind != CFG_STRING) {
		diag_sym(d, e->sym, e->raw, "is not a quoted string");
		return NULL;
	}
	return e->str;
}

static void missing(struct diag *d, const struct app *a, const char *field)
{
	struct buf sym = { 0 };

	buf_printf(&sym, "APP_%s_%s", a->id, field);
	diag_sym(d, sym.p ? sym.p : field, NULL, "required by CONFIG_%s=y", a->on->sym);
	buf_free(&sym);
}

/* Splits a command or environment; -1 only when out of memory. */
static int split(const struct cfg_ent *e, const char *s, struct words *w, struct diag *d)
{
	const char *why;

	if (words_split(s, w, &why) == 0)
		return 0;
	if (errno == ENOMEM)
		return -1;
	diag_sym(d, e->sym, e->raw, "%s", why);
	return 0;
}

static int check_cmd(const struct cfg *c, struct app *a, struct diag *d)
{
	const struct cfg_ent *e;
	const char *s = field_str(c, a->id, "CMD", &e, d);

	if (!e)
		missing(d, a, "CMD");
	if (!s)
		return 0;
	if (split(e, s, &a->argv, d) < 0)
		return -1;
	if (!a->argv.v)
		return 0;
	/* Run without a shell, ">/dev/null 2>&1" would be two arguments of the app's. */
	if (a->argv.shell_op)
		diag_sym(d, e->sym, e->raw, "'%c' is the shell's, but the command is run without "
			 "one: quote it, or run /bin/sh -c '...'", a->argv.shell_op);
	if (a->argv.n == 0)
		diag_sym(d, e->sym, e->raw, "the command is empty");
	else if (a->argv.v[0][0] != '/')
		diag_sym(d, e->sym, e->raw,
			 "argv[0] \"%s\" is not an absolute path (PID 1 does not search PATH)",
			 a->argv.v[0]);
	return 0;
}

/* The earlier envp word with the NAME of word i, or NULL: both would reach the app, and
 * getenv() takes the first one, a shell perhaps the last. */
static const char *env_earlier(const struct app *a, size_t i)
{
	size_t n = strcspn(a->envp.v[i], "=") + 1;

	for (size_t j = 0; j < i; j++)
		if (!strncmp(a->envp.v[j], a->envp.v[i], n))
			return a->envp.v[j];
	return NULL;
}

static int check_env(const struct cfg *c, struct app *a, struct diag *d)
{
	const struct cfg_ent *e;
	const char *s = field_str(c, a->id, "ENV", &e, d), *twice;
	size_t i;

	a->default_path = 1;
	if (!s)
		return 0;
	if (split(e, s, &a->envp, d) < 0)
		return -1;
	for (i = 0; i < a->envp.n; i++) {
		if (!env_ok(a->envp.v[i]))
			diag_sym(d, e->sym, e->raw,
				 "\"%s\" is not NAME=VALUE with NAME matching [A-Za-z_][A-Za-z0-9_]*",
				 a->envp.v[i]);
		else if ((twice = env_earlier(a, i)))
			diag_sym(d, e->sym, e->raw, "%.*s is set twice (\"%s\", then \"%s\"): which "
				 "value the app sees depends on how it reads its environment",
				 (int)strcspn(twice, "="), twice, twice, a->envp.v[i]);
		else if (!strncmp(a->envp.v[i], "PATH=", 5))
			a->default_path = 0;
	}
	return 0;
}

static void check_name(const struct cfg *c, struct app *a, struct diag *d)
{
	const char *s = field_str(c, a->id, "NAME", &a->name_ent, d);

	if (!a->name_ent)
		missing(d, a, "NAME");
	if (s && !name_ok(s))
		diag_sym(d, a->name_ent->sym, a->name_ent->raw,
			 "must match [a-z0-9][a-z0-9_-]{0,30} (it names a cgroup and prefixes log lines)");
	else if (s && !strcmp(s, "init")) /* its lines would read as PID 1's */
		diag_sym(d, a->name_ent->sym, a->name_ent->raw,
			 "is PID 1's own log prefix (\"init: ...\"): name the app something else");
	else if (s && (!strcmp(s, "tasks") || !strcmp(s, "notify_on_release")))
		diag_sym(d, a->name_ent->sym, a->name_ent->raw,
			 "is a file of every v1 cgroup directory: its leaf could not be made "
			 "(ward.cgroup=v1, or a kernel without cgroup v2)");
	a->name = s;
}

static void check_hostname(const struct cfg *c, struct app *a, struct diag *d)
{
	const struct cfg_ent *e;
	const char *s = field_str(c, a->id, "HOSTNAME", &e, d);

	if (s && strlen(s) > HOSTNAME_MAX_LEN)
		diag_sym(d, e->sym, e->raw, "is longer than %d bytes", HOSTNAME_MAX_LEN);
	a->hostname = s && *s ? s : a->name;
}

static void check_namespaces(const struct cfg *c, struct app *a, struct diag *d)
{
	const struct cfg_ent *e;
	const char *s = field_str(c, a->id, "NAMESPACES", &e, d);
	const char *bad;
	size_t n;

	if (!e) {
		a->ns = NS_DEFAULT;
		return;
	}
	for (a->ns = 0; s && ns_parse(s, &a->ns, &bad, &n) < 0; s = bad + n)
		diag_sym(d, e->sym, e->raw,
			 "unknown namespace \"%.*s\" (known: pid mnt uts ipc net cgroup user time)",
			 (int)n, bad);
}

static void check_restart(const struct cfg *c, struct app *a, struct diag *d)
{
	const struct cfg_ent *e, *first = NULL;
	size_t i;

	a->restart = 0;
	for (i = 0; i < RESTARTS; i++) {
		e = cfg_find_app(c, a->id, restart_fields[i]);
		if (e && (e->kind == CFG_STRING || e->kind == CFG_WORD))
			diag_sym(d, e->sym, e->raw, "is not y or n");
		if (!e || e->kind != CFG_Y)
			continue;
		if (first) {
			diag_sym(d, e->sym, e->raw, "conflicts with CONFIG_%s=y (one restart policy only)",
				 first->sym);
		} else {
			first = e;
			a->restart = i;
		}
	}
}

static void check_limits(const struct cfg *c, struct app *a, struct diag *d)
{
	const struct cfg_ent *e;
	long long v = 0;
	size_t i;
	int rc;

	for (i = 0; i < LIMITS; i++) {
		const struct limit_rule *r = &limit_rules[i];

		a->limit[i] = 0;
		e = cfg_find_app(c, a->id, r->field);
		if (!e || e->kind == CFG_BAD)
			continue;
		errno = EINVAL;
		rc = e->kind == CFG_WORD ? num_parse(e->raw, &v) : -1;
		if (rc < 0 && errno == EINVAL)
			diag_sym(d, e->sym, e->raw, "is not a number");
		else if (rc == 0 && (v == 0 || (v >= r->lo && v <= r->hi)))
			a->limit[i] = (unsigned long long)v * r->scale;
		else if (r->lo > 1)
			diag_sym(d, e->sym, e->raw, "out of range (0 or %lld..%lld%s; 0 means no limit)",
				 r->lo, r->hi, r->unit);
		else
			diag_sym(d, e->sym, e->raw, "out of range (0..%lld%s; 0 means no limit)", r->hi,
				 r->unit);
	}
	/* With a pid (or time) namespace the sandbox is two tasks before the app forks at all:
	 * its reaper, and the app it clones. */
	e = cfg_find_app(c, a->id, "PIDS_MAX");
	if (a->limit[LIMIT_PIDS] == 1 && (a->ns & (1u << 0 | 1u << 7))) /* ns_kinds: pid, time */
		diag_sym(d, e->sym, e->raw, "leaves no task for the app: with a pid namespace its "
			 "sandbox's reaper takes one (0 or 2 at least)");
}

/* [A-Z0-9_]+: ids become parts of C and Kconfig names */
static int id_ok(const char *s)
{
	for (; *s; s++)
		if (!in_set(*s, "AZ09__"))
			return 0;
	return 1;
}

int app_fields(const struct cfg *c, const struct cfg_ent *on, struct app *a, struct diag *d)
{
	memset(a, 0, sizeof *a);
	a->on = on;
	a->id = on->sym + 4;
	if (!*a->id || !id_ok(a->id))
		diag_sym(d, on->sym, on->raw, "app id \"%s\" must match [A-Z0-9_]+", a->id);
	check_name(c, a, d);
	if (check_cmd(c, a, d) < 0 || check_env(c, a, d) < 0)
		return -1;
	check_hostname(c, a, d);
	check_namespaces(c, a, d);
	check_restart(c, a, d);
	check_limits(c, a, d);
	app_seccomp(c, a, d);
	app_net(c, a, d);
	if (app_confine(c, a, d) < 0 || app_supervise(c, a, d) < 0)
		return -1;
	return 0;
}
