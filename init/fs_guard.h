/* fs_guard.h: the fs.* sysctls of a system whose apps are not trusted, set once at boot. */
#ifndef WARD_FS_GUARD_H
#define WARD_FS_GUARD_H

/* Takes each setting the kernel (or a debugging command line) left open to its guarded
 * value; a stricter value found stays. */
void fs_guard(void);

#endif
