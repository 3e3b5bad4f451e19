/* ring.h: a byte ring over storage the caller owns, keeping whole lines, with positions that
 * count bytes since the ring began. Pure: no allocation, no system calls. */
#ifndef WARD_RING_H
#define WARD_RING_H

#include <stddef.h>

struct ring {
	char *buf;
	size_t size;              /* >= 2: one slot stays free (see ring.c) */
	unsigned long long start; /* oldest kept byte; a line starts there */
	unsigned long long end;   /* just past the newest byte */
};

void ring_init(struct ring *r, char *storage, size_t size);
/* Appends len bytes; the oldest whole lines make room for them. */
void ring_put(struct ring *r, const char *data, size_t len);
/* Copies up to len bytes from *pos on into out and advances *pos. A *pos older than the
 * oldest kept byte moves forward to it first; one past the end moves back to the end. */
size_t ring_read(const struct ring *r, unsigned long long *pos, char *out, size_t len);
unsigned long long ring_end(const struct ring *r);

#endif
