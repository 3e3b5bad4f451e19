/* test_wardgen.c: cmocka tests of wardgen's pure parts, all fed from strings in memory. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sandbox.h"
#include "wardgen.h"

/* One app that passes every check; tests append or override fields. */
#define APP_A "CONFIG_APP_A=y\nCONFIG_APP_A_NAME=\"a\"\nCONFIG_APP_A_CMD=\"/bin/a\"\n"

struct run {
	struct cfg c;
	struct app_list l;
	struct diag d;
};

static void run(struct run *r, const char *text)
{
	memset(r, 0, sizeof *r);
	assert_int_equal(cfg_parse(&r->c, text, strlen(text), "t.config", &r->d), 0);
	assert_int_equal(apps_collect(&r->c, &r->l, &r->d), 0);
	assert_false(r->d.text.failed);
}

static void done(struct run *r)
{
	apps_free(&r->l);
	cfg_free(&r->c);
	buf_free(&r->d.text);
	buf_free(&r->d.warn);
}

static void expect_ok(const char *text)
{
	struct run r;

	run(&r, text);
	if (r.d.count)
		fail_msg("unexpected errors for:\n%s\n%s", text, r.d.text.p);
	done(&r);
}

/* Exactly one error, and it contains needle. */
static void expect_error(const char *text, const char *needle)
{
	struct run r;

	run(&r, text);
	if (r.d.count != 1 || !strstr(r.d.text.p, needle))
		fail_msg("want one error with '%s' for:\n%s\ngot %d:\n%s", needle, text, r.d.count,
			 r.d.text.p ? r.d.text.p : "");
	done(&r);
}

/* App A with CONFIG_APP_A_<field>=<value> set (replacing its NAME or CMD). */
static const char *field_text(const char *field, const char *value)
{
	static char text[512];

	snprintf(text, sizeof text, "CONFIG_APP_A=y\n%s%sCONFIG_APP_A_%s=%s\n",
		 strcmp(field, "NAME") ? "CONFIG_APP_A_NAME=\"a\"\n" : "",
		 strcmp(field, "CMD") ? "CONFIG_APP_A_CMD=\"/bin/a\"\n" : "", field, value);
	return text;
}

/* ok says whether the value must pass; if not, the error must name symbol and value. */
static void field_case(const char *field, const char *value, int ok)
{
	char needle[256];

	snprintf(needle, sizeof needle, "wardgen: CONFIG_APP_A_%s=%s: ", field, value);
	if (ok)
		expect_ok(field_text(field, value));
	else
		expect_error(field_text(field, value), needle);
}

/* ---- .config parsing ---- */

static void test_unquote(void **state)
{
	char out[64];
	const char *why = NULL;

	(void)state;
	assert_int_equal(cfg_unquote("\"plain\"", out, &why), 0);
	assert_string_equal(out, "plain");
	assert_int_equal(cfg_unquote("\"\"", out, &why), 0);
	assert_string_equal(out, "");
	assert_int_equal(cfg_unquote("\"a \\\"b\\\" \\\\ c\"", out, &why), 0);
	assert_string_equal(out, "a \"b\" \\ c");
	assert_int_equal(cfg_unquote("\"\\n\"", out, &why), 0); /* Kconfig: \x is x */
	assert_string_equal(out, "n");
	assert_int_equal(cfg_unquote("\"open", out, &why), -1);
	assert_string_equal(why, "has no closing quote");
	assert_int_equal(cfg_unquote("\"esc\\\"", out, &why), -1);
	assert_string_equal(why, "has no closing quote");
	assert_int_equal(cfg_unquote("\"a\"b", out, &why), -1);
	assert_string_equal(why, "has text after the closing quote");
	assert_int_equal(cfg_unquote("bare", out, &why), -1);
}

static void test_parse_kinds(void **state)
{
	static const char text[] = "#\n# Comment\n\nCONFIG_B=y\n# CONFIG_U is not set\n"
				   "# CONFIG_V is not set, a comment\nCONFIG_I=123\r\n"
				   "  CONFIG_S=\"x \\\"y\\\"\"  \nCONFIG_N=n\nCONFIG_W=m";
	struct run r;
	const struct cfg_ent *e;

	(void)state;
	run(&r, text);
	assert_int_equal(r.d.count, 0);
	assert_int_equal(r.c.n, 6);
	assert_string_equal(r.c.v[0].sym, "B");
	assert_int_equal(r.c.v[0].kind, CFG_Y);
	assert_int_equal(r.c.v[0].line, 4);
	assert_int_equal(r.c.v[1].kind, CFG_UNSET);
	assert_string_equal(r.c.v[1].raw, "n");
	assert_null(cfg_find(&r.c, "V"));
	e = cfg_find(&r.c, "I");
	assert_non_null(e);
	assert_int_equal(e->kind, CFG_WORD);
	assert_string_equal(e->raw, "123");
	e = cfg_find(&r.c, "S");
	assert_int_equal(e->kind, CFG_STRING);
	assert_string_equal(e->raw, "\"x \\\"y\\\"\"");
	assert_string_equal(e->str, "x \"y\"");
	assert_int_equal(cfg_find(&r.c, "N")->kind, CFG_UNSET);
	assert_int_equal(cfg_find(&r.c, "W")->kind, CFG_WORD);
	assert_null(cfg_find(&r.c, "X"));
	done(&r);
}

static void test_parse_errors(void **state)
{
	static const char text[] = "CONFIG_A=y\nhello\nCONFIG_=1\nCONFIG_B\nCONFIG_S=\"open\n"
				   "CONFIG_T=\"a\"b\nCONFIG_A=1\nCONFIG_Z=\0\nCONFIG_R=\"\r\"\r\"\n";
	struct run r;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(cfg_parse(&r.c, text, sizeof text - 1, "t.config", &r.d), 0);
	assert_int_equal(r.d.count, 8);
	assert_non_null(strstr(r.d.text.p, "wardgen: t.config:2: is neither"));
	assert_non_null(strstr(r.d.text.p, "wardgen: t.config:3: is neither"));
	assert_non_null(strstr(r.d.text.p, "wardgen: t.config:4: is neither"));
	assert_non_null(strstr(r.d.text.p, "wardgen: CONFIG_S=\"open: has no closing quote\n"));
	assert_non_null(strstr(r.d.text.p, "wardgen: CONFIG_T=\"a\"b: has text after the closing"));
	assert_non_null(strstr(r.d.text.p, "wardgen: CONFIG_A=1: is set again (first on line 1)"));
	assert_non_null(strstr(r.d.text.p, "wardgen: t.config:8: contains a NUL byte"));
	/* a CR inside a value must not break the one-error-per-line output */
	assert_non_null(strstr(r.d.text.p, "wardgen: CONFIG_R=\"\\015\"\\015\": has text after"));
	assert_null(strchr(r.d.text.p, '\r'));
	assert_int_equal(cfg_find(&r.c, "S")->kind, CFG_BAD);
	done(&r);
}

