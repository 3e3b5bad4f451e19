/* cmdline.c: reads /proc/cmdline and /proc/filesystems for the few decisions PID 1 takes
 * from the kernel it runs on; a missing or unreadable file just means "not there". */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "fmt.h"
#include "log.h"
#include "read_text.h"

enum { FILE_MAX = 4096 };

/* Reads the small file `path` into buf as a string; false when it cannot. */
static bool read_text(const char *path, char *buf, size_t len)
{
	return sb_read_text(path, buf, len) > 0;
}

/* Whether p, in buf, is inside a quoted value: the kernel's parser (next_arg) lets a '"' open
 * or close quotes anywhere, and takes what they hold as one parameter's value. */
static bool quoted(const char *buf, const char *p)
{
	bool in = false;

	while (buf < p)
		in ^= *buf++ == '"';
	return in;
}

/* Whether `word` stands in `path` delimited by whitespace (or, for filesystems, a tab). */
static bool file_has_word(const char *path, const char *word)
{
	char buf[FILE_MAX];
	size_t len = strlen(word);

	if (!read_text(path, buf, sizeof(buf)))
		return false;
	for (const char *p = buf; (p = fmt_find(p, word)); p += len) {
		bool starts = p == buf || fmt_chr(" \t\n", p[-1]);
		bool ends = fmt_chr(" \t\n", p[len]) != NULL; /* '\0' is in the set too */

		if (starts && ends && !quoted(buf, p))
			return true;
	}
	return false;
}

bool cmdline_has(const char *word)
{
	return file_has_word("/proc/cmdline", word);
}

bool kernel_has_fs(const char *type)
{
	return file_has_word("/proc/filesystems", type);
}

/* The value of key=value on /proc/cmdline, copied to buf (size len); NULL when absent or
 * too long (logged). */
const char *cmdline_value(const char *key, char *buf, size_t len)
{
	char line[FILE_MAX];
	size_t klen = strlen(key);

	if (!read_text("/proc/cmdline", line, sizeof(line)))
		return NULL;
	for (const char *p = line; (p = fmt_find(p, key)); p += klen) {
		size_t vlen;

		if ((p != line && !fmt_chr(" \t\n", p[-1])) || p[klen] != '=' || quoted(line, p))
			continue;
		p += klen + 1;
		vlen = fmt_span(p, " \t\n", false);
		/* Cut short, a value says something else: ward.only=...,netd would start net. */
		if (vlen >= len) {
			log_info(NULL, "%s=: longer than %u bytes: ignored", key, (unsigned int)len - 1);
			return NULL;
		}
		memcpy(buf, p, vlen);
		buf[vlen] = '\0';
		return buf;
	}
	return NULL;
}

const char *list_next(const char **list, size_t *len)
{
	const char *item = *list;

	if (!item || !*item)
		return NULL;
	*len = fmt_span(item, ",", false);
	*list = item + *len + (item[*len] == ',');
	return item;
}

bool list_has(const char *list, const char *name)
{
	size_t n, len = strlen(name);
	const char *item;

	while ((item = list_next(&list, &n)))
		if (n == len && fmt_starts(item, name))
			return true;
	return false;
}
