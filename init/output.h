/* output.h: each app's stdout/stderr, read by PID 1 and written to the console line by line,
 * prefixed with the app's name. */
#ifndef WARD_OUTPUT_H
#define WARD_OUTPUT_H

#include <stddef.h>

/* Creates app i's pipe; it lives as long as PID 1, across the app's restarts. */
int output_open(unsigned int i);
int output_read_fd(unsigned int i);
int output_write_fd(unsigned int i);
/* Reads what app i wrote and prints each complete line as "<name>: <line>". Reads a bounded
 * amount per call so that a noisy app cannot starve the loop. */
void output_drain(unsigned int i, const char *name);
/* App i's log ring: the last CONFIG_WARD_LOG_RING_SIZE bytes of its output (all runs, one
 * line per record, no name prefix). Positions count bytes since boot. Copies up to `len`
 * bytes from *pos on (from the oldest kept byte if *pos is older) and advances *pos. */
size_t output_ring_read(unsigned int i, unsigned long long *pos, char *buf, size_t len);
/* Position just past the newest byte of app i's ring. */
unsigned long long output_ring_end(unsigned int i);

#endif
