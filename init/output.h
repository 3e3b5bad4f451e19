/* output.h: each app's stdout/stderr, read by PID 1 line by line into the app's log ring, and
 * shown on the console and in /dev/kmsg prefixed with the app's name, rate-limited. */
#ifndef WARD_OUTPUT_H
#define WARD_OUTPUT_H

#include <stddef.h>

/* Creates app i's pipe; it lives as long as PID 1, across the app's restarts. */
int output_open(unsigned int i);
/* The fd to poll for app i's output at now_ms: -1 while it is over its byte rate
 * (CONFIG_WARD_LOG_BYTES_RATE), so that its pipe fills and its writes wait, not PID 1. */
int output_poll_fd(unsigned int i, long long now_ms);
/* When the first app over its byte rate at now_ms may be read again (-1: none is over). */
long long output_due_ms(long long now_ms);
int output_write_fd(unsigned int i);
/* Reads what app i wrote: each complete line goes into its ring and, within the app's rate
 * limit, out as "<name>: <line>". Reads a bounded amount per call so that a noisy app cannot
 * starve the loop. */
void output_drain(unsigned int i, const char *name);
/* App i's run has ended: the rest of what it wrote is read, and a last line without its
 * newline is shown on its own instead of running into the next run's first line. */
void output_end_run(unsigned int i, const char *name);
/* App i's log ring: the last CONFIG_WARD_LOG_RING_SIZE - 1 bytes of its output, whole lines
 * (all runs, one line per record, no name prefix). Positions count bytes since boot. Copies
 * up to `len` bytes from *pos on (from the oldest kept byte, always the start of a line, if
 * *pos is older) and advances *pos. */
size_t output_ring_read(unsigned int i, unsigned long long *pos, char *buf, size_t len);
/* Position just past the newest byte of app i's ring, and of its oldest kept byte. */
unsigned long long output_ring_end(unsigned int i);
unsigned long long output_ring_start(unsigned int i);

#endif
