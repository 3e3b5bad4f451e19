/* reap.c: collects every exited child of PID 1, apps and reparented orphans alike. SIGCHLDs
 * merge and orphans arrive without one, so this runs on every wakeup until nothing is left. */
#include <sys/wait.h>

#include "control.h"
#include "log.h"
#include "reap.h"
#include "rescue.h"
#include "shutdown.h"
#include "svc.h"
#include "throttle.h"

void reap_all(long long now)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		log_debug(NULL, "reaped pid %d (status 0x%x)", (int)pid, (unsigned int)status);
		/* `wardctl enter`: its status goes to the client; the rescue shell is restarted. */
		if (!control_exited(pid, status) && !rescue_exited(pid, status, now) &&
		    !shutdown_exited(pid) && !throttle_exited(pid))
			svc_exited(pid, status, now); /* not an app: an orphan, now gone */
	}
}
