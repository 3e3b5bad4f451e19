/* idrange.c: the host ids of an app's user namespace when MAP_UID does not name them. An
 * app's files (its data directories) belong to these ids, across reboots and firmware
 * updates: a range taken from the app's place in the table would move when an app is added
 * before it, and its files, owned by the old range, would be strangers to it (and belong to
 * whichever app has that range now). So the range comes from the app's name: slot
 * hash(name) of MAP_AUTO_SLOTS, 65536 ids each from MAP_AUTO_BASE. When the slot is taken
 * (by an app earlier in the table, or by a MAP_UID range), the next free one: that moves a
 * range only if an app is inserted before one whose name shares its slot, some one in 30,000
 * per pair of apps. */
#include <stdio.h>

#include "wardgen.h"

/* FNV-1a, 32 bits: the same on every host. */
static unsigned long name_hash(const char *s)
{
	unsigned long h = 2166136261UL;

	for (; *s; s++)
		h = ((h ^ (unsigned char)*s) * 16777619UL) & 0xffffffffUL;
	return h;
}

static long long slot_base(unsigned long slot)
{
	return MAP_AUTO_BASE + MAP_AUTO_STEP * (long long)slot;
}

/* The first host id of an app's user namespace range, of uids or (gid) gids; 0: it has none. */
static long long range_base(const struct app *a, int gid)
{
	const struct confine *f = &a->confine;

	if (!(a->ns & NS_USER_BIT))
		return 0;
	if (gid && f->map_gid)
		return f->map_gid;
	return f->map_uid ? f->map_uid : f->map_auto;
}

/* Whether the configuration names that range (MAP_UID; for gids MAP_GID or MAP_UID), rather
 * than the app's name giving it. */
static int explicit_range(const struct app *a, int gid)
{
	return a->confine.map_uid || (gid && a->confine.map_gid);
}

static int overlap(long long base, long long other)
{
	return base && other && other < base + MAP_AUTO_STEP && base < other + MAP_AUTO_STEP;
}

/* Whether [base, base + 65536) meets an explicit range of uids or gids, or a range given out
 * already. */
static int taken(const struct app_list *l, const struct app *upto, long long base)
{
	for (const struct app *o = l->v; o < l->v + l->n; o++)
		for (int gid = 0; gid < 2; gid++)
			if ((o < upto || explicit_range(o, gid)) && overlap(base, range_base(o, gid)))
				return 1;
	return 0;
}

void idranges_assign(struct app_list *l)
{
	for (struct app *a = l->v; a < l->v + l->n; a++) {
		unsigned long slot;

		a->confine.map_auto = 0;
		if (a->confine.map_uid || !(a->ns & NS_USER_BIT) || !a->name)
			continue;
		slot = name_hash(a->name) % MAP_AUTO_SLOTS;
		for (unsigned long k = 0; k < MAP_AUTO_SLOTS; k++, slot = (slot + 1) % MAP_AUTO_SLOTS)
			if (!taken(l, a, slot_base(slot))) {
				a->confine.map_auto = slot_base(slot);
				break;
			}
	}
}

/* a's explicit range (MAP_UID, or MAP_GID with gid) against b's: sharing host ids, each app's
 * users are the other's, which may signal and trace its processes and owns its files. The
 * ranges given out from names avoid the explicit ones, so only those can meet. */
static void check_map(const struct cfg *c, const struct app *a, const struct app *b, int gid,
		      struct diag *d)
{
	const char *field = gid && a->confine.map_gid ? "MAP_GID" : "MAP_UID";
	long long base = range_base(a, gid), other = range_base(b, gid);
	const struct cfg_ent *e = cfg_find_app(c, a->id, field);

	/* Without MAP_GID on either, the gids are the uids, already checked. */
	if (!explicit_range(a, gid) || !explicit_range(b, gid) || !overlap(base, other) ||
	    (gid && !a->confine.map_gid && !b->confine.map_gid))
		return;
	diag_sym(d, e ? e->sym : field, e ? e->raw : NULL,
		 "host %s %lld..%lld overlap app %s's (%lld..%lld): %s", gid ? "gids" : "uids",
		 base, base + MAP_AUTO_STEP - 1, b->name ? b->name : b->id, other,
		 other + MAP_AUTO_STEP - 1,
		 gid ? "each app's groups would be the other's, with their access to its files"
		     : "each app's users would be the other's, free to signal and trace its "
		       "processes and to own its files");
}

