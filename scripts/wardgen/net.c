/* net.c: what an app's own net namespace gets: APP_<id>_NET none, loopback (lo up, the
 * default) or veth (lo, and a pair to the system with APP_<id>_VETH_ADDR on the app's end and
 * APP_<id>_VETH_HOST_ADDR on the system's), checked per app and across apps, and emitted. */
#include <stdio.h>
#include <string.h>

#include "wardgen.h"

static const char *const net_modes[NET_MODES] = {
	[NET_LOOPBACK] = "loopback", [NET_NONE] = "none", [NET_VETH] = "veth",
};
static const char *const net_enums[NET_MODES] = {
	[NET_LOOPBACK] = "SB_NET_LOOPBACK", [NET_NONE] = "SB_NET_NONE", [NET_VETH] = "SB_NET_VETH",
};
static const unsigned ns_net = 1u << 4; /* ns_kinds: net */

static unsigned long mask_of(unsigned prefix)
{
	return prefix ? 0xffffffffUL << (32 - prefix) & 0xffffffffUL : 0;
}

/* 1 to 3 decimal digits, no leading zero (other tools read that as octal), at most max. */
static int dec(const char **s, unsigned long max, unsigned long *v)
{
	size_t len = strspn(*s, "0123456789");

	if (len == 0 || len > 3 || (len > 1 && **s == '0'))
		return -1;
	for (*v = 0; len > 0; len--, (*s)++)
		*v = *v * 10 + (unsigned long)(**s - '0');
	return *v <= max ? 0 : -1;
}

int cidr_parse(const char *s, unsigned long *addr, unsigned *prefix)
{
	unsigned long part, a = 0, host;

	for (int i = 0; i < 4; i++) {
		if (dec(&s, 255, &part) < 0 || *s++ != ".../"[i])
			return -1;
		a = a << 8 | part;
	}
	if (dec(&s, 31, &part) < 0 || part < 1 || *s)
		return -1;
	/* 0/8, 127/8 (loopback) and 224/3 (multicast, reserved) are nobody's interface. */
	if (a >> 24 == 0 || a >> 24 == 127 || a >> 24 >= 224)
		return -1;
	/* The subnet's own address and its broadcast (a /31 has neither). */
	host = a & ~mask_of((unsigned)part) & 0xffffffffUL;
	if (part < 31 && (host == 0 || host == (~mask_of((unsigned)part) & 0xffffffffUL)))
		return -1;
	*addr = a;
	*prefix = (unsigned)part;
	return 0;
}

/* An error on CONFIG_APP_<id>_<field>, also when it is absent. */
static void diag_net(struct diag *d, const struct app *a, const struct cfg_ent *e,
		     const char *field, const char *fmt, const char *arg)
{
	struct buf sym = { 0 };

	buf_printf(&sym, "APP_%s_%s", a->id, field);
	diag_sym(d, e ? e->sym : sym.p ? sym.p : field, e ? e->raw : NULL, fmt, arg);
	buf_free(&sym);
}

/* One end's address: needed with veth, meaningless without. */
static void addr_field(const struct cfg *c, struct app *a, const char *field, const char *end,
		       const char *example, unsigned long *addr, unsigned *prefix, const struct cfg_ent **ep,
		       struct diag *d)
{
	const char *s = field_str(c, a->id, field, ep, d);
	int veth = a->net.mode == NET_VETH;

	if (*ep && !s)
		return; /* not a string: reported */
	if (!s || !*s) {
		struct buf msg = { 0 };

		buf_printf(&msg, "CONFIG_APP_%s_NET=\"veth\" needs the address of %s (a.b.c.d/n, "
			   "e.g. %s)", a->id, end, example);
		if (veth)
			diag_net(d, a, *ep, field, "%s", msg.p ? msg.p : "");
		buf_free(&msg);
		return;
	}
	if (cidr_parse(s, addr, prefix) < 0)
		diag_sym(d, (*ep)->sym, (*ep)->raw,
			 "is not an IPv4 address and prefix length a.b.c.d/n (n 1..31, a unicast "
			 "address, not the subnet's own or its broadcast)");
	else if (!veth)
		diag_sym(d, (*ep)->sym, (*ep)->raw, "is set, but APP_%s_NET is not \"veth\"", a->id);
}

