/* main.c: wardgen CONFIG OUTDIR SYSCALLS: checks a .config and writes the C table of PID 1's
 * apps. SYSCALLS is the target compiler's `-E -dM` of <sys/syscall.h> (its call numbers).
 * Exit 0: both files written; 1: the .config is wrong (every error on stderr, nothing
 * written); 2: usage, I/O or memory trouble. Warnings go to stderr and change no status. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wardgen.h"

enum { EXIT_INVALID = 1, EXIT_TROUBLE = 2 };
#define CONFIG_SIZE_MAX (16u << 20) /* a .config is kilobytes; more is a mistake */

static int read_file(const char *path, struct buf *b)
{
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b->len <= CONFIG_SIZE_MAX)
		buf_add(b, chunk, n);
	if (ferror(f) || b->failed || b->len > CONFIG_SIZE_MAX) {
		if (!ferror(f))
			errno = b->failed ? ENOMEM : EFBIG;
		fclose(f);
		return -1;
	}
	return fclose(f);
}

/* Writes dir/name.tmp; publish() renames it once every file is ready. */
static int write_tmp(const char *dir, const char *name, const struct buf *text, struct buf *path)
{
	FILE *f;

	buf_printf(path, "%s/%s.tmp", dir, name);
	if (path->failed) {
		errno = ENOMEM;
		return -1;
	}
	f = fopen(path->p, "w");
	if (!f)
		return -1;
	if (fwrite(text->p, 1, text->len, f) != text->len) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

static int publish(const char *dir, const char *name, const struct buf *tmp)
{
	struct buf path = { 0 };
	int rc;

	buf_printf(&path, "%s/%s", dir, name);
	rc = path.failed ? -1 : rename(tmp->p, path.p);
	buf_free(&path);
	return rc;
}

static int write_outputs(const char *dir, const struct buf *config_h, const struct buf *apps_c)
{
	struct buf tmp_h = { 0 }, tmp_c = { 0 };
	int rc = -1;

	if (write_tmp(dir, "config.h", config_h, &tmp_h) == 0 &&
	    write_tmp(dir, "apps.c", apps_c, &tmp_c) == 0 &&
	    publish(dir, "config.h", &tmp_h) == 0 && publish(dir, "apps.c", &tmp_c) == 0)
		rc = 0;
	if (rc < 0) {
		fprintf(stderr, "wardgen: unable to write %s: %s\n", dir, strerror(errno));
		if (tmp_h.p)
			remove(tmp_h.p);
		if (tmp_c.p)
			remove(tmp_c.p);
	}
	buf_free(&tmp_h);
	buf_free(&tmp_c);
	return rc;
}

int main(int argc, char **argv)
{
	struct buf text = { 0 }, config_h = { 0 }, apps_c = { 0 }, numbers = { 0 };
	static struct sysnr sysnr;
	struct diag d = { { 0 }, 0, { 0 } };
	struct cfg c = { 0 };
	struct app_list l = { 0 };
	int rc = EXIT_TROUBLE;

	if (argc != 4) {
		fprintf(stderr, "usage: wardgen CONFIG OUTDIR SYSCALLS\n"
				"  SYSCALLS: the target compiler's -E -dM of <sys/syscall.h>\n");
		return EXIT_TROUBLE;
	}
	if (read_file(argv[3], &numbers) < 0) {
		fprintf(stderr, "wardgen: unable to read %s: %s\n", argv[3], strerror(errno));
		goto out;
	}
	sysnr_parse(&sysnr, numbers.p ? numbers.p : "", numbers.len);
	/* Every target has execve: without its number the file is not what it should be, and
	 * each filter would check only the architecture (apps.c's guards caught it late). */
	if (sysnr.nr[syscall_find("execve", 6)] < 0) {
		fprintf(stderr, "wardgen: %s has no system call numbers (\"#define __NR_execve\"): "
				"not the target compiler's -E -dM of <sys/syscall.h>\n", argv[3]);
		goto out;
	}
	if (read_file(argv[1], &text) < 0) {
		fprintf(stderr, "wardgen: unable to read %s: %s\n", argv[1], strerror(errno));
		goto out;
	}
	if (cfg_parse(&c, text.p ? text.p : "", text.len, argv[1], &d) < 0 ||
	    apps_collect(&c, &l, &d) < 0 || d.text.failed || d.warn.failed) {
		fprintf(stderr, "wardgen: out of memory\n");
		goto out;
	}
	l.sysnr = &sysnr;
	if (d.warn.len)
		fputs(d.warn.p, stderr);
	if (d.count) {
		fputs(d.text.p, stderr);
		rc = EXIT_INVALID;
		goto out;
	}
	emit_config_h(&config_h, &c, l.n, argv[1]);
	emit_apps_c(&apps_c, &l, argv[1]);
	if (config_h.failed || apps_c.failed)
		fprintf(stderr, "wardgen: out of memory\n");
	else if (write_outputs(argv[2], &config_h, &apps_c) == 0)
		rc = 0;
out:
	apps_free(&l);
	cfg_free(&c);
	buf_free(&d.text);
	buf_free(&d.warn);
	buf_free(&text);
	buf_free(&numbers);
	buf_free(&config_h);
	buf_free(&apps_c);
	return rc;
}
