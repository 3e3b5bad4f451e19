/* supervise.c: the fields that say how PID 1 supervises an app beyond its sandbox: critical,
 * oneshot, readiness (notify fd, heartbeat, timeout), dependencies, crash-loop ladder. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wardgen.h"

const char *const rung_names[RUNGS] = { "retry", "stop", "fallback", "reboot" };

enum { NOTIFY_FD_MAX = 255, MS_MAX = 86400000 };

static void check_ladder(const struct cfg *c, struct app *a, struct diag *d)
{
	struct supervise *s = &a->sup;
	const struct cfg_ent *e;
	const char *v = field_str(c, a->id, "CRASH_LADDER", &e, d);
	const char *p = v ? v : s->critical ? "retry reboot" : "retry";

	s->nladder = 0;
	while (*p) {
		size_t n, k;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n == 0)
			break;
		for (k = 0; k < RUNGS; k++)
			if (strlen(rung_names[k]) == n && !strncmp(p, rung_names[k], n))
				break;
		if (k == RUNGS)
			diag_sym(d, e->sym, e->raw,
				 "unknown rung \"%.*s\" (known: retry stop fallback reboot)", (int)n, p);
		else if (s->nladder == LADDER_MAX)
			diag_sym(d, e->sym, e->raw, "has more than %d rungs", LADDER_MAX);
		else
			s->ladder[s->nladder++] = (unsigned char)k;
		p += n;
	}
	if (s->nladder == 0) {
		if (e)
			diag_sym(d, e->sym, e->raw, "names no rung (retry stop fallback reboot)");
		s->ladder[s->nladder++] = RUNG_RETRY;
	}
}

int app_supervise(const struct cfg *c, struct app *a, struct diag *d)
{
	struct supervise *s = &a->sup;
	const char *deps, *why;
	const struct cfg_ent *e;

	s->critical = bool_field(c, a->id, "CRITICAL", 0);
	s->oneshot = bool_field(c, a->id, "ONESHOT", 0);
	s->autostart = bool_field(c, a->id, "AUTOSTART", 1);
	s->notify_fd = int_field(c, a->id, "NOTIFY_FD", 0, NOTIFY_FD_MAX, 0, d);
	e = cfg_find_app(c, a->id, "NOTIFY_FD");
	if (s->notify_fd > 0 && s->notify_fd < 3) {
		diag_sym(d, e->sym, e->raw, "must be 0 (none) or 3..%d: 0-2 are stdio",
			 NOTIFY_FD_MAX);
		s->notify_fd = 0;
	}
	s->heartbeat_ms = int_field(c, a->id, "HEARTBEAT_MS", 0, MS_MAX, 0, d);
	e = cfg_find_app(c, a->id, "HEARTBEAT_MS");
	if (s->heartbeat_ms > 0 && s->notify_fd == 0)
		diag_sym(d, e->sym, e->raw,
			 "needs CONFIG_APP_%s_NOTIFY_FD: the heartbeat is written there", a->id);
	s->timeout_ms = int_field(c, a->id, "TIMEOUT_MS", 0, MS_MAX, 0, d);
	e = cfg_find_app(c, a->id, "TIMEOUT_MS");
	if (s->timeout_ms > 0 && s->notify_fd == 0 && !s->oneshot)
		diag_sym(d, e->sym, e->raw,
			 "does nothing: without CONFIG_APP_%s_NOTIFY_FD (or ONESHOT) the app is "
			 "ready when started", a->id);
	s->crash_limit = int_field(c, a->id, "CRASH_LIMIT", 0, 1000, 5, d);
	s->crash_window_ms = int_field(c, a->id, "CRASH_WINDOW_MS", 1, MS_MAX, 60000, d);
	check_ladder(c, a, d);
	s->fallback_idx = -1;
	s->fallback = field_str(c, a->id, "FALLBACK", &s->fallback_ent, d);
	if (s->fallback && !*s->fallback)
		s->fallback = NULL;
	if (memchr(s->ladder, RUNG_FALLBACK, s->nladder) && !s->fallback) {
		e = cfg_find_app(c, a->id, "CRASH_LADDER");
		diag_sym(d, e ? e->sym : a->on->sym, e ? e->raw : a->on->raw,
			 "has the rung \"fallback\" but CONFIG_APP_%s_FALLBACK names no app", a->id);
	} else if (s->fallback && !memchr(s->ladder, RUNG_FALLBACK, s->nladder)) {
		diag_sym(d, s->fallback_ent->sym, s->fallback_ent->raw,
			 "does nothing: CONFIG_APP_%s_CRASH_LADDER has no rung \"fallback\"", a->id);
	}
	deps = field_str(c, a->id, "DEPENDS", &s->depends_ent, d);
	if (deps && words_split(deps, &s->depends, &why) < 0) {
		if (errno == ENOMEM)
			return -1;
		diag_sym(d, s->depends_ent->sym, s->depends_ent->raw, "%s", why);
	}
	return 0;
}

static long long find_name(const struct app_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].name && !strcmp(l->v[i].name, name))
			return (long long)i;
	return -1;
}

/* Depth-first search; colour 1: on the current path, 2: done. `path` holds the path. */
static int find_cycle(const struct app_list *l, size_t i, unsigned char *colour, size_t *path,
		      size_t depth, struct diag *d)
{
	const struct supervise *s = &l->v[i].sup;

	colour[i] = 1;
	path[depth] = i;
	for (size_t k = 0; k < s->depends.n; k++) {
		size_t j = s->depends_idx[k];

		if (colour[j] == 1) {
			struct buf cycle = { 0 }, syms = { 0 };
			size_t from = depth;

			while (path[from] != j)
				from--;
			for (size_t m = from; m <= depth; m++) {
				buf_printf(&cycle, "%s -> ", l->v[path[m]].name);
				buf_printf(&syms, "%sCONFIG_%s", m > from ? ", " : "",
					   l->v[path[m]].sup.depends_ent->sym);
			}
			buf_puts(&cycle, l->v[j].name);
			diag_sym(d, s->depends_ent->sym, s->depends_ent->raw,
				 "dependency cycle: %s (%s)", cycle.p ? cycle.p : "",
				 syms.p ? syms.p : "");
			buf_free(&cycle);
			buf_free(&syms);
			return 1;
		}
		if (colour[j] == 0 && find_cycle(l, j, colour, path, depth + 1, d))
			return 1;
	}
	colour[i] = 2;
	return 0;
}