/* No line or value length limit of its own. */
static void test_parse_long_line(void **state)
{
	size_t n = 1 << 20;
	char *text = malloc(n + 64), *p;
	struct run r;

	(void)state;
	assert_non_null(text);
	p = text + sprintf(text, "CONFIG_L=\"");
	memset(p, 'x', n);
	strcpy(p + n, "\\\"\"\nCONFIG_M=1\n");
	run(&r, text);
	assert_int_equal(r.d.count, 0);
	assert_int_equal(strlen(cfg_find(&r.c, "L")->str), n + 1);
	assert_int_equal(cfg_find(&r.c, "L")->str[n], '"');
	assert_string_equal(cfg_find(&r.c, "M")->raw, "1");
	done(&r);
	free(text);
}

static void test_find_app(void **state)
{
	struct run r;

	(void)state;
	run(&r, "CONFIG_APP_A_NAM=\"x\"\nCONFIG_APP_A_NAMES=\"x\"\nCONFIG_APP_A_NAME=\"y\"\n");
	assert_string_equal(cfg_find_app(&r.c, "A", "NAME")->str, "y");
	assert_null(cfg_find_app(&r.c, "A", "NAMESP"));
	assert_null(cfg_find_app(&r.c, "B", "NAME"));
	done(&r);
}

