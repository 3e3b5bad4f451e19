#!/bin/sh
# Size budgets of the static init (issue 5), on each board's build with every option of PID 1
# on (tests/size.config over the board's defconfig; built by `make check-build` in
# build/size-<board>): 64 KiB on x86_64 and aarch64, 48 KiB on armhf. And the pieces of libc that blew
# them must stay out: stdio's printf core (sandbox/fmt.c does the formatting), the FILE-based
# strtol scanner, __synccall (set*id, setrlimit), fork with its locks (sb_fork), fcntl
# (sb_fcntl), clock_gettime with its vDSO lookup (clock.h), recvmsg and getsockopt with their
# time64 conversions, statvfs.lo (statfs), fchdir with its /proc fallback (syscalls.h) and
# strerror with every errno's text (sandbox/errtext.c), socket, accept4 and pipe2 with their
# fallbacks for kernels before 2.6.28, signalfd with its fallback, sigprocmask through
# pthread_sigmask, sigtimedwait with its EINTR loop, sigaddset and sigdelset (syscalls.h),
# strcpy (stpcpy), strrchr, strnlen, memchr and strncmp (fmt.c), memcpy, memset and strlen
# written for speed (sandbox/libc_string.c); nor libgcc's 32-bit division, nor its 64-bit one
# with the raise its division by zero brings (sandbox/libgcc_div.c).
# build/size-<board>/init.map says which object pulled a libc member in. See
# docs/performance.md.
build=${WARD_BUILD:-build}
n=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

for b in x86_64:65536 aarch64:65536 armhf:49152; do
	board=qemu-${b%%:*} budget=${b#*:}
	dir=$build/size-$board
	size=$(stat -c %s "$dir/init" 2>/dev/null || echo 0)
	[ "$size" -gt 0 ] && [ "$size" -le "$budget" ]
	check $? "$board init: $size bytes, budget $budget ($((budget - size)) left)"
	for member in vfprintf.lo intscan.lo synccall.lo fork.lo fcntl.lo clock_gettime.lo \
		recvmsg.lo getsockopt.lo statvfs.lo fchdir.lo strerror.lo socket.lo accept4.lo \
		pipe2.lo sigtimedwait.lo strcpy.lo strrchr.lo strnlen.lo memchr.lo \
		strncmp.lo memcpy.lo memset.lo strlen.lo signalfd.lo sigaddset.lo sigdelset.lo \
		sigprocmask.lo pthread_sigmask.lo raise.lo; do
		[ -f "$dir/init.map" ] && ! grep -q "libc\.a($member)" "$dir/init.map"
		check $? "$board init links no libc $member"
	done
	# A 32-bit division or modulo by a variable (or by a constant, at -Os) calls libgcc's
	# __udivsi3 on armhf, which has no divide instruction: some 600 bytes.
	[ -f "$dir/init.map" ] && ! grep -q 'libgcc\.a(_udivsi3\.o)' "$dir/init.map"
	check $? "$board init links no libgcc _udivsi3.o"
	[ -f "$dir/init.map" ] && ! grep -q 'libgcc\.a(_udivmoddi4\.o)' "$dir/init.map"
	check $? "$board init links no libgcc _udivmoddi4.o"
done
echo "1..$n"
