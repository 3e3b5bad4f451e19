/* peer_files.h: closing a wardctl client's connection without PID 1 doing the last close of
 * any file the client left queued in it. */
#ifndef WARD_PEER_FILES_H
#define WARD_PEER_FILES_H

/* Closes a client's connection (SO_PASSCRED on): at once when no message with files is
 * queued, else through a child made for it. */
void peer_conn_close(int fd);

#endif
