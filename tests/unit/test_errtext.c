/* test_errtext.c: sb_errtext (sandbox/errtext.c), the init's strerror. Its texts sit in one
 * string beside a table of codes: a text missing or out of order would give every later code
 * its neighbour's text. Each code's text is checked against glibc's strerror, or against the
 * (musl) wording it keeps where glibc's differs; every other errno shows as "errno N". */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "errtext.h"

static const int listed[] = {
	EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG, ENOEXEC, EBADF, ECHILD, EAGAIN, ENOMEM,
	EACCES, EFAULT, EBUSY, EEXIST, EXDEV, ENODEV, ENOTDIR, EISDIR, EINVAL, ENFILE, EMFILE,
	ENOTTY, ETXTBSY, EFBIG, ENOSPC, ESPIPE, EROFS, EMLINK, EPIPE, ERANGE, ENAMETOOLONG,
	ENOSYS, ENOTEMPTY, ELOOP, EOVERFLOW, ENOTSOCK, EMSGSIZE, EPROTONOSUPPORT, EOPNOTSUPP,
	EAFNOSUPPORT, EADDRINUSE, EADDRNOTAVAIL, ENETDOWN, ENOBUFS, ECONNREFUSED, ETIMEDOUT,
	EALREADY, ESTALE, EDQUOT,
};

/* Where the wording is not glibc's. */
static const struct {
	int err;
	const char *text;
} own[] = {
	{ EIO, "I/O error" }, { ECHILD, "No child process" }, { ENOMEM, "Out of memory" },
	{ EBUSY, "Resource busy" }, { EXDEV, "Cross-device link" },
	{ EMFILE, "No file descriptors available" }, { ENOTTY, "Not a tty" },
	{ ESPIPE, "Invalid seek" }, { ERANGE, "Result not representable" },
	{ ENAMETOOLONG, "Filename too long" }, { ELOOP, "Symbolic link loop" },
	{ EOVERFLOW, "Value too large for data type" }, { ENOTSOCK, "Not a socket" },
	{ EMSGSIZE, "Message too large" }, { EOPNOTSUPP, "Not supported" },
	{ EADDRINUSE, "Address in use" }, { EADDRNOTAVAIL, "Address not available" },
	{ ETIMEDOUT, "Operation timed out" }, { EDQUOT, "Quota exceeded" },
};

static const char *want_of(int err)
{
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (own[i].err == err)
			return own[i].text;
	for (size_t i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
		if (listed[i] == err)
			return strerror(err);
	return NULL;
}

static void every_errno(void **state)
{
	(void)state;
	for (int err = 0; err < 256; err++) {
		const char *want = want_of(err);
		char unknown[24];

		if (!want) {
			snprintf(unknown, sizeof(unknown), "errno %d", err);
			want = unknown;
		}
		if (strcmp(sb_errtext(err), want))
			fail_msg("errno %d: '%s', want '%s'", err, sb_errtext(err), want);
	}
	assert_string_equal(sb_errtext(-1), "errno -1");
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(every_errno) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
