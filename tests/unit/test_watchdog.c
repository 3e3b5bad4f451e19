/* test_watchdog.c: a watchdog device that is not there when PID 1 opens it (its driver's
 * probe deferred until a clock, a regulator or a module comes) is looked for again, once a
 * second for a minute, and armed when it comes: svc_watch is told then. Not there after the
 * minute, it is no longer looked for. The device is a plain file here (its ioctls fail, and
 * are logged); init/watchdog.c, the rest of PID 1 stubbed. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "svc.h"
#include "watchdog.h"

static int armed_told = -1; /* what svc_watchdog_armed was told last */
static int open_errors;	    /* "unable to open" lines */

void log_info(const char *app, const char *fmt, ...) { (void)app, (void)fmt; }
void log_debug(const char *app, const char *fmt, ...) { (void)app, (void)fmt; }
void log_error(const char *app, const char *verb, const char *object)
{
	(void)app, (void)object;
	open_errors += verb[0] == 'o';
}
void svc_watchdog_armed(bool armed) { armed_told = armed; }

static void make_device(void)
{
	int fd = open(CONFIG_WARD_WATCHDOG_DEVICE, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	close(fd);
}

/* Each case in a child: the watchdog's state is the process's. */
static void in_child(void (*run)(void))
{
	int status;
	pid_t pid;

	unlink(CONFIG_WARD_WATCHDOG_DEVICE);
	pid = fork();
	if (pid == 0) {
		run();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unlink(CONFIG_WARD_WATCHDOG_DEVICE);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void comes_later(void)
{
	long long now, next;

	watchdog_open();
	now = clock_ms();
	if (armed_told != -1 || watchdog_slack_ms(now) != -1)
		_exit(10);
	/* Looked for again within a second: not there yet, then a second after that. */
	next = watchdog_tick(now, true);
	if (next <= now || next > now + 1000)
		_exit(11);
	next = watchdog_tick(next, true);
	if (next <= now + 1000 || armed_told != -1)
		_exit(12);
	make_device();
	if (watchdog_tick(next, true) < 0 || armed_told != 1 || watchdog_slack_ms(next) < 0)
		_exit(13);
	/* Opened before the modules load, then after: no line about a device that came. */
	if (open_errors)
		_exit(14);
}

static void never_comes(void)
{
	long long now, next;

	watchdog_open();
	now = clock_ms();
	for (next = watchdog_tick(now, true); next >= 0 && next < now + 120000;)
		next = watchdog_tick(next, true);
	if (next != -1 || armed_told != 0 || open_errors != 1)
		_exit(20);
	/* After the minute it is no longer looked for, even once there. */
	make_device();
	if (watchdog_tick(now + 130000, true) != -1 || watchdog_slack_ms(now + 130000) != -1)
		_exit(21);
}

/* There at boot: opened once, the second call (after the modules) finds it open. */
static void opened_once(void)
{
	char link[64], path[32];
	int n = 0;

	make_device();
	watchdog_open();
	watchdog_open();
	if (armed_told != 1)
		_exit(30);
	for (int i = 0; i < 64; i++) {
		ssize_t len;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", i);
		len = readlink(path, link, sizeof(link) - 1);
		if (len > 0) {
			link[len] = '\0';
			n += strcmp(link, CONFIG_WARD_WATCHDOG_DEVICE) == 0;
		}
	}
	if (n != 1)
		_exit(31);
}

static void device_there_at_boot(void **state)
{
	(void)state;
	in_child(opened_once);
}

static void device_comes_later(void **state)
{
	(void)state;
	in_child(comes_later);
}

static void device_never_comes(void **state)
{
	(void)state;
	in_child(never_comes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(device_comes_later),
		cmocka_unit_test(device_never_comes),
		cmocka_unit_test(device_there_at_boot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
