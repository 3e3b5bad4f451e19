/* emit_seccomp.c: writes an app's seccomp filter into apps.c as constant classic BPF. First
 * the arch check (a foreign arch's calls, compat or x32, have other numbers: kill), then the
 * denied calls as a search tree over their numbers, whose every leaf ends in allow, then one
 * return for each error its calls are denied with: a call denied outright is a single JEQ to
 * its error's, and an argument test jumps to these returns too.
 * Why a tree: when the filter is installed the kernel runs it once for each call number, to
 * find the calls it always allows (those then skip the filter). Through a list each of those
 * some 450 runs passes every denied call (57 instructions on x86_64): about 0.1 ms of a 3 ms
 * spawn on a workstation, a millisecond under emulation. Through the tree it takes a dozen. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "wardgen.h"

/* A leaf holds at most this many calls, tried one after the other. */
enum { LEAF = 8, JUMP_MAX = 255 };
/* A jump inside a leaf spans at most its blocks (6 instructions each: an argument's 4 values
 * and 2), its allow and one return per error: the 8-bit offsets of JEQ and JSET hold it. */
_Static_assert(LEAF * (sizeof(((struct sc_rule *)0)->values) / sizeof(char *) + 2) + 1 + LEAF <=
		       JUMP_MAX,
	       "a leaf's jumps fit in 8 bits");

/* Numbers from the first one all architectures share (424, pidfd_send_signal) up that the
 * list of names does not know are refused with ENOSYS, as a kernel without the call would
 * refuse it: a call added to Linux after the list was written was never weighed against the
 * deny list (open_tree_attr, Linux 6.15, copies a mount tree with its read-only flag
 * cleared), and libcs take ENOSYS as "fall back". Below 424 each architecture numbers its own
 * calls, and adds its own new ones past the last it had (x86_64's uretprobe and uprobe, 335
 * and 336, which the kernel lets past every filter): those from past the list's last below
 * 424 are refused too.
 * From 1024 on are 32-bit ARM's private ones (set_tls, cacheflush), which libcs use. */
enum { SHARED_FIRST = 424, NR_END = 1024 };
#define UNKNOWN_NAME (-1)

/* One denied call: outright with err, or by the rule's argument test. */
struct entry {
	long nr;
	size_t order; /* emission order: of two calls with one number, the first decides */
	int name;     /* index into syscall_names */
	const struct sc_rule *rule; /* with a test, else NULL */
	const char *err;
};

static void ret(struct buf *b, const char *err)
{
	if (err)
		buf_printf(b, "\tSB_RET(SB_RET_ERRNO | %s),\n", err);
	else
		buf_puts(b, "\tSB_RET(SB_RET_ALLOW),\n");
}

static size_t test_values(const struct sc_rule *r)
{
	size_t n = 1;

	while (n < sizeof(r->values) / sizeof(r->values[0]) && r->values[n])
		n++;
	return n;
}

static size_t entry_len(const struct entry *e)
{
	if (e->rule && e->rule->value2)
		return 5;
	return e->rule ? test_values(e->rule) + 2 : 1;
}

/* The errors the calls in e[lo, hi) are denied with, each once, in their order: the returns
 * that end the leaf, after its allow. Returns how many. */
static size_t leaf_errs(const struct entry *e, size_t lo, size_t hi, const char **errs)
{
	size_t n = 0;

	for (size_t i = lo; i < hi; i++) {
		size_t k = 0;

		while (k < n && strcmp(errs[k], e[i].err))
			k++;
		if (k == n)
			errs[n++] = e[i].err;
	}
	return n;
}

/* A call's block: the number in A on entry; it returns, or falls through with A unchanged.
 * Its verdicts are the leaf's returns: from the block's instruction `at` (0: its first), a
 * jump of `allow - at` reaches the allow, one of `deny - at` its error's return. A test block
 * loads the argument, so it jumps to a return on every path. */
