/* collect.c: finds the enabled apps in table order and runs the checks that span apps. */
#include <errno.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "wardgen.h"

/* CONFIG_APP_<id> is an app's switch only when NAME or CMD exists: that tells apps apart
 * from their own bool fields, such as CONFIG_APP_<id>_RESTART_ALWAYS=y. */
static int app_switch(const struct cfg *c, const struct cfg_ent *e)
{
	return !strncmp(e->sym, "APP_", 4) &&
	       (cfg_find_app(c, e->sym + 4, "NAME") || cfg_find_app(c, e->sym + 4, "CMD"));
}

static struct app *app_new(struct app_list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct app *v = realloc(l->v, cap * sizeof *v);

		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	return &l->v[l->n++];
}

/* Names are cgroup directories: two apps must not share one. */
static void check_names(const struct app_list *l, struct diag *d)
{
	const struct app *a, *b;

	for (a = l->v; a < l->v + l->n; a++)
		for (b = l->v; a->name && b < a; b++)
			if (b->name && !strcmp(a->name, b->name)) {
				diag_sym(d, a->name_ent->sym, a->name_ent->raw,
					 "duplicate app name, already used by CONFIG_%s",
					 b->name_ent->sym);
				break;
			}
}

/* An id that is another app's id, '_' and more (PROBE_CAPS beside PROBE) makes symbols that
 * read as that app's fields: CONFIG_APP_PROBE_CAPS is both the second app's switch and the
 * first one's CAPS. Refused whatever the rest is: a field added later must not change the
 * meaning of a configuration that builds today. */
static void check_ids(const struct app_list *l, struct diag *d)
{
	const struct app *a, *b;

	for (a = l->v; a < l->v + l->n; a++)
		for (b = l->v; b < l->v + l->n; b++) {
			size_t n = strlen(b->id);

			if (a != b && !strncmp(a->id, b->id, n) && a->id[n] == '_') {
				diag_sym(d, a->on->sym, a->on->raw,
					 "app id %s begins with the id of app %s and '_': its symbols "
					 "CONFIG_APP_%s_* read as fields of CONFIG_APP_%s; rename one of them",
					 a->id, b->id, a->id, b->id);
				break;
			}
		}
}

/* The ranges init/Kconfig gives its numbers (tests/gen/run.sh checks that they agree): a
 * .config edited by hand, or older than the Kconfig, reaches wardgen as it is, and PID 1 may
 * not survive a value outside them (WARD_LOG_BYTES_RATE=0 divides by zero in its loop). */
static const struct {
	const char *sym;
	long long min, max;
} ward_ints[] = {
	{ "WARD_MAX_APPS", 1, 256 },
	{ "WARD_BACKOFF_MIN_MS", 0, 60000 },
	{ "WARD_BACKOFF_MAX_MS", 0, 3600000 },
	{ "WARD_BACKOFF_RESET_MS", 0, 3600000 },
	{ "WARD_SHUTDOWN_GRACE_MS", 0, 600000 },
	{ "WARD_SHUTDOWN_SYNC_MS", 100, 600000 },
	{ "WARD_WATCHDOG_TIMEOUT_S", 2, 3600 },
	{ "WARD_REBOOT_LIMIT", 1, 1000 },
	{ "WARD_REBOOT_WINDOW_S", 1, 604800 },
	{ "WARD_LOG_RING_SIZE", 1024, 1048576 },
	{ "WARD_LOG_RATE", 1, 10000 },
	{ "WARD_LOG_BURST", 1, 100000 },
	{ "WARD_LOG_BYTES_RATE", 1024, 16777216 },
	{ "WARD_LOG_CONSOLE_SHARE", 1, 100 },
	{ "WARD_CTL_CLIENTS", 1, 64 },
	{ "WARD_CTL_GID", -1, 65535 },
};

/* The Kconfig files' strings and bools (tests/gen/run.sh checks that every one of theirs is
 * here, and that every WARD_* they define is here or in ward_ints): each becomes a C
 * constant of its type, and one of another type would still compile, perhaps with a warning
 * (WARD_WATCHDOG_DEVICE=0 a null path PID 1 opens at boot, a fault; WARD_FAULT_RESCUE="n" a
 * string, true: a root shell on the console after a fault). */
static const char *const ward_strings[] = {
	"WARD_APPS_KCONFIG", "WARD_BOARD", "WARD_HOSTNAME", "WARD_DATA_DIR", "WARD_MODULES",
	"WARD_WATCHDOG_DEVICE", "WARD_RESCUE_SHELL", "WARD_REBOOT_RECORD", "WARD_BOOT_OK_HOOK",
};
static const char *const ward_bools[] = {
	"WARD_ARCH_X86_64", "WARD_ARCH_AARCH64", "WARD_ARCH_ARMHF", "WARD_MODULES_LOCK",
	"WARD_WATCHDOG", "WARD_FAULT_RESCUE",
};

