/* identity.h: user namespace maps, rlimits, uid/gid and capabilities of an app. */
#ifndef WARD_IDENTITY_H
#define WARD_IDENTITY_H

#include <sys/types.h>

#include "sandbox.h"

/* securebits(7), which musl's headers lack. */
#ifndef SECBIT_NOROOT
#define SECBIT_NOROOT (1 << 0)
#define SECBIT_NOROOT_LOCKED (1 << 1)
#define SECBIT_NO_SETUID_FIXUP (1 << 2)
#define SECBIT_NO_SETUID_FIXUP_LOCKED (1 << 3)
#define SECBIT_KEEP_CAPS_LOCKED (1 << 5)
#define SECBIT_NO_CAP_AMBIENT_RAISE (1 << 6)
#define SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED (1 << 7)
#endif

/* Parent side: maps root of the child's user namespace to spec->map_uid/map_gid and denies
 * setgroups. *what names the file that failed. */
int sb_write_idmaps(pid_t pid, const struct sb_spec *spec, const char **what);
/* Parent side: raises pid's hard limits to those of spec that are above them. */
void sb_raise_hard_rlimits(pid_t pid, const struct sb_spec *spec);
int sb_set_rlimits(const struct sb_spec *spec);
/* Switches to spec->uid/gid and, with SB_DROP_CAPS, keeps only spec->caps in every
 * capability set (CAP_KILL too, effective and permitted) and locks the securebits; then not
 * dumpable. *what names the operation that failed. */
int sb_set_identity(const struct sb_spec *spec, const char **what);

#endif
