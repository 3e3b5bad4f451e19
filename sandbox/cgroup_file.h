/* cgroup_file.h: writing cgroup control files, shared by the v2 and v1 leaves. */
#ifndef WARD_CGROUP_FILE_H
#define WARD_CGROUP_FILE_H

#include <stddef.h>

/* One control file to write, and its value; `where` says in which hierarchy (v1). */
struct cg_setting {
	int where;
	const char *file;
	char value[64];
};

/* Writes value to file (relative to dirfd, or AT_FDCWD) in one write(2), as cgroupfs wants. */
int cg_write_at(int dirfd, const char *file, const char *value);
/* Makes a fresh leaf directory at path: one left there by an earlier run is removed (after
 * its processes have left it, 100 ms at most) and made again. 0, or -1 with errno, *verb
 * saying which step failed ("make" or "remove its last run's"). */
int cg_make_fresh(const char *path, const char **verb);
/* For the report of a failed step: "VERB PATH" in buf; errno kept, -1. */
int cg_step_failed(char *buf, size_t len, const char *verb, const char *path);
/* For the report of a failed cg_write_at: "write "VALUE" to FILE" in buf; errno kept, -1. */
int cg_write_failed(char *buf, size_t len, const char *value, const char *file);
/* Appends a setting to out[*n], formatted like printf. */
void cg_setting_add(struct cg_setting *out, size_t *n, int where, const char *file,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
