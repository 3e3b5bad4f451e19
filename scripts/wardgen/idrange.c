/* idrange.c: the host ids of an app's user namespace when MAP_UID does not name them. An
 * app's files (its data directories) belong to these ids, across reboots and firmware
 * updates: a range taken from the app's place in the table would move when an app is added
 * before it, and its files, owned by the old range, would be strangers to it (and belong to
 * whichever app has that range now). So the range comes from the app's name: slot
 * hash(name) of MAP_AUTO_SLOTS, 65536 ids each from MAP_AUTO_BASE. When the slot is taken
 * (by an app earlier in the table, or by a MAP_UID range), the next free one: that moves a
 * range only if an app is inserted before one whose name shares its slot, some one in 30,000
 * per pair of apps. */
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

/* Whether [base, base + 65536) meets an explicit range, or a range given out already. */
static int taken(const struct app_list *l, const struct app *upto, long long base)
{
	for (const struct app *o = l->v; o < l->v + l->n; o++) {
		long long other = o->confine.map_uid ? o->confine.map_uid : o->confine.map_auto;

		if ((o < upto || o->confine.map_uid) && other &&
		    other < base + MAP_AUTO_STEP && base < other + MAP_AUTO_STEP)
			return 1;
	}
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
