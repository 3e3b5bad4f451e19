/* emit_seccomp.c: writes an app's seccomp filter into apps.c as constant classic BPF. First
 * the arch check (a foreign arch's calls, compat or x32, have other numbers: kill), then one
 * block per denied call, then allow. A block starts with the call number in A and either
 * falls through with A unchanged or returns: its jumps stay inside it, so that its
 * #ifdef SYS_<name> can drop it on a target that lacks the call. */
#include <string.h>

#include "wardgen.h"

/* Returns errno err for the call, or allows it when err is NULL. */
static void ret(struct buf *b, const char *err)
{
	if (err)
		buf_printf(b, "\tSB_RET(SB_RET_ERRNO | %s),\n", err);
	else
		buf_puts(b, "\tSB_RET(SB_RET_ALLOW),\n");
}

static void block_deny(struct buf *b, const char *name, const char *err)
{
	buf_printf(b, "#ifdef SYS_%s\n\tSB_JEQ(SYS_%s, 0, 1),\n", name, name);
	ret(b, err);
	buf_puts(b, "#endif\n");
}

/* Loads the argument, so A no longer holds the call number: the block returns on every
 * path. Any match jumps to the second RET; no match falls into the first. */
static void block_test(struct buf *b, const struct sc_rule *r)
{
	size_t n = r->values[1] ? 2 : 1, i;

	buf_printf(b, "#ifdef SYS_%s\n\tSB_JEQ(SYS_%s, 0, %zu),\n\tSB_LD(SB_OFF_ARG_LO(%d)),\n",
		   r->name, r->name, n + 3, r->arg);
	for (i = 0; i < n; i++)
		buf_printf(b, "\t%s(%s, %zu, 0),\n", r->test, r->values[i], n - i);
	ret(b, r->deny_match ? NULL : r->err);
	ret(b, r->deny_match ? r->err : NULL);
	buf_puts(b, "#endif\n");
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

void emit_seccomp(struct buf *b, size_t i, const struct app *a, size_t twin)
{
	size_t k;

	/* Apps with the same rules share one filter: most have the default one. */
	if (!a->seccomp || twin != i)
		return;
	buf_printf(b, "static const struct sb_bpf app_%zu_seccomp[] = {\n", i);
	buf_puts(b, "\tSB_LD(SB_OFF_ARCH),\n\tSB_JEQ(SB_AUDIT_ARCH, 1, 0),\n"
		    "\tSB_RET(SB_RET_KILL_PROCESS),\n\tSB_LD(SB_OFF_NR),\n#ifdef SB_X32_BIT\n"
		    "\tSB_JSET(SB_X32_BIT, 0, 1),\n\tSB_RET(SB_RET_KILL_PROCESS),\n#endif\n");
	for (k = 0; k < SC_RULES; k++) {
		const struct sc_rule *r = &sc_rules[k];

		if (a->sc_rule[k] == SC_DENIED)
			block_deny(b, r->name, "EPERM");
		else if (a->sc_rule[k] == SC_AS_RULE && r->test)
			block_test(b, r);
		else if (a->sc_rule[k] == SC_AS_RULE)
			block_deny(b, r->name, r->err);
	}
	for (k = 0; k < SYSCALL_NAMES; k++)
		if (a->sc_deny[k])
			block_deny(b, syscall_names[k], "EPERM");
	buf_puts(b, "\tSB_RET(SB_RET_ALLOW),\n};\n");
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
