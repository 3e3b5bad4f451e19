/* supervise.c: the fields that say how PID 1 supervises an app beyond its sandbox: critical,
 * oneshot, readiness (notify fd, heartbeat, timeout), dependencies, crash-loop ladder. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wardgen.h"

const char *const rung_names[RUNGS] = { "retry", "stop", "fallback", "reboot" };

enum { NOTIFY_FD_MAX = 255, MS_MAX = 86400000 };

/* Whether a rung of the ladder does more than retry. */
static bool ladder_acts(const struct supervise *s)
{
	for (size_t k = 0; k < s->nladder; k++)
		if (s->ladder[k] != RUNG_RETRY)
			return true;
	return false;
}

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
	/* At any rung but retry, a critical app's crash loop reboots the board (init/svc.c's
	 * climb_ladder): its fallback would never start. */
	if (v && s->critical && memchr(s->ladder, RUNG_FALLBACK, s->nladder))
		diag_sym(d, e->sym, e->raw, "has the rung \"fallback\", but CONFIG_APP_%s_CRITICAL=y: "
			 "a critical app's crash loop reboots the board there instead, and the "
			 "fallback would never start", a->id);
	/* Kconfig's default "retry reboot" follows CRITICAL only until the .config is saved:
	 * CRITICAL turned on later keeps "retry". A warning: the app's hangs still stop the
	 * watchdog's feeding, and CRASH_LIMIT 0 counts no crash loop whatever the ladder. */
	if (v && s->critical && s->crash_limit > 0 && !ladder_acts(s))
		diag_warn(d, e->sym, e->raw, "every rung is \"retry\" though "
			  "CONFIG_APP_%s_CRITICAL=y: its crash loops never reboot the board (the "
			  "default \"retry reboot\" follows CRITICAL only until the .config is "
			  "saved); end the ladder with \"reboot\"", a->id);
}

/* The shortest HEARTBEAT_MS and TIMEOUT_MS. */
enum { TIME_MIN_MS = 100 };

/* A CONFIG_WARD_* number as PID 1 gets it: dflt when absent or not a number (reported). */
static long long ward_number(const struct cfg *c, const char *sym, long long dflt)
{
	const struct cfg_ent *e = cfg_find(c, sym);
	long long v;

	return e && e->kind == CFG_WORD && num_parse(e->raw, &v) == 0 ? v : dflt;
}

/* A crash loop is CRASH_LIMIT failures within CRASH_WINDOW_MS. Between two failures PID 1
 * waits the backoff, which starts at WARD_BACKOFF_MIN_MS (again after each retry rung with
 * rungs above it) and doubles up to WARD_BACKOFF_MAX_MS. When even failures at once cannot
 * fit in the window, no crash loop is ever counted, and a ladder that does more than retry
 * never acts (a critical app's reboot among them). */
static void check_loop_reachable(const struct cfg *c, const struct app *a, struct diag *d)
{
	const struct supervise *s = &a->sup;
	long long min = ward_number(c, "WARD_BACKOFF_MIN_MS", 100);
	long long max = ward_number(c, "WARD_BACKOFF_MAX_MS", 30000);
	long long span = 0, delay = min < max ? min : max;
	const struct cfg_ent *e;
	char sym[64], raw[24];

	for (long long k = 1; k < s->crash_limit && span <= s->crash_window_ms; k++) {
		span += delay;
		delay = delay * 2 < max ? delay * 2 : max;
	}
	if (!ladder_acts(s) || span <= s->crash_window_ms)
		return;
	e = cfg_find_app(c, a->id, "CRASH_LIMIT");
	snprintf(sym, sizeof(sym), "APP_%s_CRASH_LIMIT", a->id);
	snprintf(raw, sizeof(raw), "%lld", s->crash_limit);
	diag_sym(d, e ? e->sym : sym, e ? e->raw : raw,
		 "%lld failures take %lld ms of backoff at the least (WARD_BACKOFF_MIN_MS %lld, "
		 "doubling up to WARD_BACKOFF_MAX_MS %lld), more than CRASH_WINDOW_MS (%lld): no "
		 "crash loop would be counted, and CRASH_LADDER would never act",
		 s->crash_limit, span, min, max, s->crash_window_ms);
}

