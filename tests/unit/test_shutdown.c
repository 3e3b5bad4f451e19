/* test_shutdown.c: a poweroff whose reboot(2) is refused (EPERM: no CAP_SYS_BOOT, a seccomp
 * filter of a container) is asked again, every 10 s: PID 1 sat in a shutdown that could not
 * end, every app stopped, nothing said. init/shutdown.c, with kill, mount, umount2, sync and
 * reboot wrapped (-Wl,--wrap: a call not wrapped would fail to link, not reach the host), the
 * rest of PID 1 stubbed. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"
#include "shutdown.h"
#include "svc.h"
#include "watchdog.h"

static int reboots[2]; /* each reboot(2), in the child that makes it, writes a byte here */

int __wrap_reboot(int cmd);
int __wrap_kill(pid_t pid, int sig);
int __wrap_mount(const char *src, const char *dst, const char *type, unsigned long flags,
		 const void *data);
int __wrap_umount2(const char *target, int flags);
void __wrap_sync(void);

int __wrap_reboot(int cmd)
{
	(void)cmd;
	(void)!write(reboots[1], "r", 1);
	errno = EPERM;
	return -1;
}
int __wrap_kill(pid_t pid, int sig) { (void)pid, (void)sig; return 0; }
int __wrap_mount(const char *src, const char *dst, const char *type, unsigned long flags,
		 const void *data)
{
	(void)src, (void)dst, (void)type, (void)flags, (void)data;
	return 0;
}
int __wrap_umount2(const char *target, int flags) { (void)target, (void)flags; return 0; }
void __wrap_sync(void) {}

void log_info(const char *app, const char *fmt, ...) { (void)app, (void)fmt; }
void log_error(const char *app, const char *verb, const char *object)
{
	(void)app, (void)verb, (void)object;
}
void svc_stop_all(long long now) { (void)now; }
unsigned int svc_running(void) { return 0; }
void svc_kill_all(void) {}
void watchdog_close(void) {}

/* Waits for the next child, and tells the shutdown when it was its syncer. */
static void reap_one(void)
{
	int status;
	pid_t pid = waitpid(-1, &status, 0);

	assert_true(pid > 0);
	shutdown_exited(pid);
}

static int reboots_made(void)
{
	char buf[16];
	ssize_t n = read(reboots[0], buf, sizeof(buf));

	return n < 0 ? 0 : (int)n;
}

static void refused_reboot_asked_again(void **state)
{
	long long next;

	(void)state;
	assert_int_equal(pipe2(reboots, O_CLOEXEC | O_NONBLOCK), 0);
	shutdown_init(false);
	shutdown_begin(SHUTDOWN_POWEROFF, 0);
	next = shutdown_tick(0);	   /* no app runs: the others asked */
	next = shutdown_tick(next); /* killed; the syncer forked */
	reap_one();
	next = shutdown_tick(next);
	assert_true(shutdown_done());
	reap_one();
	assert_int_equal(reboots_made(), 1);
	/* Refused: asked again 10 s later, not before. */
	assert_int_equal(shutdown_tick(next - 10000 + 5000), next);
	assert_int_equal(reboots_made(), 0);
	assert_true(shutdown_tick(next) > next);
	reap_one();
	assert_int_equal(reboots_made(), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refused_reboot_asked_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