int supervise_check(struct app_list *l, struct diag *d)
{
	unsigned char *colour = calloc(l->n + 1, 1);
	size_t *path = calloc(l->n + 1, sizeof *path);
	int unresolved = 0;

	if (!colour || !path) {
		free(colour);
		free(path);
		return -1;
	}
	for (size_t i = 0; i < l->n; i++) {
		struct supervise *s = &l->v[i].sup;

		s->depends_idx = calloc(s->depends.n + 1, sizeof *s->depends_idx);
		if (!s->depends_idx) {
			free(colour);
			free(path);
			return -1;
		}
		for (size_t k = 0; k < s->depends.n; k++) {
			long long j = find_name(l, s->depends.v[k]);

			if (j < 0 || (size_t)j == i) {
				diag_sym(d, s->depends_ent->sym, s->depends_ent->raw,
					 j < 0 ? "\"%s\" is not the name of an enabled app"
					       : "\"%s\" is the app itself",
					 s->depends.v[k]);
				unresolved = 1;
				continue;
			}
			s->depends_idx[k] = (size_t)j;
		}
		if (s->fallback) {
			s->fallback_idx = find_name(l, s->fallback);
			if (s->fallback_idx < 0 || (size_t)s->fallback_idx == i)
				diag_sym(d, s->fallback_ent->sym, s->fallback_ent->raw,
					 s->fallback_idx < 0 ? "\"%s\" is not the name of an enabled app"
							     : "\"%s\" is the app itself",
					 s->fallback);
		}
	}
	/* A fallback that depends on the app it stands in for would start that app again (its
	 * ladder from the first rung): the ladder's next rung would never come. */
	for (size_t i = 0; !unresolved && i < l->n; i++) {
		const struct supervise *s = &l->v[i].sup, *f;

		if (s->fallback_idx < 0)
			continue;
		f = &l->v[(size_t)s->fallback_idx].sup;
		for (size_t k = 0; k < f->depends.n; k++)
			if (f->depends_idx[k] == i)
				diag_sym(d, s->fallback_ent->sym, s->fallback_ent->raw,
					 "\"%s\" depends on this app: starting it would start this "
					 "app again, and the ladder would not go on", s->fallback);
	}
	/* Cycles are looked for only among resolved names: one error at a time. */
	for (size_t i = 0; !unresolved && i < l->n; i++)
		if (colour[i] == 0 && find_cycle(l, i, colour, path, 0, d))
			break;
	free(colour);
	free(path);
	return 0;
}

void emit_supervise_arrays(struct buf *b, size_t i, const struct app *a)
{
	if (a->sup.depends.n == 0)
		return;
	buf_printf(b, "static const unsigned short app_%zu_depends[] = {", i);
	for (size_t k = 0; k < a->sup.depends.n; k++)
		buf_printf(b, "%s%zu", k ? ", " : " ", a->sup.depends_idx[k]);
	buf_puts(b, " };\n");
}

void emit_supervise_members(struct buf *b, size_t depends_owner, const struct app *a)
{
	const struct supervise *s = &a->sup;

	buf_printf(b, "\t\t.critical = %d,\n\t\t.oneshot = %d,\n\t\t.autostart = %d,\n",
		   s->critical, s->oneshot, s->autostart);
	buf_printf(b, "\t\t.heartbeat_ms = %lldU,\n\t\t.timeout_ms = %lldU,\n", s->heartbeat_ms,
		   s->timeout_ms);
	buf_printf(b, "\t\t.crash_limit = %lld,\n\t\t.crash_window_ms = %lldU,\n", s->crash_limit,
		   s->crash_window_ms);
	buf_puts(b, "\t\t.ladder = {");
	for (size_t k = 0; k < s->nladder; k++) {
		char up[16];
		size_t n = 0;

		for (const char *p = rung_names[s->ladder[k]]; *p && n < sizeof(up) - 1; p++)
			up[n++] = (char)(*p - 'a' + 'A');
		up[n] = '\0';
		buf_printf(b, "%sAPP_RUNG_%s", k ? ", " : " ", up);
	}
	buf_printf(b, " },\n\t\t.nladder = %zu,\n\t\t.fallback = %lld,\n", s->nladder,
		   s->fallback_idx);
	if (s->depends.n)
		buf_printf(b, "\t\t.depends = app_%zu_depends,\n\t\t.ndepends = %zu,\n",
			   depends_owner, s->depends.n);
}

void supervise_free(struct supervise *s)
{
	words_free(&s->depends);
	free(s->depends_idx);
	s->depends_idx = NULL;
}