void app_net(const struct cfg *c, struct app *a, struct diag *d)
{
	struct net *n = &a->net;
	const struct cfg_ent *e, *ea;
	const char *s = field_str(c, a->id, "NET", &e, d);
	size_t i;

	memset(n, 0, sizeof(*n));
	for (i = 0; s && i < NET_MODES && strcmp(net_modes[i], s); i++)
		;
	if (s && i == NET_MODES)
		diag_sym(d, e->sym, e->raw, "unknown network mode \"%s\" (none, loopback or veth)", s);
	else if (s)
		n->mode = (enum net_mode)i;
	if (n->mode != NET_LOOPBACK && !(a->ns & ns_net))
		diag_sym(d, e->sym, e->raw, "needs the net namespace (APP_%s_NAMESPACES)", a->id);
	if (s && i == NET_MODES)
		return; /* the addresses cannot be judged against an unknown mode */
	addr_field(c, a, "VETH_ADDR", "the app's end", "10.0.2.2/24", &n->addr, &n->prefix, &ea, d);
	addr_field(c, a, "VETH_HOST_ADDR", "the system's end", "10.0.2.1/24", &n->host_addr,
		   &n->host_prefix, &n->host_ent, d);
	if (n->mode != NET_VETH || !n->prefix || !n->host_prefix)
		return;
	/* No route is added: the two ends must share one subnet. */
	if (n->addr == n->host_addr)
		diag_sym(d, n->host_ent->sym, n->host_ent->raw, "is the app's address too (%s)",
			 ea->raw);
	else if (n->prefix != n->host_prefix ||
		 (n->addr ^ n->host_addr) & mask_of(n->prefix))
		diag_sym(d, n->host_ent->sym, n->host_ent->raw,
			 "is not in the subnet of CONFIG_%s=%s (the same a.b.c.d/n network)", ea->sym,
			 ea->raw);
}

static int has_pair(const struct app *a)
{
	return a->net.mode == NET_VETH && a->net.host_prefix;
}

/* Two pairs in overlapping subnets: the system could not tell which app an address is. */
void nets_check(const struct app_list *l, struct diag *d)
{
	const struct app *a, *b;

	for (a = l->v; a < l->v + l->n; a++)
		for (b = l->v; has_pair(a) && b < a; b++) {
			unsigned p = a->net.host_prefix < b->net.host_prefix ? a->net.host_prefix
									     : b->net.host_prefix;

			if (has_pair(b) && !((a->net.host_addr ^ b->net.host_addr) & mask_of(p))) {
				diag_sym(d, a->net.host_ent->sym, a->net.host_ent->raw,
					 "overlaps the veth subnet of CONFIG_%s=%s",
					 b->net.host_ent->sym, b->net.host_ent->raw);
				break;
			}
		}
}

static void put_addr(struct buf *b, const char *end, unsigned long addr, unsigned prefix)
{
	buf_printf(b, "\t\t\t.veth_%saddr = 0x%08lxU, .veth_%sprefix = %u, /* %lu.%lu.%lu.%lu/%u */\n",
		   end, addr, end, prefix, addr >> 24, addr >> 16 & 255, addr >> 8 & 255, addr & 255,
		   prefix);
}

void emit_net_members(struct buf *b, size_t i, const struct app *a)
{
	const struct net *n = &a->net;
	char name[IFNAME_MAX_LEN + 1];

	buf_printf(b, "\t\t\t.net = %s,\n", net_enums[n->mode]);
	if (n->mode != NET_VETH)
		return;
	/* Names are unique, and so is "ward-<name>"; a longer one gets "w<index>-" and what fits
	 * of the name (a digit second: no clash with the first form). */
	if (strlen(a->name) <= IFNAME_MAX_LEN - 5)
		snprintf(name, sizeof(name), "ward-%s", a->name);
	else
		snprintf(name, sizeof(name), "w%zu-%s", i, a->name);
	buf_printf(b, "\t\t\t.veth_name = \"%s\",\n", name);
	put_addr(b, "", n->addr, n->prefix);
	put_addr(b, "host_", n->host_addr, n->host_prefix);
}
