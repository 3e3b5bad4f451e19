/* disk_child.h: work on a disk that may stop answering, done in a child of PID 1. */
#ifndef WARD_DISK_CHILD_H
#define WARD_DISK_CHILD_H

#include <sys/types.h>

/* What disk_child and disk_child_wait return for a child that did not end in time (the
 * reaper collects it later). */
enum { DISK_CHILD_LATE = -2 };
/* Runs work() in a child and waits for it, ms at most (0: not at all): what work returned
 * (0-255), -1 when the child was killed, or DISK_CHILD_LATE. Without a child (fork failed),
 * work runs in PID 1: the old, unbounded way. Async-signal-safe. */
int disk_child(int (*work)(void), int ms);
/* How long PID 1 waits for a disk child at most: WARD_SHUTDOWN_SYNC_MS, as for the sync at a
 * shutdown, but no longer than the watchdog can go unfed from now, which is not while PID 1
 * waits: waits in one pass of its loop (the start of every app with a data directory on a
 * dead card, at boot) take what the ones before left, and none once it is spent. */
int disk_wait_ms(void);
/* The same without the wait: the child's pid, or 0 when work ran in PID 1 (fork failed). */
pid_t disk_child_start(int (*work)(void));
/* Waits for a child disk_child_start started, not yet reaped, *ms at most: as disk_child,
 * and *ms is what is left of the wait. */
int disk_child_wait(pid_t child, int *ms);

#endif
