/* fs_guard.c: the fs.* sysctls of a system whose apps are not trusted. The kernel's defaults
 * leave some open that a production system closes (systemd sets the protected_* ones), and
 * there is no sysctl.conf reader here to do it: PID 1 does it once, at boot. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "fs_guard.h"
#include "log.h"

/* Each is written only when found at its open value: a stricter value set on the command
 * line (2 for the protected_* ones) stays.
 * suid_dumpable 1 is a debugging setting (sysctl.fs.suid_dumpable=1 on the kernel command
 * line, say). With it, a process of PID 1's that joins an app's user namespace (wardctl
 * enter, the helper that makes a net namespace) turns dumpable as it joins, while it still
 * has root's ids: the app's root could stop and trace it. With 2, such processes stay
 * root's, and so do their core dumps.
 * The protected_* ones: in a world-writable sticky directory (/tmp), a symlink is followed,
 * a hard link made, a FIFO or file opened with O_CREAT only by its owner or the directory's,
 * so a link an app or a user left in /tmp cannot send PID 1 (root) or another app elsewhere. */
static const char names[] = "suid_dumpable\0protected_symlinks\0protected_hardlinks\0"
			    "protected_fifos\0protected_regular\0";
static const char open_values[] = "10000", guarded_values[] = "21111";

void fs_guard(void)
{
	const char *name = names;

	for (size_t i = 0; *name; i++, name += strlen(name) + 1) {
		char path[40], now = 0;
		int fd;

		fmt_buf(path, sizeof(path), "/proc/sys/fs/%s", name);
		fd = openat(AT_FDCWD, path, O_RDWR | O_CLOEXEC);
		/* Only the debugging setting says so: the others are routine. (Root writing a
		 * sysctl it could open does not fail.) */
		if (read(fd, &now, 1) == 1 && now == open_values[i] &&
		    pwrite(fd, &guarded_values[i], 1, 0) == 1 && i == 0)
			log_info(NULL, "fs.suid_dumpable was 1 (debug): now 2");
		close(fd);
	}
}
