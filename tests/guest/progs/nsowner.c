/* nsowner.c: nsowner FILE: prints the uid that owns the user namespace FILE names
 * (/proc/PID/ns/user), as the kernel reports it (ioctl NS_GET_OWNER_UID), for the boot tests
 * of whose counts an app's namespace draws on. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define NS_GET_OWNER_UID 0xb704 /* _IO(0xb7, 0x4) */

int main(int argc, char **argv)
{
	unsigned int uid; /* the kernel's uid_t */
	int fd;

	if (argc != 2)
		return 2;
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, NS_GET_OWNER_UID, &uid) < 0) {
		perror(argv[1]);
		return 1;
	}
	printf("%u\n", uid);
	return 0;
}
