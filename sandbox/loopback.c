/* loopback.c: brings lo up in a fresh network namespace, where it starts down. */
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "steps.h"
#include "syscalls.h"

int sb_loopback_up(void)
{
	struct ifreq ifr;
	int fd = sb_socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int ret = -1;

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, "lo", sizeof("lo")); /* strcpy: 160 bytes of musl's for this */
	if (sb_ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		ret = sb_ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return ret;
}
