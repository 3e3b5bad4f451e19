/* writable.c: the checks that span apps' paths. A directory an app can write (a BINDS
 * source with :rw, and WARD_DATA_DIR, where every app's data directories are) holds what the
 * app puts there, symlinks included, and keeps it across runs. A path that goes through
 * such a directory is the app's to choose: a bind source beneath one would give the next run
 * (of that app or of another) whatever the link names, the host's / or /proc; PID 1's reboot
 * record beneath one would have PID 1 write its record into a device of the app's choosing.
 * Such configurations are refused at build time, where the mistake is cheap to mend. */
#include <stdio.h>
#include <string.h>

#include "wardgen.h"

int path_within(const char *path, const char *dir)
{
	for (;;) {
		while (*dir == '/')
			dir++;
		while (*path == '/')
			path++;
		if (!*dir)
			return 1;
		while (*dir && *dir != '/' && *dir == *path) {
			dir++;
			path++;
		}
		if ((*dir && *dir != '/') || (*path && *path != '/'))
			return 0;
	}
}

static const char *binds_raw(const struct cfg *c, const struct app *a, char *sym, size_t len)
{
	const struct cfg_ent *e = cfg_find_app(c, a->id, "BINDS");

	snprintf(sym, len, "APP_%s_BINDS", a->id);
	return e ? e->raw : "\"" BINDS_DEFAULT "\" (the default)";
}

/* As sandbox/root.c masks them in an app's sysfs. */
static const char *const sys_masked[] = { "/sys/firmware", "/sys/devices/virtual/powercap" };

/* The system's world-writable directories (mode 1777 on the image and on Debian). */
static const char *const shared_tmp[] = { "/tmp", "/var/tmp", "/dev/shm", "/run/lock",
					  "/var/lock" };

/* The one that is or holds path, or NULL. */
static const char *shared_tmp_of(const char *path)
{
	for (size_t i = 0; i < sizeof(shared_tmp) / sizeof(shared_tmp[0]); i++)
		if (path_within(path, shared_tmp[i]))
			return shared_tmp[i];
	return NULL;
}

/* The one beneath path, or NULL. */
static const char *shared_tmp_in(const char *path)
{
	for (size_t i = 0; i < sizeof(shared_tmp) / sizeof(shared_tmp[0]); i++)
		if (path_within(shared_tmp[i], path))
			return shared_tmp[i];
	return NULL;
}

/* A source beneath another app's (or its own) writable bind, a bind of the data directories
 * or of a directory that holds them, or beneath a world-writable directory. */
static void check_bind(const struct cfg *c, const struct app_list *l, const struct app *a,
		       const struct bind *b, const char *data, struct diag *d)
{
	char sym[96], other[96];
	const char *raw = binds_raw(c, a, sym, sizeof(sym)), *tmp = shared_tmp_of(b->src);

	if (path_within(b->src, data)) {
		diag_sym(d, sym, raw, "%s lies in WARD_DATA_DIR (%s), where apps write: one could "
			 "put a symlink there, to / say, and this bind would follow it; give the "
			 "app a DATA entry instead", b->src, data);
		return;
	}
	if (tmp && !path_within(tmp, b->src)) { /* beneath it: the directory itself may be bound */
		diag_sym(d, sym, raw, "%s lies in %s, where every user and app without a root of "
			 "its own writes: one could take the name first, or put a symlink there; "
			 "bind a directory no app can write", b->src, tmp);
		return;
	}
	if (path_within(b->src, "/proc")) {
		diag_sym(d, sym, raw, "%s is the system's /proc (its processes, PID 1's "
			 "among them): the app has a /proc of its own", b->src);
		return;
	}
	/* What the app's own sysfs masks (sandbox/root.c's sys_masked): a bind of the system's
	 * would undo the mask. A device's files (/sys/class/gpio, say) may be bound. */
	for (size_t i = 0; i < sizeof(sys_masked) / sizeof(sys_masked[0]); i++)
		if (path_within(b->src, sys_masked[i]) || path_within(sys_masked[i], b->src)) {
			diag_sym(d, sym, raw, "%s is or holds %s, which the app's own sysfs masks",
				 b->src, sys_masked[i]);
			return;
		}
	if (path_within("/run/ward", b->src)) {
		diag_sym(d, sym, raw, "%s holds /run/ward, where wardctl's socket is", b->src);
		return;
	}
	if (path_within(data, b->src)) {
		diag_sym(d, sym, raw, "%s holds WARD_DATA_DIR (%s): the app would reach every "
			 "app's data directories; give it a DATA entry instead", b->src, data);
		return;
	}
	for (const struct app *o = l->v; o < l->v + l->n; o++)
		for (size_t i = 0; i < o->confine.nbinds; i++) {
			const struct bind *w = &o->confine.binds[i];

			if (!o->confine.root || !(w->flags & SBF_BIND_RW) ||
			    (w->flags & SBF_BIND_CREATE) || !path_within(b->src, w->src) ||
			    path_within(w->src, b->src))
				continue;
			binds_raw(c, o, other, sizeof(other));
			diag_sym(d, sym, raw, "%s lies beneath %s, which app %s can write "
				 "(CONFIG_%s): it could put a symlink there, to / say, and this "
				 "bind would follow it; bind a directory no app can write", b->src,
				 w->src, o->name ? o->name : o->id, other);
			return;
		}
}

