/* identity.h: user namespace maps, rlimits, uid/gid and capabilities of an app. */
#ifndef WARD_IDENTITY_H
#define WARD_IDENTITY_H

#include <sys/types.h>

#include "sandbox.h"

/* Parent side: maps root of the child's user namespace to spec->map_uid/map_gid and denies
 * setgroups. *what names the file that failed. */
int sb_write_idmaps(pid_t pid, const struct sb_spec *spec, const char **what);
int sb_set_rlimits(const struct sb_spec *spec);
/* Switches to spec->uid/gid and, with SB_DROP_CAPS, keeps only spec->caps in every
 * capability set and locks the securebits. *what names the operation that failed. */
int sb_set_identity(const struct sb_spec *spec, const char **what);

#endif
