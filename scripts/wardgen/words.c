/* words.c: splits a command line into words like sh does, minus expansion and globbing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wardgen.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The output never outgrows the input: every word ends in a byte of input (a separator
 * or the terminator), and needs at least one byte before it plus its separator. */
int words_split(const char *s, struct words *w, const char **why)
{
	size_t len = strlen(s);
	int in_word = 0;
	char quote = 0, *o;

	w->n = 0;
	w->shell_op = 0;
	w->chars = malloc(len + 1);
	w->v = malloc((len / 2 + 2) * sizeof *w->v);
	if (!w->chars || !w->v) {
		words_free(w);
		*why = "out of memory";
		errno = ENOMEM;
		return -1;
	}
	for (o = w->chars; *s; s++) {
		if (quote == '\'') {
			if (*s == '\'')
				quote = 0;
			else
				*o++ = *s;
		} else if (quote == '"') {
			if (*s == '"')
				quote = 0;
			else if (*s == '\\' && s[1] && strchr("\"\\$`", s[1]))
				*o++ = *++s;
			else
				*o++ = *s;
		} else if (is_space(*s)) {
			if (in_word)
				*o++ = '\0';
			in_word = 0;
		} else {
			/* Outside quotes, what a shell would take as its own: an operator, an
			 * expansion, a comment ("...$x..." is left alone: sh -c "...$x..."). */
			if (!w->shell_op && (strchr("|&;<>()$`", *s) || (*s == '#' && !in_word)))
				w->shell_op = *s;
			if (!in_word)
				w->v[w->n++] = o;
			in_word = 1;
			if (*s == '\'' || *s == '"') {
				quote = *s;
			} else if (*s != '\\') {
				*o++ = *s;
			} else if (s[1]) {
				*o++ = *++s;
			} else {
				words_free(w);
				*why = "ends in a backslash that escapes nothing";
				errno = EINVAL;
				return -1;
			}
		}
	}
	if (quote) {
		words_free(w);
		*why = quote == '"' ? "has an unbalanced double quote" : "has an unbalanced single quote";
		errno = EINVAL;
		return -1;
	}
	*o = '\0';
	w->v[w->n] = NULL;
	return 0;
}

void words_free(struct words *w)
{
	free(w->v);
	free(w->chars);
	w->v = NULL;
	w->chars = NULL;
	w->n = 0;
}