static void emit_entry(struct buf *b, const struct entry *e, size_t allow, size_t deny)
{
	const struct sc_rule *r = e->rule;
	const char *name = e->name == UNKNOWN_NAME ? "no name in the list" : syscall_names[e->name];
	size_t n, i;

	if (!r) {
		buf_printf(b, "\tSB_JEQ(%ld /* %s */, %zu, 0),\n", e->nr, name, deny);
		return;
	}
	if (r->value2) { /* both arguments, or allowed */
		buf_printf(b, "\tSB_JEQ(%ld /* %s */, 0, 4),\n\tSB_LD(SB_OFF_ARG_LO(%d)),\n"
			      "\tSB_JEQ(%s, 0, %zu),\n\tSB_LD(SB_OFF_ARG_LO(%d)),\n\tSB_JEQ(%s, %zu, %zu),\n",
			   e->nr, name, r->arg, r->values[0], allow - 2, r->arg2, r->value2, deny - 4,
			   allow - 4);
		return;
	}
	n = test_values(r);
	buf_printf(b, "\tSB_JEQ(%ld /* %s */, 0, %zu),\n\tSB_LD(SB_OFF_ARG_LO(%d)),\n", e->nr,
		   name, n + 1, r->arg);
	/* a match jumps to one verdict; no match falls to the next test, after the last to the
	 * other verdict */
	for (i = 0; i < n; i++) {
		size_t match = r->deny_match ? deny : allow, other = r->deny_match ? allow : deny;

		buf_printf(b, "\t%s(%s, %zu, %zu),\n", r->test, r->values[i], match - 2 - i,
			   i + 1 < n ? 0 : other - 2 - i);
	}
}

/* The instructions of the tree over e[lo, hi). */
static size_t tree_len(const struct entry *e, size_t lo, size_t hi)
{
	size_t mid, left;

	if (hi - lo <= LEAF) {
		const char *errs[LEAF];
		size_t n = 1 + leaf_errs(e, lo, hi, errs);

		for (size_t i = lo; i < hi; i++)
			n += entry_len(&e[i]);
		return n;
	}
	mid = lo + (hi - lo) / 2;
	left = tree_len(e, lo, mid);
	return 1 + (left > JUMP_MAX) + left + tree_len(e, mid, hi);
}

/* A node: calls from e[mid]'s number up go right, past the left subtree; a jump too long for
 * a conditional one goes through an unconditional one. */
static void tree_emit(struct buf *b, const struct entry *e, size_t lo, size_t hi)
{
	size_t mid, left;

	/* cppcheck-suppress knownConditionTrueFalse ; it takes n for 0, being a static array's */
	if (hi - lo <= LEAF) {
		const char *errs[LEAF];
		size_t nerrs = leaf_errs(e, lo, hi, errs), after = 0;

		for (size_t i = lo; i < hi; i++)
			after += entry_len(&e[i]);
		for (size_t i = lo; i < hi; i++) {
			size_t len = entry_len(&e[i]), k = 0;

			after -= len;
			while (strcmp(errs[k], e[i].err))
				k++;
			/* the jumps from the block's first instruction: past the rest of it and
			 * the blocks after it to the allow, then on to its error's return */
			emit_entry(b, &e[i], len - 1 + after, len + after + k);
		}
		ret(b, NULL);
		for (size_t k = 0; k < nerrs; k++)
			ret(b, errs[k]);
		return;
	}
	mid = lo + (hi - lo) / 2;
	left = tree_len(e, lo, mid);
	if (left > JUMP_MAX)
		buf_printf(b, "\tSB_JGE(%ld, 0, 1),\n\tSB_JA(%zu),\n", e[mid].nr, left);
	else
		buf_printf(b, "\tSB_JGE(%ld, %zu, 0),\n", e[mid].nr, left);
	tree_emit(b, e, lo, mid);
	tree_emit(b, e, mid, hi);
}

