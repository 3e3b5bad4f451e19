/* control.h: PID 1's end of wardctl: a SOCK_SEQPACKET socket at /run/ward/control, served
 * from the poll loop without ever blocking it (ctl_proto.h has the wire format). */
#ifndef WARD_CONTROL_H
#define WARD_CONTROL_H

#include <poll.h>
#include <stdbool.h>
#include <sys/types.h>

#include "config.h"

/* The listening socket and one per connection: the loop polls this many fds for control. */
enum { CONTROL_NFDS = 1 + CONFIG_WARD_CTL_CLIENTS };

/* Creates /run/ward and the socket; logs and goes on without wardctl when it cannot. */
void control_init(void);
/* Fills CONTROL_NFDS entries of the poll set (fd -1 where unused). */
void control_pollfds(struct pollfd *fds);
/* Serves what poll reported on those entries. */
void control_events(const struct pollfd *fds, long long now);
/* Drops connections past their deadline, sends new log lines to `logs -f` clients; returns the
 * next deadline (ms) or -1. */
long long control_tick(long long now);
/* Reaping: whether `pid` was an entering process (its status then goes to its client). */
bool control_exited(pid_t pid, int status);

#endif