static bool listed(const char *const *list, size_t n, const char *sym)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], sym))
			return true;
	return false;
}

/* The index of sym in ward_ints, or -1. */
static int ward_int(const char *sym)
{
	for (size_t i = 0; i < sizeof(ward_ints) / sizeof(ward_ints[0]); i++)
		if (!strcmp(ward_ints[i].sym, sym))
			return (int)i;
	return -1;
}

/* The entry of ward_ints[i] when it is set, a number and in its range (*v), else NULL. */
static const struct cfg_ent *ward_in_range(const struct cfg *c, int i, long long *v)
{
	const struct cfg_ent *e = i < 0 ? NULL : cfg_find(c, ward_ints[i].sym);

	if (!e || e->kind != CFG_WORD || num_parse(e->raw, v) < 0 || *v < ward_ints[i].min ||
	    *v > ward_ints[i].max)
		return NULL;
	return e;
}

/* PID 1's first delay is the smaller of the two (init/restart.c): with MAX below MIN every
 * restart would wait MAX, the first one too, and the backoff would never grow. Checked when
 * both are set (without them PID 1 does not compile). */
static void check_backoff(const struct cfg *c, struct diag *d)
{
	long long min, max;
	const struct cfg_ent *e_min = ward_in_range(c, ward_int("WARD_BACKOFF_MIN_MS"), &min);
	const struct cfg_ent *e_max = ward_in_range(c, ward_int("WARD_BACKOFF_MAX_MS"), &max);

	if (e_min && e_max && max < min)
		diag_sym(d, e_max->sym, e_max->raw, "is below CONFIG_WARD_BACKOFF_MIN_MS=%s: every "
			 "restart would wait %lld ms, the first one too", e_min->raw, max);
}

/* Every CONFIG_WARD_* becomes a C constant. PID 1's tables have WARD_APP_COUNT rows, one per
 * enabled app; CONFIG_WARD_MAX_APPS only caps that count, here. */
static void check_ward(const struct cfg *c, size_t n_apps, struct diag *d)
{
	const struct cfg_ent *e;
	long long v, max = MAX_APPS_DEFAULT;
	size_t i;

	for (i = 0; i < c->n; i++) {
		e = &c->v[i];
		if (strncmp(e->sym, "WARD_", 5) || e->kind == CFG_BAD)
			continue;
		if (listed(ward_strings, sizeof(ward_strings) / sizeof(ward_strings[0]), e->sym)) {
			if (e->kind != CFG_STRING)
				diag_sym(d, e->sym, e->raw, "is not a quoted string");
		} else if (listed(ward_bools, sizeof(ward_bools) / sizeof(ward_bools[0]), e->sym)) {
			if (e->kind != CFG_Y && e->kind != CFG_UNSET)
				diag_sym(d, e->sym, e->raw, "is not y or n");
		} else if (ward_int(e->sym) < 0) {
			/* An option PID 1 does not have (WARD_WATCHDG for WARD_WATCHDOG, in a
			 * .config edited by hand) would be a C constant nothing reads. */
			diag_sym(d, e->sym, e->raw, "is no option of ward's (a typo?): it would be "
				 "ignored");
		} else if (e->kind == CFG_WORD && num_parse(e->raw, &v) < 0 && errno == EINVAL) {
			diag_sym(d, e->sym, e->raw, "is not y, n, a number or a quoted string");
		}
	}
	for (i = 0; i < sizeof(ward_ints) / sizeof(ward_ints[0]); i++) {
		int rc;

		e = cfg_find(c, ward_ints[i].sym);
		if (!e || e->kind == CFG_BAD)
			continue; /* missing (the C default), or reported */
		rc = e->kind == CFG_WORD ? num_parse(e->raw, &v) : 0;
		if (rc < 0 && errno == EINVAL)
			continue; /* reported above */
		if (e->kind != CFG_WORD)
			diag_sym(d, e->sym, e->raw, "is not a number");
		else if (rc < 0 || v < ward_ints[i].min || v > ward_ints[i].max) /* rc: ERANGE */
			diag_sym(d, e->sym, e->raw, "is out of its range, %lld to %lld",
				 ward_ints[i].min, ward_ints[i].max);
	}
	/* Run by path, without a PATH search; set with sethostname (64 bytes at most). */
	for (i = 0; i < 2; i++) {
		e = cfg_find(c, i ? "WARD_RESCUE_SHELL" : "WARD_BOOT_OK_HOOK");
		if (e && e->kind == CFG_STRING && *e->str && *e->str != '/')
			diag_sym(d, e->sym, e->raw, "is not an absolute path (it is run without a "
				 "PATH search)");
	}
	e = cfg_find(c, "WARD_HOSTNAME");
	if (e && e->kind == CFG_STRING && strlen(e->str) > HOSTNAME_MAX_LEN)
		diag_sym(d, e->sym, e->raw, "is longer than %d bytes", HOSTNAME_MAX_LEN);
	e = cfg_find(c, "WARD_MAX_APPS");
	if (e && e->kind == CFG_WORD && num_parse(e->raw, &v) == 0)
		max = v;
	if ((long long)n_apps > max)
		diag_sym(d, "WARD_MAX_APPS", e ? e->raw : NULL,
			 "%zu apps are enabled (the table holds %lld%s; raise CONFIG_WARD_MAX_APPS "
			 "or disable apps)",
			 n_apps, max, e ? "" : ", the default");
	check_backoff(c, d);
}