/* The reboot record in a directory an app can write. */
static void check_record(const struct cfg *c, const struct app_list *l, const char *data,
			 struct diag *d)
{
	const struct cfg_ent *rec = cfg_find(c, "WARD_REBOOT_RECORD");
	char sym[96];

	if (!rec || rec->kind != CFG_STRING || !*rec->str)
		return;
	if (path_within(rec->str, data)) {
		diag_sym(d, rec->sym, rec->raw, "lies in WARD_DATA_DIR (%s), where apps write: "
			 "an app could put a symlink there, and PID 1 would write its record "
			 "where it points", data);
		return;
	}
	for (const struct app *o = l->v; o < l->v + l->n; o++)
		for (size_t i = 0; i < o->confine.nbinds; i++) {
			const struct bind *w = &o->confine.binds[i];

			if (!o->confine.root || !(w->flags & SBF_BIND_RW) || !path_within(rec->str, w->src))
				continue;
			binds_raw(c, o, sym, sizeof(sym));
			diag_sym(d, rec->sym, rec->raw, "lies in %s, which app %s can write "
				 "(CONFIG_%s): it could put a symlink there, and PID 1 would write "
				 "its record where it points", w->src, o->name ? o->name : o->id, sym);
			return;
		}
}

/* A bind made over what the root builds itself, after it: over / it is hidden; over /proc
 * (or in it) the app's own /proc and its masks are gone; over /dev or /sys, all of them.
 * (A device bound into /dev, a serial port say, is fine.) */
static void check_dst(const struct cfg *c, const struct app *a, const struct bind *b,
		      struct diag *d)
{
	char sym[96];
	const char *raw;

	if (strcmp(b->dst, "/") && !path_within(b->dst, "/proc") && strcmp(b->dst, "/dev") &&
	    strcmp(b->dst, "/sys"))
		return;
	if (b->flags & SBF_BIND_CREATE) {
		const struct cfg_ent *e = cfg_find_app(c, a->id, "DATA");

		snprintf(sym, sizeof(sym), "APP_%s_DATA", a->id);
		raw = e ? e->raw : NULL;
	} else {
		raw = binds_raw(c, a, sym, sizeof(sym));
	}
	diag_sym(d, sym, raw, "its destination %s is the app's own %s, which the root makes "
		 "itself: a bind there hides it or is hidden", b->dst,
		 !strcmp(b->dst, "/") ? "root" : path_within(b->dst, "/proc") ? "/proc" : b->dst);
}

/* Where apps keep their data, and the reboot record: nowhere a user or an app could take
 * the name first or put a symlink (PID 1 creates the data directories and hands them over
 * with chown, and writes the record), and as written: absolute, no . or .. */
static void check_ward_path(const struct cfg *c, const char *name, struct diag *d)
{
	const struct cfg_ent *e = cfg_find(c, name);
	const char *tmp;

	/* An empty record is none; empty, WARD_DATA_DIR would put the data directories at
	 * /APP/NAME: an app named run would be handed /run/ward, PID 1's socket's directory. */
	if (e && e->kind == CFG_STRING && !*e->str && !strcmp(name, "WARD_DATA_DIR"))
		diag_sym(d, e->sym, e->raw, "is empty: the data directories would be /APP/NAME, "
			 "anywhere in the system's tree");
	if (!e || e->kind != CFG_STRING || !*e->str)
		return;
	if (!path_ok(e->str))
		diag_sym(d, e->sym, e->raw, "is not an absolute path of at most 200 bytes "
			 "without . or .., // or / at the end");
	else if ((tmp = shared_tmp_of(e->str)))
		diag_sym(d, e->sym, e->raw, "lies in %s, where every user and app without a root "
			 "of its own writes: one could take the name first, or put a symlink there",
			 tmp);
	/* The data directories are WARD_DATA_DIR/APP/NAME: under /var, an app named tmp would
	 * keep its data in /var/tmp. */
	else if ((tmp = shared_tmp_in(e->str)))
		diag_sym(d, e->sym, e->raw, "holds %s, where every user and app without a root of "
			 "its own writes: an app of that name would keep its data there", tmp);
}

void writable_check(const struct cfg *c, const struct app_list *l, struct diag *d)
{
	const struct cfg_ent *dir = cfg_find(c, "WARD_DATA_DIR");
	const char *data = dir && dir->kind == CFG_STRING ? dir->str : DATA_DIR_DEFAULT;

	/* Binds are made only for an app with a root of its own (the others see the
	 * system's file system as it is). */
	for (const struct app *a = l->v; a < l->v + l->n; a++)
		for (size_t i = 0; a->confine.root && i < a->confine.nbinds; i++) {
			if (!(a->confine.binds[i].flags & SBF_BIND_CREATE))
				check_bind(c, l, a, &a->confine.binds[i], data, d);
			check_dst(c, a, &a->confine.binds[i], d);
		}
	check_ward_path(c, "WARD_DATA_DIR", d);
	check_ward_path(c, "WARD_REBOOT_RECORD", d);
	check_record(c, l, data, d);
}
