/* disk_child.h: work on a disk that may stop answering, done in a child of PID 1. */
#ifndef WARD_DISK_CHILD_H
#define WARD_DISK_CHILD_H

/* Runs work() in a child and waits for it, ms at most (0: not at all): what work returned
 * (0-255), or -1 when the child did not end in time or was killed (the reaper collects it
 * later). Without a child (fork failed), work runs in PID 1: the old, unbounded way.
 * Async-signal-safe. */
int disk_child(int (*work)(void), int ms);

#endif
