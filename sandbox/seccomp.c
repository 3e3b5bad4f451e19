/* seccomp.c: installs an app's seccomp filter, the constant BPF program that wardgen wrote into
 * apps.c, as the sandbox child's last setup step (before the reaper forks and the app runs). */
#include <sys/prctl.h>

#include "bpf.h"
#include "seccomp.h"

int sb_seccomp_install(const struct sb_spec *spec)
{
	struct sb_bpf_prog prog = { spec->seccomp_len, spec->seccomp };

	if (!spec->seccomp)
		return 0;
	/* no_new_privs is not set here: SB_NO_NEW_PRIVS decides it, and the escape tests switch
	 * it off on purpose. prctl() reads every argument as an unsigned long, hence the UL. */
	return prctl(PR_SET_SECCOMP, (unsigned long)SB_SECCOMP_MODE_FILTER, &prog, 0UL, 0UL);
}
