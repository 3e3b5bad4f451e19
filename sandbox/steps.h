/* steps.h: the setup steps run inside the sandbox child, each returning 0 or -1 with errno. */
#ifndef WARD_STEPS_H
#define WARD_STEPS_H

#include <sys/types.h>

int sb_loopback_up(void);
/* veth.c. In the parent, after clone and before the child goes on: replaces any link left
 * named spec->veth_name, creates the pair with its other end (eth0) in the net namespace of
 * pid, and addresses and brings up the system's end. In the child: addresses eth0 and brings
 * it up. On failure *what says which part failed ("create", "address", ...). */
struct sb_spec;
int sb_veth_create(const struct sb_spec *spec, pid_t pid, const char **what);
int sb_veth_up(const struct sb_spec *spec, const char **what);
/* Runs as PID 1 of the app's pid namespace: reaps every process there, forwards signals to
 * the app, and exits with the app's status (128+N when a signal N ended it, which it writes
 * to why_fd first: struct sb_io). Keeps no other fd above 2. */
_Noreturn void sb_reap(pid_t app, int why_fd);

#endif
