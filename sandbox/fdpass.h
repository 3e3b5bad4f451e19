/* fdpass.h: file descriptors handed from one process to another over a unix socket. */
#ifndef WARD_FDPASS_H
#define WARD_FDPASS_H

/* The most fds one message carries. */
#define SB_FDPASS_MAX 8

/* Sends n (1..SB_FDPASS_MAX) fds as one message: 0, or -1 with errno. */
int sb_fds_send(int sock, const int *fds, int n);
/* Receives one message's fds into `fds` (room for SB_FDPASS_MAX), close-on-exec. Returns how
 * many, or -1 with errno: EPIPE when the peer closed without sending, EPROTO when fewer
 * arrived than were sent (none is left open then). */
int sb_fds_recv(int sock, int fds[SB_FDPASS_MAX]);

#endif
