/* ctl_parse.c: validates a wardctl request, every field, before PID 1 acts on any of it. A
 * pure function: the fuzz test throws a million bad requests at it in the guest, the unit
 * test the corner cases on the host under ASan. */
#include <string.h>

#include "ctl_proto.h"
#include "fmt.h"

const char *const ctl_cmd_names[CTL_NCMDS] = {
	[CTL_LIST] = "list", [CTL_STATUS] = "status", [CTL_START] = "start",
	[CTL_STOP] = "stop", [CTL_RESTART] = "restart", [CTL_KILL] = "kill",
	[CTL_FREEZE] = "freeze", [CTL_THAW] = "thaw", [CTL_LOGS] = "logs",
	[CTL_FOLLOW] = "logs-f", [CTL_ENTER] = "enter", [CTL_REBOOT] = "reboot",
	[CTL_POWEROFF] = "poweroff",
};

/* Words after the command: the least and most each command takes. */
static const struct { unsigned char min, max; } nargs[CTL_NCMDS] = {
	[CTL_LIST] = { 0, 0 }, [CTL_STATUS] = { 1, 1 }, [CTL_START] = { 1, 1 },
	[CTL_STOP] = { 1, 1 }, [CTL_RESTART] = { 1, 1 }, [CTL_KILL] = { 2, 2 },
	[CTL_FREEZE] = { 1, 1 }, [CTL_THAW] = { 1, 1 }, [CTL_LOGS] = { 1, 1 },
	[CTL_FOLLOW] = { 1, 1 }, [CTL_ENTER] = { 1, 1 + CTL_ARGS_MAX },
	[CTL_REBOOT] = { 0, 0 }, [CTL_POWEROFF] = { 0, 0 },
};

int ctl_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > CTL_NAME_MAX || name[0] == '-' || name[0] == '_')
		return 0;
	return fmt_span(name, "abcdefghijklmnopqrstuvwxyz0123456789_-", true) == n;
}

/* 1..64 in plain decimal, no sign, no leading zero. */
static int parse_signal(const char *s)
{
	int sig = 0;

	if (s[0] < '1' || s[0] > '9' || strlen(s) > 2)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		sig = sig * 10 + (*s - '0');
	}
	return sig <= 64 ? sig : -1;
}

int ctl_parse(const char *buf, size_t len, struct ctl_req *req)
{
	const char *words[2 + CTL_ARGS_MAX];
	unsigned int n = 0, cmd;
	size_t at = 0;

	if (len == 0 || len > CTL_REQ_MAX || buf[len - 1] != '\0')
		return CTL_USAGE;
	while (at < len) {
		size_t wl = strlen(buf + at); /* ends at buf[len - 1] at the latest */

		if (wl == 0 || n == sizeof(words) / sizeof(words[0]))
			return CTL_USAGE;
		words[n++] = buf + at;
		at += wl + 1;
	}
	for (cmd = 0; cmd < CTL_NCMDS; cmd++)
		if (strcmp(words[0], ctl_cmd_names[cmd]) == 0)
			break;
	if (cmd == CTL_NCMDS || n - 1 < nargs[cmd].min || n - 1 > nargs[cmd].max)
		return CTL_USAGE;
	memset(req, 0, sizeof(*req));
	req->cmd = (enum ctl_cmd)cmd;
	if (n > 1) {
		req->app = words[1];
		if (!ctl_name_ok(req->app))
			return CTL_USAGE;
	}
	if (cmd == CTL_KILL && (req->sig = parse_signal(words[2])) < 0)
		return CTL_USAGE;
	if (cmd == CTL_ENTER) {
		req->argc = n - 2;
		for (unsigned int i = 0; i < req->argc; i++)
			req->argv[i] = words[2 + i];
		req->argv[req->argc] = NULL;
	}
	return CTL_OK;
}