int app_supervise(const struct cfg *c, struct app *a, struct diag *d)
{
	struct supervise *s = &a->sup;
	const char *deps, *why;
	const struct cfg_ent *e;

	s->critical = bool_field(c, a->id, "CRITICAL", 0, d);
	s->oneshot = bool_field(c, a->id, "ONESHOT", 0, d);
	s->autostart = bool_field(c, a->id, "AUTOSTART", 1, d);
	s->notify_fd = int_field(c, a->id, "NOTIFY_FD", 0, NOTIFY_FD_MAX, 0, d);
	e = cfg_find_app(c, a->id, "NOTIFY_FD");
	if (s->notify_fd > 0 && s->notify_fd < 3) {
		diag_sym(d, e->sym, e->raw, "must be 0 (none) or 3..%d: 0-2 are stdio",
			 NOTIFY_FD_MAX);
		s->notify_fd = 0;
	}
	s->heartbeat_ms = int_field(c, a->id, "HEARTBEAT_MS", 0, MS_MAX, 0, d);
	e = cfg_find_app(c, a->id, "HEARTBEAT_MS");
	/* PID 1 reads the notify fd at most every 10 ms, and a start takes milliseconds: a
	 * shorter heartbeat or timeout (seconds meant, say) would fail every healthy run. */
	if (s->heartbeat_ms > 0 && s->heartbeat_ms < TIME_MIN_MS)
		diag_sym(d, e->sym, e->raw, "is below %d ms: PID 1 could not tell it from a hang",
			 TIME_MIN_MS);
	if (s->heartbeat_ms > 0 && s->notify_fd == 0)
		diag_sym(d, e->sym, e->raw,
			 "needs CONFIG_APP_%s_NOTIFY_FD: the heartbeat is written there", a->id);
	s->timeout_ms = int_field(c, a->id, "TIMEOUT_MS", 0, MS_MAX, 0, d);
	e = cfg_find_app(c, a->id, "TIMEOUT_MS");
	/* A warning: a test may want the kill while the sandbox is set up. */
	if (s->timeout_ms > 0 && s->timeout_ms < TIME_MIN_MS)
		diag_warn(d, e->sym, e->raw, "is below %d ms: no sandbox starts and gets ready "
			  "that fast, and each run will be killed as it starts", TIME_MIN_MS);
	if (s->timeout_ms > 0 && s->notify_fd == 0 && !s->oneshot)
		diag_sym(d, e->sym, e->raw,
			 "does nothing: without CONFIG_APP_%s_NOTIFY_FD (or ONESHOT) the app is "
			 "ready when started", a->id);
	s->crash_limit = int_field(c, a->id, "CRASH_LIMIT", 0, 1000, 5, d);
	s->crash_window_ms = int_field(c, a->id, "CRASH_WINDOW_MS", 1, MS_MAX, 60000, d);
	check_ladder(c, a, d);
	check_loop_reachable(c, a, d);
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
	/* A name twice adds nothing: more likely a slip for another name, left out. */
	for (size_t k = 0; k < s->depends.n; k++)
		for (size_t j = 0; j < k; j++)
			if (!strcmp(s->depends.v[j], s->depends.v[k])) {
				diag_sym(d, s->depends_ent->sym, s->depends_ent->raw,
					 "\"%s\" is named twice", s->depends.v[k]);
				break;
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

/* Whether `to` is among the dependencies of `from`, theirs, and so on (what svc_start starts
 * with `from`): breadth first, each app looked at once, so a cycle in DEPENDS ends the walk
 * too. On 1, prev[j] is the app that named j, back to `from`: the shortest such chain. prev
 * and queue hold l->n entries each. */
static int depends_on(const struct app_list *l, size_t from, size_t to, size_t *prev,
		      size_t *queue)
{
	size_t head = 0, tail = 0;

	for (size_t j = 0; j < l->n; j++)
		prev[j] = SIZE_MAX;
	prev[from] = from;
	queue[tail++] = from;
	while (head < tail) {
		const struct supervise *s = &l->v[queue[head++]].sup;

		for (size_t k = 0; k < s->depends.n; k++) {
			size_t j = s->depends_idx[k];

			if (prev[j] != SIZE_MAX)
				continue;
			prev[j] = queue[head - 1];
			if (j == to)
				return 1;
			queue[tail++] = j;
		}
	}
	return 0;
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
	size_t *prev = calloc(l->n + 1, sizeof *prev);
	size_t *queue = calloc(l->n + 1, sizeof *queue);
	int unresolved = 0;

	if (!colour || !path || !prev || !queue) {
		free(colour);
		free(path);
		free(prev);
		free(queue);
		return -1;
	}
	for (size_t i = 0; i < l->n; i++) {
		struct supervise *s = &l->v[i].sup;

		s->depends_idx = calloc(s->depends.n + 1, sizeof *s->depends_idx);
		if (!s->depends_idx) {
			free(colour);
			free(path);
			free(prev);
			free(queue);
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
	/* A fallback that depends on the app it stands in for, directly or through the apps it
	 * depends on, would start that app again (svc_start starts them all, the app's ladder
	 * from the first rung): the ladder's next rung would never come. */
	for (size_t i = 0; !unresolved && i < l->n; i++) {
		const struct supervise *s = &l->v[i].sup;
		struct buf chain = { 0 }, syms = { 0 };
		size_t n = 0, f;

		if (s->fallback_idx < 0 || (size_t)s->fallback_idx == i)
			continue;
		f = (size_t)s->fallback_idx;
		if (!depends_on(l, f, i, prev, queue))
			continue;
		/* The chain back from this app to the fallback, into path[], then forwards. */
		for (size_t j = i; j != f && n < l->n; j = prev[j])
			path[n++] = j;
		path[n++] = f;
		while (n--) {
			buf_printf(&chain, "%s%s", l->v[path[n]].name, n ? " -> " : "");
			if (n)
				buf_printf(&syms, "%sCONFIG_%s", syms.p ? ", " : "",
					   l->v[path[n]].sup.depends_ent->sym);
		}
		diag_sym(d, s->fallback_ent->sym, s->fallback_ent->raw,
			 "\"%s\" depends on this app: %s (%s): starting it would start this app "
			 "again, and the ladder would not go on", s->fallback,
			 chain.p ? chain.p : "", syms.p ? syms.p : "");
		buf_free(&chain);
		buf_free(&syms);
	}
	/* Cycles are looked for only among resolved names: one error at a time. */
	for (size_t i = 0; !unresolved && i < l->n; i++)
		if (colour[i] == 0 && find_cycle(l, i, colour, path, 0, d))
			break;
	free(colour);
	free(path);
	free(prev);
	free(queue);
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