static int by_number(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (a->nr != b->nr)
		return a->nr < b->nr ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* The largest number below `end` that the list names on the target (0: none). */
static long known_max(const struct sysnr *t, long end)
{
	long max = 0;

	for (size_t k = 0; t && k < SYSCALL_NAMES; k++)
		if (t->nr[k] < end && t->nr[k] > max)
			max = t->nr[k];
	return max;
}

/* The app's denied calls that the target has, and the unnamed numbers from SHARED_FIRST to
 * the last named one, by number, one per number. Returns how many. */
static size_t collect(const struct app *a, const struct sysnr *t, struct entry *e)
{
	size_t n = 0, k, kept;
	long max = known_max(t, NR_END);

	for (long nr = SHARED_FIRST; nr < max; nr++) {
		bool known = false;

		for (k = 0; k < SYSCALL_NAMES && !known; k++)
			known = t->nr[k] == nr;
		if (!known) {
			e[n] = (struct entry){ nr, n, UNKNOWN_NAME, NULL, "ENOSYS" };
			n++;
		}
	}

	for (k = 0; k < SC_RULES; k++) {
		const struct sc_rule *r = &sc_rules[k];
		int name = syscall_find(r->name, strlen(r->name));

		if (a->sc_rule[k] == SC_ALLOWED || name < 0 || !t || t->nr[name] < 0)
			continue;
		e[n] = (struct entry){ t->nr[name], n, name, NULL, "EPERM" };
		if (a->sc_rule[k] == SC_AS_RULE) {
			e[n].rule = r->test ? r : NULL;
			e[n].err = r->err;
		}
		n++;
	}
	for (k = 0; k < SYSCALL_NAMES; k++)
		if (a->sc_deny[k] && t && t->nr[k] >= 0) {
			e[n] = (struct entry){ t->nr[k], n, (int)k, NULL, "EPERM" };
			n++;
		}
	qsort(e, n, sizeof(*e), by_number);
	/* Two names for one number (32-bit ARM has a few): the first decides, as in a list. */
	for (k = kept = 0; k < n; k++)
		if (kept == 0 || e[k].nr != e[kept - 1].nr)
			e[kept++] = e[k];
	return kept;
}

size_t seccomp_twin(const struct app_list *l, size_t i)
{
	const struct app *a = &l->v[i];

	for (size_t j = 0; j < i; j++) {
		const struct app *t = &l->v[j];

		if (t->seccomp && !memcmp(t->sc_rule, a->sc_rule, sizeof(a->sc_rule)) &&
		    !memcmp(t->sc_deny, a->sc_deny, sizeof(a->sc_deny)))
			return j;
	}
	return i;
}

/* The numbers from past the last one the list names below `end`, up to `end`, refused with
 * ENOSYS; when that last one is `lo` or above. */
static void refuse_past_last(struct buf *b, const struct sysnr *t, long lo, long end)
{
	long max = known_max(t, end);

	if (max >= lo && max + 1 < end)
		buf_printf(b, "\tSB_JGE(%ld, 2, 0),\n"
			      "\tSB_JGE(%ld /* after the list's last below %ld */, 0, 1),\n"
			      "\tSB_RET(SB_RET_ERRNO | ENOSYS),\n", end, max + 1, end);
}

void emit_seccomp(struct buf *b, size_t i, const struct app *a, size_t twin,
		  const struct sysnr *t)
{
	static struct entry e[SC_RULES + SYSCALL_NAMES + NR_END - SHARED_FIRST];
	size_t n;

	/* Apps with the same rules share one filter: most have the default one. */
	if (!a->seccomp || twin != i)
		return;
	n = collect(a, t, e);
	buf_printf(b, "static const struct sb_bpf app_%zu_seccomp[] = {\n", i);
	buf_puts(b, "\tSB_LD(SB_OFF_ARCH),\n\tSB_JEQ(SB_AUDIT_ARCH, 1, 0),\n"
		    "\tSB_RET(SB_RET_KILL_PROCESS),\n\tSB_LD(SB_OFF_NR),\n#ifdef SB_X32_BIT\n"
		    "\tSB_JSET(SB_X32_BIT, 0, 1),\n\tSB_RET(SB_RET_KILL_PROCESS),\n#endif\n");
	refuse_past_last(b, t, SHARED_FIRST, NR_END);
	refuse_past_last(b, t, 1, SHARED_FIRST);
	tree_emit(b, e, 0, n);
	buf_puts(b, "};\n");
}

/* Whether any app's filter names call k. */
static int named(const struct app_list *l, size_t k)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct app *a = &l->v[i];

		if (!a->seccomp)
			continue;
		if (a->sc_deny[k])
			return 1;
		for (size_t r = 0; r < SC_RULES; r++)
			if (a->sc_rule[r] != SC_ALLOWED && !strcmp(sc_rules[r].name, syscall_names[k]))
				return 1;
	}
	return 0;
}

void emit_seccomp_guards(struct buf *b, const struct app_list *l)
{
	for (size_t k = 0; k < SYSCALL_NAMES; k++) {
		long nr = l->sysnr ? l->sysnr->nr[k] : -1;

		if (!named(l, k))
			continue;
		if (nr >= 0)
			buf_printf(b, "#if !defined(SYS_%s) || SYS_%s != %ld\n#error \"wardgen was given "
				      "other call numbers than this compiler's (%s)\"\n#endif\n",
				   syscall_names[k], syscall_names[k], nr, syscall_names[k]);
		else
			buf_printf(b, "#ifdef SYS_%s\n#error \"wardgen was given no number for %s, "
				      "which this compiler has: the filter would not see it\"\n#endif\n",
				   syscall_names[k], syscall_names[k]);
	}
}

void emit_seccomp_members(struct buf *b, size_t i, const struct app *a)
{
	/* i is the index of the app whose filter this one shares (seccomp_twin). */
	if (a->seccomp)
		buf_printf(b, "\t\t\t.seccomp = app_%zu_seccomp,\n\t\t\t.seccomp_len = "
			      "sizeof(app_%zu_seccomp) / sizeof(app_%zu_seccomp[0]),\n", i, i, i);
	else
		buf_printf(b, "\t\t\t.seccomp = NULL, /* CONFIG_APP_%s_SECCOMP=n */\n", a->id);
}
