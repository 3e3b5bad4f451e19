/* output.h: each app's stdout/stderr, read by PID 1 and written to the console line by line,
 * prefixed with the app's name. */
#ifndef WARD_OUTPUT_H
#define WARD_OUTPUT_H

/* Creates app i's pipe; it lives as long as PID 1, across the app's restarts. */
int output_open(unsigned int i);
int output_read_fd(unsigned int i);
int output_write_fd(unsigned int i);
/* Reads what app i wrote and prints each complete line as "<name>: <line>". Reads a bounded
 * amount per call so that a noisy app cannot starve the loop. */
void output_drain(unsigned int i, const char *name);

#endif