/* a, without a user namespace, runs as host ids UID and GID: not another app's users. */
static void check_host_id(const struct cfg *c, const struct app *a, const struct app *b,
			  int gid, struct diag *d)
{
	const char *field = gid ? "GID" : "UID";
	long long id = gid ? a->confine.gid : a->confine.uid, base = range_base(b, gid);
	const struct cfg_ent *e = cfg_find_app(c, a->id, field);

	if ((a->ns & NS_USER_BIT) || !base || id < base || id >= base + MAP_AUTO_STEP)
		return;
	diag_sym(d, e ? e->sym : field, e ? e->raw : NULL,
		 "without a user namespace, app %s runs as host %s %lld, which is %lld in app "
		 "%s's user namespace (host %lld..%lld): %s", a->name ? a->name : a->id,
		 gid ? "gid" : "uid", id, id - base, b->name ? b->name : b->id, base,
		 base + MAP_AUTO_STEP - 1,
		 gid ? "it would have that group's access to the app's files"
		     : "it could signal and trace that app's processes and would own its files");
}

/* a and b, neither with a user namespace, run as the same host uid (not root, warned of
 * already): each may signal and trace the other's processes. Some apps share a user on
 * purpose; one that should not must not pass unseen. */
static void check_shared_uid(const struct cfg *c, const struct app *a, const struct app *b,
			     struct diag *d)
{
	const struct cfg_ent *e = cfg_find_app(c, a->id, "UID");

	if ((a->ns | b->ns) & NS_USER_BIT || a->confine.uid == 0 ||
	    a->confine.uid != b->confine.uid || !e)
		return;
	diag_warn(d, e->sym, e->raw, "app %s runs as host uid %lld, as app %s does, neither with "
		  "a user namespace: each could signal and trace the other's processes",
		  a->name ? a->name : a->id, (long long)a->confine.uid,
		  b->name ? b->name : b->id);
}

/* WARD_CTL_GID is wardctl's group: PID 1 serves a peer of that primary gid as it serves root
 * (enter into any app, reboot). An app whose host gids take it in would be that operator
 * wherever it sees /run/ward (no root of its own, or a bind of /run). */
static void check_ctl_gid(const struct cfg *c, const struct app *a, struct diag *d)
{
	const struct cfg_ent *ctl = cfg_find(c, "WARD_CTL_GID");
	long long gid, base = range_base(a, 1);

	if (!ctl || ctl->kind != CFG_WORD || num_parse(ctl->raw, &gid) < 0 || gid < 0)
		return;
	if (!(a->ns & NS_USER_BIT) && a->confine.gid == gid) {
		const struct cfg_ent *e = cfg_find_app(c, a->id, "GID");
		char sym[96];

		snprintf(sym, sizeof(sym), "APP_%s_GID", a->id);
		diag_sym(d, e ? e->sym : sym, e ? e->raw : "0 (the default)", "app %s runs as "
			 "host gid %lld, WARD_CTL_GID: PID 1 would take it for wardctl's operator",
			 a->name ? a->name : a->id, gid);
	} else if (base && gid >= base && gid < base + MAP_AUTO_STEP) {
		diag_sym(d, ctl->sym, ctl->raw, "lies in app %s's host gids (%lld..%lld): its "
			 "users could be wardctl's operator", a->name ? a->name : a->id, base,
			 base + MAP_AUTO_STEP - 1);
	}
}

void idranges_check(const struct cfg *c, const struct app_list *l, struct diag *d)
{
	for (const struct app *a = l->v; a < l->v + l->n; a++)
		check_ctl_gid(c, a, d);
	for (const struct app *a = l->v; a < l->v + l->n; a++)
		for (const struct app *b = l->v; b < l->v + l->n; b++)
			for (int gid = 0; gid < 2 && a != b; gid++) {
				if (b < a)
					check_map(c, a, b, gid, d);
				if (b < a && !gid)
					check_shared_uid(c, a, b, d);
				check_host_id(c, a, b, gid, d);
			}
}