static void test_num(void **state)
{
	long long v;

	(void)state;
	assert_int_equal(num_parse("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(num_parse("4294967296", &v), 0);
	assert_true(v == 4294967296LL);
	assert_int_equal(num_parse("-12", &v), 0);
	assert_int_equal(v, -12);
	assert_int_equal(num_parse("0x1F", &v), 0);
	assert_int_equal(v, 31);
	assert_int_equal(num_parse("9223372036854775807", &v), 0);
	errno = 0;
	assert_int_equal(num_parse("9223372036854775808", &v), -1);
	assert_int_equal(errno, ERANGE);
	static const char *const junk[] = { "", "-", "0x", "12a", " 1", "1 ", "+1", "1.5", "0x1g" };
	for (size_t i = 0; i < sizeof junk / sizeof *junk; i++) {
		errno = 0;
		assert_int_equal(num_parse(junk[i], &v), -1);
		assert_int_equal(errno, EINVAL);
	}
}

/* ---- word splitting ---- */

/* want: the words joined by '|', or NULL when splitting must fail with why_part. */
static void words_case(const char *s, const char *want, const char *why_part)
{
	struct words w;
	struct buf got = { 0 };
	const char *why = "";
	size_t i;

	if (words_split(s, &w, &why) < 0) {
		if (want || !strstr(why, why_part))
			fail_msg("split of [%s] failed: %s", s, why);
		assert_int_equal(errno, EINVAL);
		assert_null(w.v);
		return;
	}
	if (!want)
		fail_msg("split of [%s] should fail", s);
	for (i = 0; i < w.n; i++)
		buf_printf(&got, "%s%s", i ? "|" : "", w.v[i]);
	assert_null(w.v[w.n]);
	assert_string_equal(got.p ? got.p : "", want);
	buf_free(&got);
	words_free(&w);
}

static void test_words(void **state)
{
	(void)state;
	words_case("", "", NULL);
	words_case(" \t ", "", NULL);
	words_case("/bin/a", "/bin/a", NULL);
	words_case("  a  b\tc\n d ", "a|b|c|d", NULL);
	words_case("'a b' c", "a b|c", NULL);
	words_case("'a \\\" $x'", "a \\\" $x", NULL);         /* single quotes: all literal */
	words_case("\"\\\" \\\\ \\$ \\` \\n\"", "\" \\ $ ` \\n", NULL); /* only 4 escapes */
	words_case("a\\ b \\'c", "a b|'c", NULL);
	words_case("x'y'\"z\"w", "xyzw", NULL);
	words_case("'' \"\" a", "||a", NULL);
	words_case("a 'b", NULL, "unbalanced single quote");
	words_case("a \"b\\\"", NULL, "unbalanced double quote");
	words_case("\"it's\" 'say \"hi\"'", "it's|say \"hi\"", NULL);
	words_case("a\\", NULL, "backslash");
}

/* ---- namespaces ---- */

static void test_ns(void **state)
{
	unsigned mask = 0;
	const char *bad, *s;
	size_t n, i;

	(void)state;
	assert_int_equal(ns_parse("", &mask, &bad, &n), 0);
	assert_int_equal(mask, 0);
	assert_int_equal(ns_parse("pid mnt uts ipc net cgroup user time", &mask, &bad, &n), 0);
	assert_int_equal(mask, (1u << NS_KINDS) - 1);
	for (i = 0; i < NS_KINDS; i++) {
		mask = 0;
		assert_int_equal(ns_parse(ns_kinds[i].name, &mask, &bad, &n), 0);
		assert_int_equal(mask, 1u << i);
	}
	mask = 0;
	assert_int_equal(ns_parse(" net\tnet  pid ", &mask, &bad, &n), 0);
	assert_int_equal(mask, 1u << 0 | 1u << 4);
	mask = 0;
	s = "pid nope mnt pi";
	assert_int_equal(ns_parse(s, &mask, &bad, &n), -1);
	assert_int_equal(bad - s, 4);
	assert_int_equal(n, 4);
	assert_int_equal(ns_parse(bad + n, &mask, &bad, &n), -1);
	assert_int_equal(bad - s, 13);
	assert_int_equal(n, 2);
	assert_int_equal(ns_parse(bad + n, &mask, &bad, &n), 0);
	assert_int_equal(mask, 1u << 0 | 1u << 1);
	assert_string_equal(ns_kinds[1].flag, "CLONE_NEWNS");
}

/* ---- C string escaping ---- */

static void cstr_case(const char *s, const char *want)
{
	struct buf b = { 0 };

	cstr_put(&b, s);
	assert_string_equal(b.p, want);
	buf_free(&b);
}

static void test_cstr(void **state)
{
	(void)state;
	cstr_case("", "\"\"");
	cstr_case("plain text ~", "\"plain text ~\"");
	cstr_case("q\"b\\", "\"q\\\"b\\\\\"");
	cstr_case("?\?/?\?=", "\"\\?\\?/\\?\\?=\"");
	cstr_case("a\nb\t\033", "\"a\\012b\\011\\033\"");
	cstr_case("\0011", "\"\\0011\""); /* 3 octal digits: the '1' stays a '1' */
	cstr_case("\xc3\xa9\x7f", "\"\\303\\251\\177\"");
}

/* ---- per-app rules ---- */

static void test_app_detection(void **state)
{
	struct run r;

	(void)state;
	/* a bool field is not an app; neither is an APP_ symbol without NAME or CMD */
	run(&r, APP_A "CONFIG_APP_A_RESTART_NEVER=y\nCONFIG_APP_FOO=y\n"
		    "# CONFIG_APP_OFF is not set\nCONFIG_APP_OFF_NAME=\"off\"\n");
	assert_int_equal(r.d.count, 0);
	assert_int_equal(r.l.n, 1);
	assert_string_equal(r.l.v[0].id, "A");
	done(&r);
	expect_error("CONFIG_APP_x=y\nCONFIG_APP_x_NAME=\"x\"\nCONFIG_APP_x_CMD=\"/x\"\n",
		     "wardgen: CONFIG_APP_x=y: app id \"x\" must match [A-Z0-9_]+");
}

static void test_missing(void **state)
{
	(void)state;
	expect_error("CONFIG_APP_A=y\nCONFIG_APP_A_NAME=\"a\"\n",
		     "wardgen: CONFIG_APP_A_CMD=(missing): required by CONFIG_APP_A=y");
	expect_error("CONFIG_APP_A=y\nCONFIG_APP_A_CMD=\"/a\"\n",
		     "wardgen: CONFIG_APP_A_NAME=(missing): required by CONFIG_APP_A=y");
	expect_error("CONFIG_APP_A=y\nCONFIG_APP_A_CMD=\"/a\"\nCONFIG_APP_A_NAME=7\n",
		     "wardgen: CONFIG_APP_A_NAME=7: is not a quoted string");
}

static void name_case(const char *name, int ok)
{
	char value[64];

	snprintf(value, sizeof value, "\"%s\"", name);
	field_case("NAME", value, ok);
}

static void test_name(void **state)
{
	(void)state;
	name_case("a", 1);
	name_case("0", 1);
	name_case("web-1_x", 1);
	name_case("abcdefghijklmnopqrstuvwxyz01234", 1); /* 31 */
	name_case("abcdefghijklmnopqrstuvwxyz012345", 0); /* 32 */
	name_case("", 0);
	name_case("-a", 0);
	name_case("_a", 0);
	name_case("Web", 0);
	name_case("a.b", 0);
	name_case("a/b", 0);
	name_case("a b", 0);
}

static void test_cmd(void **state)
{
	struct run r;

	(void)state;
	field_case("CMD", "\"/bin/sh -c 'echo \\\"hi\\\"'\"", 1);
	field_case("CMD", "\"\"", 0);
	field_case("CMD", "\"  \"", 0);
	field_case("CMD", "\"bin/sh\"", 0);
	field_case("CMD", "\"sh -c true\"", 0);
	field_case("CMD", "\"'/bin/sh\"", 0);
	field_case("CMD", "\"/bin/sh -c \\\"x\"", 0);
	expect_error(field_text("CMD", "\"/bin/a 'b\""), "has an unbalanced single quote");
	expect_error(field_text("CMD", "\"\""), "the command is empty");
	expect_error(field_text("CMD", "\"a b\""), "argv[0] \"a\" is not an absolute path");
	run(&r, field_text("CMD", "\"/bin/sh -c 'echo \\\"a  b\\\"'\""));
	assert_int_equal(r.l.v[0].argv.n, 3);
	assert_string_equal(r.l.v[0].argv.v[2], "echo \"a  b\"");
	done(&r);
}

static void test_env(void **state)
{
	struct run r;

	(void)state;
	field_case("ENV", "\"\"", 1);
	field_case("ENV", "\"A=1 _b2='x y' C=\"", 1);
	field_case("ENV", "\"A\"", 0);
	field_case("ENV", "\"=1\"", 0);
	field_case("ENV", "\"1A=1\"", 0);
	field_case("ENV", "\"A-B=1\"", 0);
	field_case("ENV", "\"A='1\"", 0);
	expect_error(APP_A "CONFIG_APP_A_ENV=\"A=1 B-C=2\"\n", "\"B-C=2\" is not NAME=VALUE");
	run(&r, APP_A "CONFIG_APP_A_ENV=\"A='1 2'\"\n");
	assert_true(r.l.v[0].default_path);
	assert_string_equal(r.l.v[0].envp.v[0], "A=1 2");
	done(&r);
	run(&r, APP_A "CONFIG_APP_A_ENV=\"A=1 PATH=/x\"\n");
	assert_false(r.l.v[0].default_path);
	done(&r);
	run(&r, APP_A);
	assert_true(r.l.v[0].default_path);
	assert_int_equal(r.l.v[0].envp.n, 0);
	done(&r);
}

static void test_hostname(void **state)
{
	char text[256], h[70];
	struct run r;

	(void)state;
	memset(h, 'h', 64);
	h[64] = '\0';
	snprintf(text, sizeof text, APP_A "CONFIG_APP_A_HOSTNAME=\"%s\"\n", h);
	run(&r, text);
	assert_int_equal(r.d.count, 0);
	assert_string_equal(r.l.v[0].hostname, h);
	done(&r);
	strcpy(h + 64, "h");
	snprintf(text, sizeof text, APP_A "CONFIG_APP_A_HOSTNAME=\"%s\"\n", h);
	expect_error(text, "is longer than 64 bytes");
	run(&r, APP_A "CONFIG_APP_A_HOSTNAME=\"\"\n");
	assert_string_equal(r.l.v[0].hostname, "a");
	done(&r);
	run(&r, APP_A);
	assert_string_equal(r.l.v[0].hostname, "a");
	done(&r);
}

static void test_namespaces(void **state)
{
	struct run r;

	(void)state;
	run(&r, APP_A);
	assert_int_equal(r.l.v[0].ns, NS_DEFAULT);
	assert_int_equal(NS_DEFAULT & (1u << 7), 0); /* no time namespace unless asked */
	done(&r);
	run(&r, APP_A "CONFIG_APP_A_NAMESPACES=\"\"\n");
	assert_int_equal(r.d.count, 0);
	assert_int_equal(r.l.v[0].ns, 0);
	done(&r);
	run(&r, APP_A "CONFIG_APP_A_NAMESPACES=\"net pid net\"\n");
	assert_int_equal(r.d.count, 0);
	assert_int_equal(r.l.v[0].ns, 1u << 0 | 1u << 4);
	done(&r);
	expect_error(APP_A "CONFIG_APP_A_NAMESPACES=\"pid vm\"\n",
		     "wardgen: CONFIG_APP_A_NAMESPACES=\"pid vm\": unknown namespace \"vm\"");
	run(&r, APP_A "CONFIG_APP_A_NAMESPACES=\"time pid user nope vm\"\n");
	assert_int_equal(r.d.count, 2);
	assert_non_null(strstr(r.d.text.p, "\"vm\""));
	done(&r);
}

/* Warnings build (no error) and name the symbol; want is NULL for none, else each line. */
static void warn_case(const char *extra, const char *const *want, size_t n)
{
	struct buf text = { 0 };
	struct run r;
	size_t lines = 0;

	buf_printf(&text, "%s%s", APP_A, extra);
	run(&r, text.p);
	if (r.d.count)
		fail_msg("errors for:\n%s\n%s", text.p, r.d.text.p);
	for (const char *p = r.d.warn.p; p && *p; p++)
		lines += *p == '\n';
	if (lines != n)
		fail_msg("want %zu warnings for:\n%s\ngot:\n%s", n, text.p,
			 r.d.warn.p ? r.d.warn.p : "");
	for (size_t i = 0; i < n; i++)
		if (!strstr(r.d.warn.p, want[i]))
			fail_msg("no '%s' for:\n%s\ngot:\n%s", want[i], text.p, r.d.warn.p);
	done(&r);
	buf_free(&text);
}

static void test_privilege_warnings(void **state)
{
	static const char *const root[] = {
		"wardgen: warning: CONFIG_APP_A_UID=0: runs as the system's root: "
		"APP_A_NAMESPACES has no user namespace\n",
	};
	static const char *const root_pid1[] = {
		root[0], "wardgen: warning: CONFIG_APP_A_UID=0: with no pid namespace either, "
			 "it can signal PID 1 to reboot, halt or power off the system\n",
	};
	static const char *const caps[] = {
		"wardgen: warning: CONFIG_APP_A_CAPS=\"net_raw\": keeps the system's own "
		"capabilities: APP_A_NAMESPACES has no user namespace\n",
	};
	static const char *const all[] = { root_pid1[0], root_pid1[1],
		"wardgen: warning: CONFIG_APP_A_CAPS=\"all\": keeps the system's own" };

	(void)state;
	warn_case("", NULL, 0); /* the default namespaces have user */
	warn_case("CONFIG_APP_A_NAMESPACES=\"user\"\n", NULL, 0);
	warn_case("CONFIG_APP_A_NAMESPACES=\"pid mnt user\"\nCONFIG_APP_A_CAPS=\"all\"\n",
		  NULL, 0);
	warn_case("CONFIG_APP_A_NAMESPACES=\"pid mnt\"\n", root, 1);
	warn_case("CONFIG_APP_A_NAMESPACES=\"pid mnt\"\nCONFIG_APP_A_UID=1000\n", NULL, 0);
	warn_case("CONFIG_APP_A_NAMESPACES=\"mnt net\"\n", root_pid1, 2);
	warn_case("CONFIG_APP_A_NAMESPACES=\"pid\"\nCONFIG_APP_A_UID=7\n"
		  "CONFIG_APP_A_CAPS=\"net_raw\"\n", caps, 1);
	warn_case("CONFIG_APP_A_NAMESPACES=\"\"\nCONFIG_APP_A_CAPS=\"all\"\n", all, 3);
}

/* CAP_SYS_ADMIN in its own user namespace and a mount call: the masks and read-only binds
 * can be undone. Either alone, or without a root of its own, is no warning. */
static void test_mount_warnings(void **state)
{
	static const char *const mount[] = {
		"wardgen: warning: CONFIG_APP_A_CAPS=\"sys_admin\": with CAP_SYS_ADMIN and mount "
		"allowed, the app can unmount its /proc masks and remount its read-only binds "
		"read-write\n",
	};
	static const char *const all[] = {
		"wardgen: warning: CONFIG_APP_A_CAPS=\"all\": with CAP_SYS_ADMIN and "
		"mount_setattr allowed",
	};

	(void)state;
	warn_case("CONFIG_APP_A_CAPS=\"sys_admin\"\n", NULL, 0);
	warn_case("CONFIG_APP_A_SECCOMP_ALLOW=\"mount umount2\"\n", NULL, 0);
	warn_case("CONFIG_APP_A_CAPS=\"sys_admin\"\nCONFIG_APP_A_SECCOMP_ALLOW=\"mount\"\n",
		  mount, 1);
	warn_case("CONFIG_APP_A_CAPS=\"sys_admin\"\nCONFIG_APP_A_SECCOMP=n\n"
		  "CONFIG_APP_A_NO_NEW_PRIVS=y\n", mount, 1);
	warn_case("CONFIG_APP_A_CAPS=\"all\"\nCONFIG_APP_A_SECCOMP_ALLOW=\"mount_setattr\"\n",
		  all, 1);
	warn_case("CONFIG_APP_A_CAPS=\"sys_admin\"\nCONFIG_APP_A_SECCOMP_ALLOW=\"mount\"\n"
		  "CONFIG_APP_A_ROOT=n\n", NULL, 0);
}

/* The host ids of an app's user namespace come from its name (FNV-1a mod 32766 slots of
 * 65536 from 100000, the numbers worked out by hand here), not from its place in the table:
 * an app added before others leaves their ranges, and so their files' owners, as they were. */
static long long map_of(const struct run *r, const char *name)
{
	for (size_t i = 0; i < r->l.n; i++)
		if (!strcmp(r->l.v[i].name, name))
			return r->l.v[i].confine.map_auto;
	fail_msg("no app %s", name);
	return -1;
}

#define APP(id, name, more) "CONFIG_APP_" id "=y\nCONFIG_APP_" id "_NAME=\"" name "\"\n" \
	"CONFIG_APP_" id "_CMD=\"/bin/x\"\n" more

static void test_id_ranges(void **state)
{
	const long long a = 100000 + 65536LL * 14698, b = 100000 + 65536LL * 18979;
	struct run r;

	(void)state;
	run(&r, APP("A", "a", "") APP("B", "b", ""));
	assert_int_equal(r.d.count, 0);
	assert_int_equal(map_of(&r, "a"), a);
	assert_int_equal(map_of(&r, "b"), b);
	done(&r);
	/* z before them, and one without a user namespace (no range) */
	run(&r, APP("Z", "z", "") APP("N", "n", "CONFIG_APP_N_NAMESPACES=\"pid mnt\"\n")
		APP("A", "a", "") APP("B", "b", ""));
	assert_int_equal(map_of(&r, "z"), 100000 + 65536LL * 20461);
	assert_int_equal(map_of(&r, "n"), 0);
	assert_int_equal(map_of(&r, "a"), a);
	assert_int_equal(map_of(&r, "b"), b);
	done(&r);
	/* c4994 hashes to a's slot: the later of the two in the table takes the next one */
	run(&r, APP("A", "a", "") APP("C", "c4994", ""));
	assert_int_equal(map_of(&r, "a"), a);
	assert_int_equal(map_of(&r, "c4994"), a + 65536);
	done(&r);
	run(&r, APP("C", "c4994", "") APP("A", "a", ""));
	assert_int_equal(map_of(&r, "c4994"), a);
	assert_int_equal(map_of(&r, "a"), a + 65536);
	done(&r);
	/* a MAP_UID range that meets a's slot, wherever it is in the table */
	run(&r, APP("A", "a", "") APP("M", "m", "CONFIG_APP_M_MAP_UID=963348128\n"));
	assert_int_equal(map_of(&r, "a"), a + 65536);
	done(&r);
	/* one that meets two slots, a's and the next */
	run(&r, APP("A", "a", "") APP("M", "m", "CONFIG_APP_M_MAP_UID=963400000\n"));
	assert_int_equal(map_of(&r, "a"), a + 2 * 65536);
	done(&r);
	/* a MAP_GID range (a's gids are its uids): a moves on, and m's uids stay clear of it */
	run(&r, APP("A", "a", "") APP("M", "m", "CONFIG_APP_M_MAP_UID=5000000\n"
						 "CONFIG_APP_M_MAP_GID=963348128\n"));
	assert_int_equal(r.d.count, 0);
	assert_int_equal(map_of(&r, "a"), a + 65536);
	done(&r);
}

static void test_restart(void **state)
{
	struct run r;

	(void)state;
	run(&r, APP_A "# CONFIG_APP_A_RESTART_ALWAYS is not set\n");
	assert_string_equal(restart_fields[r.l.v[0].restart], "RESTART_ALWAYS");
	done(&r);
	run(&r, APP_A "CONFIG_APP_A_RESTART_NEVER=y\n# CONFIG_APP_A_RESTART_ALWAYS is not set\n");
	assert_int_equal(r.d.count, 0);
	assert_string_equal(restart_fields[r.l.v[0].restart], "RESTART_NEVER");
	done(&r);
	run(&r, APP_A "CONFIG_APP_A_RESTART_ON_FAILURE=y\n");
	assert_string_equal(restart_fields[r.l.v[0].restart], "RESTART_ON_FAILURE");
	done(&r);
	expect_error(APP_A "CONFIG_APP_A_RESTART_NEVER=y\nCONFIG_APP_A_RESTART_ALWAYS=y\n",
		     "wardgen: CONFIG_APP_A_RESTART_NEVER=y: conflicts with "
		     "CONFIG_APP_A_RESTART_ALWAYS=y");
}

static void test_limits(void **state)
{
	static const struct {
		const char *field, *value;
		int ok;
	} cases[] = {
		{ "MEMORY_MAX", "0", 1 },		{ "MEMORY_MAX", "1", 0 },
		{ "MEMORY_MAX", "1023", 0 },		{ "MEMORY_MAX", "1024", 1 },
		{ "MEMORY_MAX", "4294967296", 1 },	{ "MEMORY_MAX", "4294967297", 0 },
		{ "MEMORY_MAX", "-1", 0 },		{ "MEMORY_MAX", "99999999999999999999", 0 },
		{ "PIDS_MAX", "0", 1 },			{ "PIDS_MAX", "2", 1 },
		{ "PIDS_MAX", "4194304", 1 },		{ "PIDS_MAX", "4194305", 0 },
		{ "PIDS_MAX", "-1", 0 },		{ "CPU_MAX", "0", 1 },
		{ "CPU_MAX", "1", 1 },			{ "CPU_MAX", "100000", 1 },
		{ "CPU_MAX", "100001", 0 },		{ "CPU_MAX", "-5", 0 },
	};
	size_t i;
	struct run r;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		field_case(cases[i].field, cases[i].value, cases[i].ok);
	expect_error(APP_A "CONFIG_APP_A_MEMORY_MAX=1023\n", "out of range (0 or 1024..4294967296 KiB");
	expect_error(APP_A "CONFIG_APP_A_PIDS_MAX=4194305\n", "out of range (0..4194304;");
	expect_error(APP_A "CONFIG_APP_A_PIDS_MAX=lots\n", "CONFIG_APP_A_PIDS_MAX=lots: is not a number");
	expect_error(APP_A "CONFIG_APP_A_CPU_MAX=\"5\"\n", "CONFIG_APP_A_CPU_MAX=\"5\": is not a number");
	expect_error(APP_A "CONFIG_APP_A_CPU_MAX=\n", "CONFIG_APP_A_CPU_MAX=: is not a number");
	expect_error(APP_A "CONFIG_APP_A_MEMORY_MAX=12k\n", "is not a number");
	run(&r, APP_A "CONFIG_APP_A_MEMORY_MAX=4294967296\nCONFIG_APP_A_PIDS_MAX=7\n"
		      "CONFIG_APP_A_CPU_MAX=250\n");
	assert_true(r.l.v[0].limit[LIMIT_MEMORY] == 4398046511104ULL); /* bytes */
	assert_true(r.l.v[0].limit[LIMIT_PIDS] == 7);
	assert_true(r.l.v[0].limit[LIMIT_CPU] == 250);
	done(&r);
}

/* ---- checks across apps ---- */

static void test_duplicate_names(void **state)
{
	(void)state;
	expect_error(APP_A "CONFIG_APP_B=y\nCONFIG_APP_B_NAME=\"a\"\nCONFIG_APP_B_CMD=\"/b\"\n",
		     "wardgen: CONFIG_APP_B_NAME=\"a\": duplicate app name, already used by "
		     "CONFIG_APP_A_NAME");
}

static void apps_text(struct buf *b, int n, const char *extra)
{
	int i;

	for (i = 0; i < n; i++)
		buf_printf(b, "CONFIG_APP_N%d=y\nCONFIG_APP_N%d_NAME=\"n%d\"\nCONFIG_APP_N%d_CMD=\"/n\"\n",
			   i, i, i, i);
	buf_puts(b, extra);
}

static void test_max_apps(void **state)
{
	struct buf b = { 0 };

	(void)state;
	apps_text(&b, 16, "");
	expect_ok(b.p);
	buf_free(&b);
	apps_text(&b, 17, "");
	expect_error(b.p, "wardgen: CONFIG_WARD_MAX_APPS=(missing): 17 apps are enabled");
	buf_free(&b);
	apps_text(&b, 4, "CONFIG_WARD_MAX_APPS=4\n");
	expect_ok(b.p);
	buf_free(&b);
	apps_text(&b, 5, "CONFIG_WARD_MAX_APPS=4\n");
	expect_error(b.p, "wardgen: CONFIG_WARD_MAX_APPS=4: 5 apps are enabled");
	buf_free(&b);
	expect_ok("CONFIG_WARD_MAX_APPS=1\n");
	expect_error("CONFIG_WARD_MAX_APPS=many\n", "CONFIG_WARD_MAX_APPS=many: is not y, n");
}

static void test_order_and_all_errors(void **state)
{
	struct run r;

	(void)state;
	run(&r, "CONFIG_APP_Z_NAME=\"z\"\nCONFIG_APP_Z_CMD=\"/z\"\nCONFIG_APP_B=y\n"
		"CONFIG_APP_B_NAME=\"b\"\nCONFIG_APP_B_CMD=\"/b\"\nCONFIG_APP_Z=y\n");
	assert_int_equal(r.l.n, 2);
	assert_string_equal(r.l.v[0].name, "b");
	assert_string_equal(r.l.v[1].name, "z");
	done(&r);
	run(&r, "CONFIG_APP_A=y\nCONFIG_APP_A_NAME=\"A\"\nCONFIG_APP_A_CMD=\"a\"\n"
		"CONFIG_APP_A_PIDS_MAX=x\nCONFIG_APP_A_CPU_MAX=-1\nCONFIG_APP_A_NAMESPACES=\"u\"\n"
		"CONFIG_APP_A_ENV=\"1\"\nCONFIG_WARD_X=?\n");
	assert_int_equal(r.d.count, 7);
	done(&r);
}

/* ---- generated text ---- */

static void test_emit_config_h(void **state)
{
	struct run r;
	struct buf b = { 0 };

	(void)state;
	run(&r, "CONFIG_WARD_A=y\n# CONFIG_WARD_B is not set\nCONFIG_WARD_C=010\n"
		"CONFIG_WARD_D=0x1F\nCONFIG_WARD_E=-3\nCONFIG_WARD_S=\"x\\\"??\"\nCONFIG_OTHER=y\n" APP_A);
	emit_config_h(&b, &r.c, r.l.n, "/p/a*/?.config");
	assert_string_equal(b.p, "/* config.h: generated by wardgen from /p/a_/_.config; do not edit. */\n"
				 "#ifndef WARD_CONFIG_H\n#define WARD_CONFIG_H\n\n"
				 "#define CONFIG_WARD_A 1\n#define CONFIG_WARD_B 0\n"
				 "#define CONFIG_WARD_C 10\n#define CONFIG_WARD_D 0x1f\n"
				 "#define CONFIG_WARD_E (-3)\n#define CONFIG_WARD_S \"x\\\"\\?\\?\"\n"
				 "\n#define WARD_APP_COUNT 1\n\n#endif\n");
	buf_free(&b);
	done(&r);
}

static void test_emit_apps_c(void **state)
{
	struct run r;
	struct buf b = { 0 };

	(void)state;
	run(&r, APP_A "CONFIG_APP_A_NAMESPACES=\"net pid\"\nCONFIG_APP_A_RESTART_NEVER=y\n"
		      "CONFIG_APP_A_MEMORY_MAX=1024\nCONFIG_APP_A_ENV=\"X=\\\\\\\"\"\n");
	emit_apps_c(&b, &r.l, "t.config");
	assert_non_null(strstr(b.p, "generated by wardgen from t.config; do not edit"));
	assert_non_null(strstr(b.p, "app_0_argv[] = {\n\t\"/bin/a\",\n\tNULL,\n};"));
	assert_non_null(strstr(b.p, "app_0_envp[] = {\n\t\"" PATH_DEFAULT "\",\n\t\"X=\\\"\",\n"));
	assert_non_null(strstr(b.p, ".namespaces = CLONE_NEWPID | CLONE_NEWNET,"));
	assert_non_null(strstr(b.p, ".memory_max = 1048576ULL, .pids_max = 0UL, "
				    ".cpu_max_percent = 0U"));
	assert_non_null(strstr(b.p, ".restart = APP_RESTART_NEVER,"));
	assert_non_null(strstr(b.p, "app_table[WARD_APP_COUNT + 1]"));
	buf_free(&b);
	done(&r);
}

/* NOEXEC: on when the .config says y, and when it says nothing (a fragment older than the
 * field, as MASK_PROC); off when n. Without a root of its own an app's writable places are
 * the system's, which it does not mount: no flag then. */
static void test_emit_noexec(void **state)
{
	static const struct {
		const char *more, *flags;
	} cases[] = {
		{ "CONFIG_APP_A_NOEXEC=y\n",
		  ".flags = SB_NEW_ROOT | SB_MASK_PROC | SB_DROP_CAPS | SB_NO_NEW_PRIVS | SB_NOEXEC,\n" },
		{ "",
		  ".flags = SB_NEW_ROOT | SB_MASK_PROC | SB_DROP_CAPS | SB_NO_NEW_PRIVS | SB_NOEXEC,\n" },
		{ "CONFIG_APP_A_NOEXEC=n\n",
		  ".flags = SB_NEW_ROOT | SB_MASK_PROC | SB_DROP_CAPS | SB_NO_NEW_PRIVS,\n" },
		{ "# CONFIG_APP_A_NOEXEC is not set\nCONFIG_APP_A_MASK_PROC=n\n",
		  ".flags = SB_NEW_ROOT | SB_DROP_CAPS | SB_NO_NEW_PRIVS,\n" },
		{ "CONFIG_APP_A_NOEXEC=y\nCONFIG_APP_A_ROOT=n\n",
		  ".flags = SB_DROP_CAPS | SB_NO_NEW_PRIVS,\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		struct buf b = { 0 };
		char text[256];
		const char *got;

		snprintf(text, sizeof(text), "%s%s", APP_A, cases[i].more);
		run(&r, text);
		assert_int_equal(r.d.count, 0);
		emit_apps_c(&b, &r.l, "t.config");
		got = strstr(b.p, ".flags = ");
		assert_non_null(got);
		if (strncmp(got, cases[i].flags, strlen(cases[i].flags)))
			fail_msg("for:\n%swant %sgot  %.*s", cases[i].more, cases[i].flags,
				 (int)strcspn(got, "\n") + 1, got);
		buf_free(&b);
		done(&r);
	}
}

/* Apps whose arrays of a kind are the same share one; argv differs here, and c's envp. */
static void test_emit_shared_arrays(void **state)
{
	struct run r;
	struct buf b = { 0 };

	(void)state;
	run(&r, APP_A "CONFIG_APP_B=y\nCONFIG_APP_B_NAME=\"b\"\nCONFIG_APP_B_CMD=\"/bin/b\"\n"
		      "CONFIG_APP_C=y\nCONFIG_APP_C_NAME=\"c\"\nCONFIG_APP_C_CMD=\"/bin/a\"\n"
		      "CONFIG_APP_C_ENV=\"X=1\"\n");
	assert_int_equal(r.d.count, 0);
	emit_apps_c(&b, &r.l, "t.config");
	assert_non_null(strstr(b.p, "app_1_argv[] = {\n\t\"/bin/b\",\n"));
	assert_null(strstr(b.p, "app_2_argv[]")); /* c runs a's command */
	assert_null(strstr(b.p, "app_1_envp[]"));
	assert_non_null(strstr(b.p, "app_2_envp[] = {\n\t\"" PATH_DEFAULT "\",\n\t\"X=1\",\n"));
	assert_null(strstr(b.p, "app_1_binds[]"));
	assert_null(strstr(b.p, "app_2_binds[]"));
	assert_non_null(strstr(b.p, ".name = \"b\",\n\t\t\t.argv = app_1_argv,\n"
				    "\t\t\t.envp = app_0_envp,\n"));
	assert_non_null(strstr(b.p, ".name = \"c\",\n\t\t\t.argv = app_0_argv,\n"
				    "\t\t\t.envp = app_2_envp,\n"));
	assert_non_null(strstr(b.p, ".binds = app_0_binds,"));
	assert_null(strstr(b.p, ".binds = app_1_binds,"));
	buf_free(&b);
	done(&r);
}

/* ---- networking modes ---- */

static void test_net(void **state)
{
	static const char *const bad[] = {
		"10.0.2.2", "10.0.2/24", "10.0.2.2.2/24", "10.0.2.256/24", "10.0.2.2/0",
		"10.0.2.2/32", "10.0.2.2/24 ", " 10.0.2.2/24", "010.0.2.2/24", "10.0.2.2/024",
		"10.0.2.0/24", "10.0.2.255/24", "127.0.0.2/8", "0.1.2.3/8", "224.0.0.1/4",
		"10.0.2.-2/24", "1.2.3.4/", "",
	};
	const char *veth = "CONFIG_APP_A_NET=\"veth\"\nCONFIG_APP_A_VETH_ADDR=\"10.0.2.2/24\"\n"
			   "CONFIG_APP_A_VETH_HOST_ADDR=\"10.0.2.1/24\"\n";
	char text[512];
	unsigned long addr;
	unsigned prefix;
	struct buf b = { 0 };
	struct run r;

	(void)state;
	assert_int_equal(cidr_parse("10.0.2.2/24", &addr, &prefix), 0);
	assert_int_equal(addr, 0x0a000202UL);
	assert_int_equal(prefix, 24);
	assert_int_equal(cidr_parse("192.168.1.0/31", &addr, &prefix), 0); /* /31: no broadcast */
	assert_int_equal(cidr_parse("255.1.1.1/8", &addr, &prefix), -1);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (cidr_parse(bad[i], &addr, &prefix) == 0)
			fail_msg("\"%s\" parsed", bad[i]);
	run(&r, APP_A); /* no NET field: loopback */
	assert_int_equal(r.l.v[0].net.mode, NET_LOOPBACK);
	done(&r);
	expect_ok(APP_A "CONFIG_APP_A_NAMESPACES=\"pid\"\nCONFIG_APP_A_NET=\"loopback\"\n");
	expect_ok(APP_A "CONFIG_APP_A_NET=\"none\"\n");
	expect_error(APP_A "CONFIG_APP_A_NET=\"Veth\"\n", "unknown network mode \"Veth\"");
	expect_error(APP_A "CONFIG_APP_A_NET=veth\n", "CONFIG_APP_A_NET=veth: is not a quoted string");
	expect_error(APP_A "CONFIG_APP_A_NET=\"veth\"\nCONFIG_APP_A_VETH_ADDR=\"10.0.2.2/24\"\n",
		     "wardgen: CONFIG_APP_A_VETH_HOST_ADDR=(missing): ");
	snprintf(text, sizeof text, APP_A "CONFIG_APP_A_NAMESPACES=\"pid net\"\n%s", veth);
	expect_ok(text);
	snprintf(text, sizeof text, APP_A "CONFIG_APP_A_NAMESPACES=\"pid\"\n%s", veth);
	expect_error(text, "CONFIG_APP_A_NET=\"veth\": needs the net namespace");
	/* The system's end: "ward-<name>", or "w<index>-" and the start of a long name. */
	snprintf(text, sizeof text, APP_A "%sCONFIG_APP_B=y\nCONFIG_APP_B_NAME=\"long-name-x\"\n"
		 "CONFIG_APP_B_CMD=\"/bin/b\"\nCONFIG_APP_B_NET=\"veth\"\n"
		 "CONFIG_APP_B_VETH_ADDR=\"10.0.3.2/30\"\nCONFIG_APP_B_VETH_HOST_ADDR=\"10.0.3.1/30\"\n",
		 veth);
	run(&r, text);
	assert_int_equal(r.d.count, 0);
	emit_apps_c(&b, &r.l, "t.config");
	assert_non_null(strstr(b.p, ".net = SB_NET_VETH,\n\t\t\t.veth_name = \"ward-a\",\n"
				    "\t\t\t.veth_addr = 0x0a000202U, .veth_prefix = 24,"));
	assert_non_null(strstr(b.p, ".veth_host_addr = 0x0a000201U, .veth_host_prefix = 24,"));
	assert_non_null(strstr(b.p, ".veth_name = \"w1-long-name-x\",\n"));
	buf_free(&b);
	done(&r);
}

/* ---- seccomp ---- */

static int syscall_index(const char *name)
{
	int k;

	for (k = 0; k < SYSCALL_NAMES; k++)
		if (!strcmp(syscall_names[k], name))
			return k;
	return -1;
}

static void test_seccomp_fields(void **state)
{
	struct run r;
	int k;

	(void)state;
	for (k = 1; k < SYSCALL_NAMES; k++) /* all there (no NULL), sorted for the search */
		assert_true(strcmp(syscall_names[k - 1], syscall_names[k]) < 0);
	assert_non_null(sc_rules[SC_RULES - 1].name);
	run(&r, APP_A);
	assert_true(r.l.v[0].seccomp); /* a fragment without the fields gets the filter */
	done(&r);
	run(&r, APP_A "# CONFIG_APP_A_SECCOMP is not set\n");
	assert_false(r.l.v[0].seccomp);
	done(&r);
	/* clone: denied only without a pid namespace, whose reaper clones the app. */
	run(&r, APP_A "CONFIG_APP_A_SECCOMP=y\nCONFIG_APP_A_SECCOMP_ALLOW=\"ptrace\"\n"
		      "CONFIG_APP_A_NAMESPACES=\"mnt uts ipc net user\"\n"
		      "CONFIG_APP_A_SECCOMP_DENY=\" getpid\tclone _llseek writev \"\n");
	assert_int_equal(r.d.count, 0);
	for (k = 0; k < SC_RULES; k++)
		if (!strcmp(sc_rules[k].name, "ptrace"))
			assert_int_equal(r.l.v[0].sc_rule[k], SC_ALLOWED);
		else if (!strcmp(sc_rules[k].name, "clone"))
			assert_int_equal(r.l.v[0].sc_rule[k], SC_DENIED);
		else
			assert_int_equal(r.l.v[0].sc_rule[k], SC_AS_RULE);
	for (k = 0; k < SYSCALL_NAMES; k++)
		assert_int_equal(r.l.v[0].sc_deny[k], k == syscall_index("getpid") ||
							  k == syscall_index("_llseek") ||
							  k == syscall_index("writev"));
	done(&r);
	expect_error(APP_A "CONFIG_APP_A_SECCOMP_DENY=\"mount bogus\"\n",
		     "wardgen: CONFIG_APP_A_SECCOMP_DENY=\"mount bogus\": unknown system call 'bogus'");
	expect_error(APP_A "CONFIG_APP_A_SECCOMP_DENY=\"moun\"\n", "unknown system call 'moun'");
	expect_error(APP_A "CONFIG_APP_A_SECCOMP_DENY=\"mountt\"\n", "unknown system call 'mountt'");
	expect_error(APP_A "CONFIG_APP_A_SECCOMP_ALLOW=\"mount,ptrace\"\n",
		     "unknown system call 'mount,ptrace'");
	expect_error(APP_A "CONFIG_APP_A_SECCOMP_ALLOW=\"getpid\"\n",
		     "wardgen: CONFIG_APP_A_SECCOMP_ALLOW=\"getpid\": 'getpid' is not on the default "
		     "deny list (allowing it does nothing)");
	expect_error(APP_A "CONFIG_APP_A_SECCOMP_ALLOW=\"ptrace\"\nCONFIG_APP_A_SECCOMP_DENY=\"ptrace\"\n",
		     "'ptrace' is also in CONFIG_APP_A_SECCOMP_ALLOW");
	expect_error(APP_A "CONFIG_APP_A_SECCOMP=yes\n", "CONFIG_APP_A_SECCOMP=yes: is not y or n");
	expect_error(APP_A "CONFIG_APP_A_SECCOMP_DENY=mount\n", "_DENY=mount: is not a quoted string");
}

/* The target's numbers as its compiler's -E -dM prints them: every name gets one (its index
 * in syscall_names, plus 1000), but uselib, which this target lacks, and vhangup, whose
 * line is not a plain number: both are left out. */
static void numbers(struct sysnr *t)
{
	struct buf dm = { 0 };

	for (size_t k = 0; k < SYSCALL_NAMES; k++)
		if (strcmp(syscall_names[k], "uselib") != 0 && strcmp(syscall_names[k], "vhangup") != 0)
			buf_printf(&dm, "#define __NR_%s %zu\n", syscall_names[k], k + 1000);
	buf_puts(&dm, "#define __NR_vhangup (__NR_SYSCALL_BASE + 1)\n#define SYS_read __NR_read\n");
	sysnr_parse(t, dm.p, dm.len);
	buf_free(&dm);
}

/* The filter is a tree over the target's numbers; apps.c checks them against its compiler's
 * (#error otherwise), and a named call the numbers lack must not exist there either. */
static void test_emit_seccomp_tree(void **state)
{
	static struct sysnr t;
	struct run r;
	struct buf b = { 0 }, want = { 0 };
	int getpid = syscall_find("getpid", 6);
	const char *at, *eperm = "\tSB_RET(SB_RET_ERRNO | EPERM),\n";
	char *end;
	unsigned long jt;

	(void)state;
	numbers(&t);
	assert_true(getpid >= 0);
	assert_int_equal(t.nr[getpid], getpid + 1000);
	assert_int_equal(t.nr[syscall_find("uselib", 6)], -1);
	assert_int_equal(t.nr[syscall_find("vhangup", 7)], -1);
	run(&r, APP_A "CONFIG_APP_A_SECCOMP_DENY=\"getpid\"\n");
	r.l.sysnr = &t;
	emit_apps_c(&b, &r.l, "t.config");
	assert_non_null(strstr(b.p, "static const struct sb_bpf app_0_seccomp[] = {\n"));
	assert_non_null(strstr(b.p, ".seccomp = app_0_seccomp,\n"));
	/* getpid's one instruction jumps to its leaf's return of EPERM (a line an instruction) */
	buf_printf(&want, "\tSB_JEQ(%d /* getpid */, ", getpid + 1000);
	at = strstr(b.p, want.p);
	assert_non_null(at);
	jt = strtoul(at + strlen(want.p), &end, 10);
	assert_true(strncmp(end, ", 0),\n", strlen(", 0),\n")) == 0);
	for (unsigned long k = 0; k <= jt; k++)
		at = strchr(at, '\n') + 1;
	assert_true(strncmp(at, eperm, strlen(eperm)) == 0);
	buf_free(&want);
	buf_printf(&want, "#if !defined(SYS_getpid) || SYS_getpid != %d\n#error ", getpid + 1000);
	assert_non_null(strstr(b.p, want.p));
	assert_non_null(strstr(b.p, "#ifdef SYS_uselib\n#error "));
	assert_non_null(strstr(b.p, "#ifdef SYS_vhangup\n#error "));
	assert_null(strstr(b.p, "/* uselib */"));
	assert_non_null(strstr(b.p, "\tSB_JGE("));
	/* Nothing of the filter is left to the preprocessor but the x32 check. */
	assert_null(strstr(b.p, "#ifdef SYS_getpid"));
	buf_free(&want);
	buf_free(&b);
	done(&r);
	run(&r, APP_A "# CONFIG_APP_A_SECCOMP is not set\n");
	r.l.sysnr = &t;
	emit_apps_c(&b, &r.l, "t.config");
	assert_null(strstr(b.p, "app_0_seccomp"));
	assert_null(strstr(b.p, "#error"));
	assert_non_null(strstr(b.p, ".seccomp = NULL, /* CONFIG_APP_A_SECCOMP=n */"));
	buf_free(&b);
	done(&r);
}

/* The generator's default PATH is the one PID 1 gives its own children. */
static void test_path_default_agrees(void **state)
{
	(void)state;
	assert_string_equal(PATH_DEFAULT, SB_PATH_DEFAULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_default_agrees),
		cmocka_unit_test(test_unquote),
		cmocka_unit_test(test_parse_kinds),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_long_line),
		cmocka_unit_test(test_find_app),
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_ns),
		cmocka_unit_test(test_cstr),
		cmocka_unit_test(test_app_detection),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_cmd),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_privilege_warnings),
		cmocka_unit_test(test_mount_warnings),
		cmocka_unit_test(test_id_ranges),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_duplicate_names),
		cmocka_unit_test(test_max_apps),
		cmocka_unit_test(test_order_and_all_errors),
		cmocka_unit_test(test_emit_config_h),
		cmocka_unit_test(test_emit_apps_c),
		cmocka_unit_test(test_emit_shared_arrays),
		cmocka_unit_test(test_emit_noexec),
		cmocka_unit_test(test_net),
		cmocka_unit_test(test_seccomp_fields),
		cmocka_unit_test(test_emit_seccomp_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
