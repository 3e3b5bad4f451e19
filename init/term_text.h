/* term_text.h: an app's line made safe to show on a terminal after "<app>: ". */
#ifndef WARD_TERM_TEXT_H
#define WARD_TERM_TEXT_H

#include <stddef.h>

/* Cleans the n bytes at s in place and returns how many are left: CR dropped, every other
 * control (C0, DEL, and the C1 controls in UTF-8 or as raw bytes) and every byte that is not
 * part of valid UTF-8 shown as '?'. Tab and printable UTF-8 stay. Pure. */
size_t term_text_clean(char *s, size_t n);

#endif
