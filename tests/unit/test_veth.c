/* test_veth.c: the system's end of an app's veth pair carries no IPv6 (sandbox/veth.c). On a
 * kernel without IPv6 yet (a module not loaded), that end has no disable_ipv6 to write: the
 * app's socket(AF_INET6) would load the module, and the end take IPv6 with the defaults,
 * Router Advertisements from the app included. So the pair is refused then, unless modules
 * cannot be loaded (kernel.modules_disabled, or no modules at all). As root, in fresh mount,
 * pid and net namespaces: a tmpfs over /proc/sys/net/ipv6 stands for the kernel without IPv6,
 * one over /proc/sys/kernel, with or without modules_disabled, for the modules. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cmocka.h>

#include "sandbox.h"
#include "steps.h"

#include "in_namespaces.h"

enum { IPV6_PRESENT, IPV6_ABSENT_UNLOCKED, IPV6_ABSENT_LOCKED, IPV6_ABSENT_NO_MODULES };
enum { NO_IPV6 = 77 }; /* veth_case's result when this machine has no IPv6 at all */

/* /proc/sys/kernel as a tmpfs: modules_disabled holding text, or (NULL) none, as in a kernel
 * without modules. */
static int modules_disabled(const char *text)
{
	int fd;

	if (mount("none", "/proc/sys/kernel", "tmpfs", 0, NULL) < 0)
		return -1;
	if (!text)
		return 0;
	fd = open("/proc/sys/kernel/modules_disabled", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd) < 0)
		return -1;
	return 0;
}

/* 0 when sb_veth_create did what the case wants: made the pair with IPv6 off on the system's
 * end (as the kernel shows it), or refused it for the module the app could load. */
static int veth_case(const void *arg)
{
	int kind = *(const int *)arg, rc, err, ready[2];
	const struct sb_spec spec = { .name = "t", .namespaces = CLONE_NEWNET, .net = SB_NET_VETH,
				      .veth_name = "ward-t", .veth_host_addr = 0x0a000201,
				      .veth_host_prefix = 24 };
	const char *what = "";
	char buf[8] = "";
	pid_t app;

	if (unshare(CLONE_NEWNET) < 0 || pipe(ready) < 0)
		return NS_SETUP_FAILED;
	/* A machine booted without IPv6 (ipv6.disable=1) has none to switch off. */
	if (kind == IPV6_PRESENT && access("/proc/sys/net/ipv6/conf/all", F_OK) < 0)
		return NO_IPV6;
	if (kind != IPV6_PRESENT &&
	    (mount("none", "/proc/sys/net/ipv6", "tmpfs", 0, NULL) < 0 ||
	     modules_disabled(kind == IPV6_ABSENT_LOCKED   ? "1\n" :
			      kind == IPV6_ABSENT_UNLOCKED ? "0\n" : NULL) < 0))
		return NS_SETUP_FAILED;
	/* The app's end goes into this child's net namespace. */
	app = fork();
	if (app == 0) {
		char byte = unshare(CLONE_NEWNET) == 0;

		(void)!write(ready[1], &byte, 1);
		pause();
		_exit(0);
	}
	if (app < 0 || read(ready[0], buf, 1) != 1 || buf[0] != 1)
		return NS_SETUP_FAILED;
	rc = sb_veth_create(&spec, app, &what);
	err = errno;
	kill(app, SIGKILL);
	waitpid(app, NULL, 0);
	fprintf(stderr, "# sb_veth_create: %d (%s%s%s)\n", rc, what, rc ? ": " : "",
		rc ? strerror(err) : "");
	if (kind == IPV6_ABSENT_UNLOCKED)
		return rc < 0 && err == ENOENT && strstr(what, "IPv6") ? 0 : 1;
	if (rc < 0)
		return 1;
	if (kind == IPV6_PRESENT) {
		int fd = open("/proc/sys/net/ipv6/conf/ward-t/disable_ipv6", O_RDONLY | O_CLOEXEC);
		int ret = fd < 0 || read(fd, buf, sizeof(buf)) < 1 || buf[0] != '1';

		if (fd >= 0)
			close(fd);
		return ret;
	}
	return 0;
}

/* As ROOT_CHECK, skipped on a machine without IPv6. */
static void with_ipv6(void **state)
{
	static const int present = IPV6_PRESENT;
	int ret;

	(void)state;
	if (getuid() != 0)
		skip();
	ret = in_namespaces(veth_case, &present);
	if (ret == NO_IPV6)
		skip();
	assert_int_equal(ret, 0);
}

int main(void)
{
	static const int unlocked = IPV6_ABSENT_UNLOCKED, locked = IPV6_ABSENT_LOCKED,
			 none = IPV6_ABSENT_NO_MODULES;
	static const struct ns_check loadable = { veth_case, &unlocked };
	static const struct ns_check not_loadable = { veth_case, &locked };
	static const struct ns_check no_modules = { veth_case, &none };
	const struct CMUnitTest tests[] = {
		{ "with IPv6 in the kernel, the system's end has it disabled", with_ipv6, NULL, NULL,
		  NULL },
		ROOT_CHECK("without IPv6 yet and modules loadable, the pair is refused", &loadable),
		ROOT_CHECK("without IPv6 and modules locked, the pair is made", &not_loadable),
		ROOT_CHECK("without IPv6 in a kernel without modules, the pair is made", &no_modules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
