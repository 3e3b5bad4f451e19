/* seccomp.h: confine the sandbox child with its app's build-time seccomp filter. */
#ifndef WARD_SECCOMP_H
#define WARD_SECCOMP_H

#include "sandbox.h"

/* Installs spec->seccomp for this process and all it will run; 0 when the spec has none.
 * The kernel takes it only under no_new_privs (SB_NO_NEW_PRIVS, set by the step before) or
 * with CAP_SYS_ADMIN; with neither it fails with EACCES: the app does not start. */
int sb_seccomp_install(const struct sb_spec *spec);

#endif
