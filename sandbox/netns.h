/* netns.h: the app's network namespace, made by a helper while the child builds its root. */
#ifndef WARD_NETNS_H
#define WARD_NETNS_H

#include <stdbool.h>
#include <sys/types.h>

#include "sandbox.h"

/* Whether the spec's net namespace is made beside the child (more than one CPU to run on,
 * and no veth pair): the child is then cloned without CLONE_NEWNET. */
bool sb_netns_beside(const struct sb_spec *spec);
/* Parent side, after the go-ahead: forks the helper, which enters the user namespace of
 * pidfd's process (when pidfd >= 0), makes a net namespace with lo up (unless SB_NET_NONE)
 * and sends its fd on sock. Returns the helper's pid, or -1 with errno. */
pid_t sb_netns_start(const struct sb_spec *spec, int pidfd, int sock);
/* Parent side: waits for the helper, a second at most; 0, or -1 with the errno of what failed
 * in it (ETIMEDOUT: it did not end, and is killed; its reaper collects it). */
int sb_netns_wait(pid_t helper);
/* Child side: receives the namespace's fd on sock and joins it. 0, or -1 with errno. */
int sb_netns_join(int sock);

#endif
