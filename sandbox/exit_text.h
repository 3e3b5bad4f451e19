/* exit_text.h: what a sandbox's exit status means (exit_text.c). */
#ifndef WARD_EXIT_TEXT_H
#define WARD_EXIT_TEXT_H

#include <stddef.h>

/* The setup step behind a sandbox exit code, or NULL when the code is none of the steps'. */
const char *sb_exit_step(int code);
/* How a sandbox ended, in words, from its wait status and the byte read from its why_fd
 * (struct sb_io; -1: none): "killed by signal N", "exited with code N (sandbox setup
 * failed: <step>)", or "exited with code N". */
void sb_describe_exit(char *buf, size_t len, int status, int why);
/* The byte for sb_describe_exit from a run's why_fd (non-blocking; -1: no fd), or -1. */
int sb_exit_why(int fd);

#endif
