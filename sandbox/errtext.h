/* errtext.h: the text of an errno, for log lines and wardctl replies. */
#ifndef WARD_ERRTEXT_H
#define WARD_ERRTEXT_H

/* strerror's text for the errors PID 1 and a sandbox setup meet; "errno N" for any other
 * (in a static buffer: PID 1 has one thread). */
const char *sb_errtext(int err);

#endif
