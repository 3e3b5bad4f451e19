/* reap.c: collects every exited child of PID 1, apps and reparented orphans alike. SIGCHLDs
 * merge and orphans arrive without one, so this runs on every wakeup until nothing is left. */
#include <sys/wait.h>

#include "control.h"
#include "reap.h"
#include "svc.h"

void reap_all(long long now)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (!control_exited(pid, status)) /* `wardctl enter`: its status to the client */
			svc_exited(pid, status, now); /* not an app: an orphan, now gone */
}
