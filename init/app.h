/* app.h: the constant table of apps that wardgen generates from .config at build time. */
#ifndef WARD_APP_H
#define WARD_APP_H

#include "sandbox.h"

enum app_restart {
	APP_RESTART_ALWAYS,
	APP_RESTART_ON_FAILURE,
	APP_RESTART_NEVER,
};

struct app_spec {
	struct sb_spec sb;
	enum app_restart restart;
};

/* app_table[0 .. WARD_APP_COUNT-1] are the enabled apps; one zeroed sentinel follows. */
extern const struct app_spec app_table[];

#endif
