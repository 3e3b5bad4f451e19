/* goahead.h: the parent's go-ahead to a sandbox child that waits for the parent's part of its
 * setup (id maps, veth): an eventfd that the parent writes once, beside the setup socket,
 * which tells the child when the parent has gone without it. */
#ifndef WARD_GOAHEAD_H
#define WARD_GOAHEAD_H

/* A fresh go-ahead (close-on-exec): its fd, or -1 with errno. */
int sb_go_open(void);
/* Parent: lets the child go on. 0, or -1 with errno. */
int sb_go_give(int go);
/* Child: waits for the go-ahead on `go`, or for `sock` (the setup socket, or -1) to hang up.
 * 0 when given; -1 with errno EPIPE when the parent went without giving it. */
int sb_go_wait(int go, int sock);

#endif
