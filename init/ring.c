/* ring.c: a byte ring that drops whole lines from its front, so that a reader who fell behind
 * resumes at the start of a line. */
#include <string.h>

#include "ring.h"

void ring_init(struct ring *r, char *storage, size_t size)
{
	*r = (struct ring){ .buf = storage, .size = size };
}

static char byte_at(const struct ring *r, unsigned long long pos)
{
	return r->buf[pos % r->size];
}

void ring_put(struct ring *r, const char *data, size_t len)
{
	unsigned long long lo;

	/* Only the last `size` bytes can land: the rest would be overwritten at once. */
	if (len > r->size) {
		r->end += len - r->size;
		data += len - r->size;
		len = r->size;
	}
	for (size_t done = 0; done < len;) {
		size_t at = (size_t)(r->end % r->size);
		size_t n = r->size - at < len - done ? r->size - at : len - done;

		memcpy(r->buf + at, data + done, n);
		done += n;
		r->end += n;
	}
	/* size - 1 bytes are kept; the one slot in front of them (where the next byte goes)
	 * still holds the byte before the oldest, which tells whether a line starts there. */
	lo = r->end >= r->size ? r->end - (r->size - 1) : 0;
	if (r->start < lo)
		r->start = lo;
	while (r->start > 0 && r->start < r->end && byte_at(r, r->start - 1) != '\n')
		r->start++;
}

size_t ring_read(const struct ring *r, unsigned long long *pos, char *out, size_t len)
{
	size_t n, at, first;

	if (*pos < r->start)
		*pos = r->start;
	if (*pos > r->end)
		*pos = r->end;
	n = r->end - *pos < len ? (size_t)(r->end - *pos) : len;
	if (n == 0)
		return 0;
	at = (size_t)(*pos % r->size);
	first = r->size - at < n ? r->size - at : n;
	memcpy(out, r->buf + at, first);
	memcpy(out + first, r->buf, n - first);
	*pos += n;
	return n;
}

unsigned long long ring_end(const struct ring *r)
{
	return r->end;
}