/* The fields of an app, as scripts/new-app.sh writes its Kconfig (the test images' apps are
 * made with it, and build). */
static const char *const app_fields_known[] = {
	"AUTOSTART", "BINDS", "CAPS", "CMD", "CPUSET", "CPU_MAX", "CPU_WEIGHT", "CRASH_LADDER",
	"CRASH_LIMIT", "CRASH_WINDOW_MS", "CRITICAL", "DATA", "DEPENDS", "ENV", "FALLBACK",
	"GID", "HEARTBEAT_MS", "HOSTNAME", "IO_MAX", "IO_WEIGHT", "MAP_GID", "MAP_UID",
	"MASK_PROC", "MEMORY_HIGH", "MEMORY_MAX", "NAME", "NAMESPACES", "NET", "NOEXEC",
	"NOTIFY_FD", "NO_NEW_PRIVS", "ONESHOT", "PIDS_MAX", "RESTART_ALWAYS", "RESTART_NEVER",
	"RESTART_ON_FAILURE", "RLIMITS", "ROOT", "SECCOMP", "SECCOMP_ALLOW", "SECCOMP_DENY",
	"SWAP_MAX", "TIMEOUT_MS", "TIME_OFFSETS", "TMPFS_SIZE", "UID", "VETH_ADDR",
	"VETH_HOST_ADDR",
};

/* A field no app has (MEMORY_MAXX for MEMORY_MAX, in a .config edited by hand) would be
 * ignored: an app without the limit it was meant to have. check_ids keeps one app's id
 * from reading as another's field. One not set says nothing. */
static void check_fields(const struct cfg *c, const struct app_list *l, struct diag *d)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct cfg_ent *e = &c->v[i];

		for (const struct app *a = l->v; e->kind != CFG_UNSET && a < l->v + l->n; a++) {
			size_t n = strlen(a->id);
			const char *field = e->sym + 4 + n + 1;
			bool known = false;

			if (strncmp(e->sym, "APP_", 4) || strncmp(e->sym + 4, a->id, n) ||
			    e->sym[4 + n] != '_')
				continue;
			for (size_t k = 0; k < sizeof(app_fields_known) / sizeof(app_fields_known[0]); k++)
				known |= !strcmp(field, app_fields_known[k]);
			if (!known)
				diag_sym(d, e->sym, e->raw, "%s is no field of app %s (a typo?): it "
					 "would be ignored", field, a->id);
			break;
		}
	}
}

int apps_collect(const struct cfg *c, struct app_list *l, struct diag *d)
{
	struct app *a;
	size_t i;

	memset(l, 0, sizeof *l);
	for (i = 0; i < c->n; i++) {
		const struct cfg_ent *e = &c->v[i];

		if (!app_switch(c, e))
			continue;
		/* Only y enables the app: =m, ="y" or =1 (a .config edited by hand) would leave
		 * it out unseen. */
		if (e->kind == CFG_WORD || e->kind == CFG_STRING)
			diag_sym(d, e->sym, e->raw, "is not y or n: app %s would be left out",
				 e->sym + 4);
		if (e->kind != CFG_Y)
			continue;
		a = app_new(l);
		if (!a || app_fields(c, e, a, d) < 0)
			return -1;
	}
	check_ids(l, d);
	check_fields(c, l, d);
	check_names(l, d);
	if (supervise_check(l, d) < 0)
		return -1;
	nets_check(l, d);
	writable_check(c, l, d);
	idranges_assign(l);
	idranges_check(c, l, d);
	check_ward(c, l->n, d);
	rlimits_nofile_default(l);
	return 0;
}

void apps_free(struct app_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		words_free(&l->v[i].argv);
		words_free(&l->v[i].envp);
		confine_free(&l->v[i].confine);
		supervise_free(&l->v[i].sup);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}
