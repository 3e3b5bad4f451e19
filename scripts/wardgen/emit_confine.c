/* emit_confine.c: the C of an app's confinement: its binds and rlimits arrays, and the
 * sb_spec members that app_confine() checked. */
#include "wardgen.h"

static void emit_flags(struct buf *b, const char *const *names, const int *on, size_t n)
{
	const char *sep = "";

	for (size_t i = 0; i < n; i++)
		if (on[i]) {
			buf_printf(b, "%s%s", sep, names[i]);
			sep = " | ";
		}
	if (!*sep)
		buf_puts(b, "0");
}

void emit_binds(struct buf *b, size_t i, const struct app *a)
{
	static const char *const bind_flags[] = { "SB_BIND_RW", "SB_BIND_OPTIONAL", "SB_BIND_CREATE",
						  "SB_BIND_DEVICE" };
	const struct confine *f = &a->confine;

	if (!f->nbinds)
		return;
	buf_printf(b, "static const struct sb_bind app_%zu_binds[] = {\n", i);
	for (size_t k = 0; k < f->nbinds; k++) {
		const struct bind *x = &f->binds[k];
		const int on[] = { !!(x->flags & SBF_BIND_RW), !!(x->flags & SBF_BIND_OPTIONAL),
				   !!(x->flags & SBF_BIND_CREATE), !!(x->flags & SBF_BIND_DEVICE) };

		buf_puts(b, "\t{ ");
		cstr_put(b, x->src);
		buf_puts(b, ", ");
		cstr_put(b, x->dst);
		buf_puts(b, ", ");
		emit_flags(b, bind_flags, on, 4);
		buf_puts(b, " },\n");
	}
	buf_puts(b, "};\n");
}

void emit_rlimits(struct buf *b, size_t i, const struct app *a)
{
	const struct confine *f = &a->confine;

	if (!f->nrlimits)
		return;
	buf_printf(b, "static const struct sb_rlimit app_%zu_rlimits[] = {\n", i);
	for (size_t k = 0; k < f->nrlimits; k++) {
		const struct rlim *r = &f->rlimits[k];
		char name[16];
		size_t n;

		for (n = 0; rlimit_name(r->resource)[n] && n < sizeof(name) - 1; n++)
			name[n] = (char)(rlimit_name(r->resource)[n] - 'a' + 'A');
		name[n] = '\0';
		buf_printf(b, "\t{ RLIMIT_%s, %lluULL, %lluULL },\n", name, r->soft, r->hard);
	}
	buf_puts(b, "};\n");
}

void emit_confine_members(struct buf *b, const size_t owner[ARRAYS], const struct app *a)
{
	static const char *const flag_names[] = { "SB_NEW_ROOT", "SB_MASK_PROC", "SB_DROP_CAPS",
						  "SB_NO_NEW_PRIVS", "SB_NOEXEC" };
	const struct confine *f = &a->confine;
	const int on[] = { f->root, f->root && f->mask_proc, f->drop_caps, f->no_new_privs,
			   f->root && f->noexec };

	buf_puts(b, "\t\t\t.flags = ");
	emit_flags(b, flag_names, on, 5);
	buf_printf(b, ",\n\t\t\t.caps = 0x%llxULL,\n", f->caps);
	buf_printf(b, "\t\t\t.uid = %lld, .gid = %lld,\n", f->uid, f->gid);
	/* 0: a range of its own, from its name (idrange.c), so no two apps share ids. */
	buf_printf(b, "\t\t\t.map_uid = %lldU, .map_gid = %lldU, .map_count = 65536,\n",
		   f->map_uid ? f->map_uid : f->map_auto,
		   f->map_gid ? f->map_gid : f->map_uid ? f->map_uid : f->map_auto);
	if (f->nbinds)
		buf_printf(b, "\t\t\t.binds = app_%zu_binds, .nbinds = %zu,\n", owner[ARRAY_BINDS],
			   f->nbinds);
	if (f->nrlimits)
		buf_printf(b, "\t\t\t.rlimits = app_%zu_rlimits, .nrlimits = %zu,\n",
			   owner[ARRAY_RLIMITS], f->nrlimits);
	buf_printf(b, "\t\t\t.tmpfs_kib = %lld,\n", f->tmpfs_kib);
	buf_printf(b, "\t\t\t.monotonic_offset = %lld, .boottime_offset = %lld,\n", f->monotonic,
		   f->boottime);
}

/* The cgroup limits beyond the numeric table of fields.c. */
void emit_confine_limits(struct buf *b, const struct app *a)
{
	const struct confine *f = &a->confine;

	buf_printf(b, ", .memory_high = %lluULL, .swap_max = %lluULL, .cpu_weight = %lldU, "
		      ".io_weight = %lldU",
		   f->memory_high, f->swap_max, f->cpu_weight, f->io_weight);
	if (f->cpuset && *f->cpuset) {
		buf_puts(b, ", .cpuset_cpus = ");
		cstr_put(b, f->cpuset);
	}
	if (f->io_max && *f->io_max) {
		buf_puts(b, ", .io_max = ");
		cstr_put(b, f->io_max);
	}
}
