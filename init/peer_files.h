/* peer_files.h: closing what a wardctl client handed PID 1 (its connection, the fds it
 * passed) without PID 1 doing the last close of any of it. */
#ifndef WARD_PEER_FILES_H
#define WARD_PEER_FILES_H

/* Closes fds[0..n-1], the last close of each done by a child made for it. */
void peer_files_close(const int *fds, int n);
/* Closes a client's connection (SO_PASSCRED set on it at accept): at once when no message
 * with files is queued, else through peer_files_close(). */
void peer_conn_close(int fd);

#endif
