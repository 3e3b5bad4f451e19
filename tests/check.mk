# check.mk: `make check`, every test: unit tests (plain and with ASan/UBSan), the generator's
# error messages, cppcheck, host tests, and boot tests of the three boards under QEMU.
# Included by the top Makefile; everything is built under build/.
CHECK_DIR := $(srctree)/build/check
TEST_BOARDS := qemu-x86_64 qemu-aarch64 qemu-armhf
WARDGEN_LIB_SRCS := $(filter-out %/main.c,$(wildcard $(srctree)/scripts/wardgen/*.c))
UNIT_CFLAGS := -std=gnu11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -I$(srctree)/init \
	-I$(srctree)/sandbox -I$(srctree)/scripts/wardgen
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
UNIT_TESTS := test_wardgen test_restart test_seccomp test_path test_fmt test_ctl_parse
srcs_test_wardgen := $(WARDGEN_LIB_SRCS)
srcs_test_restart := $(srctree)/init/restart.c
srcs_test_path := $(srctree)/sandbox/path.c $(srctree)/sandbox/fmt.c
# The log ring and the token bucket that limits each app's lines.
UNIT_TESTS += test_ring test_rate
srcs_test_ring := $(srctree)/init/ring.c
srcs_test_rate := $(srctree)/init/rate.c
# What of an app's line may reach a terminal.
UNIT_TESTS += test_term_text
srcs_test_term_text := $(srctree)/init/term_text.c
srcs_test_fmt := $(srctree)/sandbox/fmt.c
srcs_test_ctl_parse := $(srctree)/init/ctl_parse.c $(srctree)/sandbox/fmt.c
# The handoff of the v1 leaves' fds to the sandbox child.
UNIT_TESTS += test_fdpass
srcs_test_fdpass := $(srctree)/sandbox/fdpass.c
# The sandbox child's wait for its parent's go-ahead.
UNIT_TESTS += test_goahead
srcs_test_goahead := $(srctree)/sandbox/goahead.c
# Whether a sandbox has its own /proc yet (wardctl enter waits for it).
UNIT_TESTS += test_root_ready
srcs_test_root_ready := $(srctree)/sandbox/root.c $(srctree)/sandbox/path.c $(srctree)/sandbox/fmt.c
# The root's writable places: binds of its tmpfs, one size for all of them.
UNIT_TESTS += test_root_scratch
srcs_test_root_scratch := $(srcs_test_root_ready)
# A sandbox child's signal dispositions back to default.
UNIT_TESTS += test_signals
srcs_test_signals := $(srctree)/sandbox/signals.c $(srctree)/sandbox/fmt.c \
	$(srctree)/sandbox/read_text.c
# PID 1's wardctl server on a real socket, the rest of PID 1 stubbed (as root).
UNIT_TESTS += test_control
srcs_test_control := $(srctree)/init/control.c $(srctree)/init/ctl_parse.c $(srctree)/init/peer_files.c \
	$(srctree)/sandbox/fmt.c $(srctree)/sandbox/errtext.c
cflags_test_control := -I$(srctree)/tests/unit/control
# wardctl against a PID 1 that never answers, its answer time cut to 300 ms (as root).
UNIT_TESTS += test_wardctl
srcs_test_wardctl := $(srctree)/init/wardctl.c
cflags_test_wardctl := -Dmain=wardctl_main -DWARDCTL_ANSWER_MS=300
# cg1_kill against the host's v1 freezer; the freeze's write wrapped to open the window, the
# reads of cgroup.procs to end inside lines, the kills recorded.
UNIT_TESTS += test_cgroup_v1
srcs_test_cgroup_v1 := $(srctree)/sandbox/cgroup_v1.c $(srctree)/sandbox/cgroup_kill.c \
	$(srctree)/sandbox/cgroup_file.c \
	$(srctree)/sandbox/fmt.c $(srctree)/sandbox/read_text.c
cflags_test_cgroup_v1 := -Wl,--wrap=cg_write_at -Wl,--wrap=pread -Wl,--wrap=kill
# A leaf made fresh while its last run's killed processes still hold it (as root).
UNIT_TESTS += test_cgroup_file
srcs_test_cgroup_file := $(srctree)/sandbox/cgroup_file.c $(srctree)/sandbox/fmt.c
# cg_kill on a v2 kernel without cgroup.kill (its write failed with ENOENT), on the host's
# cgroup2 mount (as root).
UNIT_TESTS += test_cgroup_kill
srcs_test_cgroup_kill := $(srctree)/sandbox/cgroup.c $(srcs_test_cgroup_v1)
cflags_test_cgroup_kill := -Wl,--wrap=cg_write_at
# Which v2 controllers cg_setup_root enables; its writes recorded, not made.
UNIT_TESTS += test_cgroup
srcs_test_cgroup := $(srctree)/sandbox/cgroup.c $(srcs_test_cgroup_v1)
cflags_test_cgroup := -Wl,--wrap=cg_write_at
# How PID 1 reads an app's notify fd, the rest of PID 1 stubbed.
UNIT_TESTS += test_svc_watch
srcs_test_svc_watch := $(srctree)/init/svc_watch.c
cflags_test_svc_watch := -I$(srctree)/tests/unit/svc_watch
# The supervision driven through time by hand, the rest of PID 1 stubbed.
UNIT_TESTS += test_svc
srcs_test_svc := $(srctree)/init/svc.c $(srctree)/init/svc_ctl.c $(srctree)/init/svc_watch.c \
	$(srctree)/init/restart.c $(srctree)/init/disk_child.c
cflags_test_svc := -I$(srctree)/tests/unit/svc
# An app's output read by PID 1, its pipe made one of packets (O_DIRECT), the log stubbed.
UNIT_TESTS += test_output
srcs_test_output := $(srctree)/init/output.c $(srctree)/init/rate.c $(srctree)/init/ring.c \
	$(srctree)/init/term_text.c
cflags_test_output := -I$(srctree)/tests/unit/output
# Where PID 1 writes an app's line, booted with ignore_loglevel or not (as root).
UNIT_TESTS += test_log
srcs_test_log := $(srctree)/init/log.c $(srctree)/init/rate.c $(srctree)/sandbox/report.c \
	$(srctree)/sandbox/fmt.c $(srctree)/sandbox/errtext.c $(srctree)/sandbox/read_text.c
cflags_test_log := -I$(srctree)/tests/unit/log
# The system's end of a veth pair without IPv6 (as root, in fresh net namespaces).
UNIT_TESTS += test_veth
srcs_test_veth := $(srctree)/sandbox/veth.c $(srctree)/sandbox/cgroup_file.c \
	$(srctree)/sandbox/fmt.c $(srctree)/sandbox/read_text.c
# The ward.* values on the kernel command line (as root, a file bound over /proc/cmdline).
UNIT_TESTS += test_cmdline
srcs_test_cmdline := $(srctree)/init/cmdline.c $(srctree)/sandbox/fmt.c \
	$(srctree)/sandbox/read_text.c
# The reboot throttle with a record that takes no write, never answers, or is slow to start
# the count over (its pwrite wrapped), the rest of PID 1 stubbed.
UNIT_TESTS += test_throttle
srcs_test_throttle := $(srctree)/init/throttle.c $(srctree)/init/disk_child.c \
	$(srctree)/sandbox/fmt.c
cflags_test_throttle := -I$(srctree)/tests/unit/throttle -Wl,--wrap=pwrite
# PID 1's fault handlers in its children (as root), the rest of PID 1 stubbed.
UNIT_TESTS += test_fatal
srcs_test_fatal := $(srctree)/init/fatal.c $(srctree)/init/disk_child.c
# glibc does not name the kernel's SA_RESTORER (musl does); the test has its __restore_rt.
cflags_test_fatal := -I$(srctree)/tests/unit/fatal -DSA_RESTORER=0x04000000
# The parameters a module gets from the kernel command line (modules.c's params_of).
UNIT_TESTS += test_modules
srcs_test_modules := $(srctree)/sandbox/fmt.c $(srctree)/sandbox/read_text.c \
	$(srctree)/sandbox/cgroup_file.c
cflags_test_modules := -I$(srctree)/tests/unit/modules
# A refused reboot(2), asked again; the calls that would reach the host wrapped.
UNIT_TESTS += test_shutdown
srcs_test_shutdown := $(srctree)/init/shutdown.c $(srctree)/sandbox/fmt.c
cflags_test_shutdown := -I$(srctree)/tests/unit/shutdown -Wl,--wrap=reboot,--wrap=kill \
	-Wl,--wrap=mount,--wrap=umount2,--wrap=sync
# The boot-health hook after a fork that failed (as root), the rest of PID 1 stubbed.
UNIT_TESTS += test_health
srcs_test_health := $(srctree)/init/health.c $(srctree)/sandbox/exit_text.c $(srctree)/sandbox/fmt.c
cflags_test_health := -I$(srctree)/tests/unit/health
# A watchdog device that comes after PID 1 looked for it, the rest of PID 1 stubbed.
UNIT_TESTS += test_watchdog
srcs_test_watchdog := $(srctree)/init/watchdog.c
cflags_test_watchdog := -I$(srctree)/tests/unit/watchdog
# The init's strerror: each text at its code.
UNIT_TESTS += test_errtext
srcs_test_errtext := $(srctree)/sandbox/errtext.c $(srctree)/sandbox/fmt.c
# How a sandbox's end reads, and whose its exit code is.
UNIT_TESTS += test_kernel_floor
srcs_test_kernel_floor := $(srctree)/init/kernel_floor.c $(srctree)/sandbox/fmt.c
UNIT_TESTS += test_exit_text
srcs_test_exit_text := $(srctree)/sandbox/exit_text.c $(srctree)/sandbox/fmt.c
# The capability drop, with a cap_last_cap an app could have put there.
UNIT_TESTS += test_identity
srcs_test_identity := $(srctree)/sandbox/identity.c $(srctree)/sandbox/fmt.c
# wardctl enter's entering process, against a target that takes a namespace late.
UNIT_TESTS += test_enter
srcs_test_enter := $(srctree)/init/enter.c $(srctree)/sandbox/identity.c $(srctree)/sandbox/root.c \
	$(srctree)/sandbox/path.c $(srctree)/sandbox/seccomp.c $(srctree)/sandbox/signals.c \
	$(srctree)/sandbox/cgroup.c $(srctree)/sandbox/errtext.c $(srctree)/sandbox/exit_text.c \
	$(srcs_test_cgroup_v1)
# armhf's 64-bit division (sandbox/libgcc_div.c), against the host's.
UNIT_TESTS += test_libgcc_div
srcs_test_libgcc_div := $(srctree)/sandbox/libgcc_div.c
cflags_test_libgcc_div := -DWARD_TEST_LIBGCC_DIV
# sb_spawn failing on its side while the child it killed is stuck on a disk (as root).
UNIT_TESTS += test_spawn
srcs_test_spawn := $(filter-out %/ward_run.c %/libc_string.c,$(wildcard $(srctree)/sandbox/*.c))
# test_seccomp runs the filters wardgen emits for tests/unit/seccomp.config, built for the host.
srcs_test_seccomp := $(CHECK_DIR)/seccomp/apps.c $(srctree)/sandbox/seccomp.c
UNIT_BINS := $(foreach v,plain asan,$(addprefix $(CHECK_DIR)/unit-$(v)/,$(UNIT_TESTS)))
TEST_IMAGES := $(foreach b,$(TEST_BOARDS),$(srctree)/build/test-$(b)/rootfs.cpio)

# A test is built again when a source it links changed, not only its own file: a local build
# directory kept a stale binary, which passed on code that was no longer there.
.SECONDEXPANSION:
$(CHECK_DIR)/unit-plain/%: $(srctree)/tests/unit/%.c $(WARDGEN_LIB_SRCS) $(srctree)/init/restart.c \
		$$(srcs_$$*)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $(cflags_$*) -o $@ $< $(srcs_$*) -lcmocka

$(CHECK_DIR)/unit-asan/%: $(srctree)/tests/unit/%.c $(WARDGEN_LIB_SRCS) $(srctree)/init/restart.c \
		$$(srcs_$$*)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(UNIT_CFLAGS) $(cflags_$*) $(SANITIZE) -o $@ $< $(srcs_$*) -lcmocka

$(CHECK_DIR)/seccomp/apps.c: $(srctree)/tests/unit/seccomp.config $(CHECK_DIR)/wardgen
	$(Q)mkdir -p $(dir $@)
	$(Q)printf '#include <sys/syscall.h>\n' | $(HOSTCC) -E -dM -x c - > $(dir $@)syscalls.dM
	$(Q)$(CHECK_DIR)/wardgen $< $(dir $@) $(dir $@)syscalls.dM
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_path): $(srcs_test_path) \
	$(srctree)/sandbox/path.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_ring): $(srcs_test_ring) $(srctree)/init/ring.h
# test_modules includes init/modules.c (for its static params_of).
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_modules): $(srctree)/init/modules.c
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_term_text): $(srcs_test_term_text) \
	$(srctree)/init/term_text.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_rate): $(srcs_test_rate) $(srctree)/init/rate.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_fmt): $(srcs_test_fmt) $(srctree)/sandbox/fmt.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_kernel_floor): $(srcs_test_kernel_floor) \
	$(srctree)/init/kernel_floor.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_exit_text): $(srcs_test_exit_text) \
	$(srctree)/sandbox/exit_text.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_fdpass): $(srcs_test_fdpass) \
	$(srctree)/sandbox/fdpass.h $(srctree)/sandbox/syscalls.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_goahead): $(srcs_test_goahead) \
	$(srctree)/sandbox/goahead.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_root_ready): $(srcs_test_root_ready) \
	$(srctree)/sandbox/root.h $(srctree)/sandbox/syscalls.h $(srctree)/tests/unit/in_namespaces.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_root_scratch): $(srcs_test_root_scratch) \
	$(srctree)/sandbox/root.h $(srctree)/sandbox/syscalls.h $(srctree)/tests/unit/in_namespaces.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_signals): $(srcs_test_signals) \
	$(srctree)/sandbox/signals.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_ctl_parse): $(srcs_test_ctl_parse) \
	$(srctree)/init/ctl_proto.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_control): $(srcs_test_control) \
	$(srctree)/init/control.h $(srctree)/init/ctl_proto.h $(srctree)/init/peer_files.h \
	$(srctree)/tests/unit/control/config.h \
	$(srctree)/tests/unit/in_namespaces.h $(srctree)/tests/unit/fuse_file.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_wardctl): $(srcs_test_wardctl) \
	$(srctree)/init/ctl_proto.h $(srctree)/tests/unit/in_namespaces.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_cgroup_v1): $(srcs_test_cgroup_v1) \
	$(srctree)/sandbox/cgroup_v1.h $(srctree)/sandbox/cgroup_file.h $(srctree)/sandbox/cgroup_kill.h \
	$(srctree)/tests/unit/in_namespaces.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_cgroup_kill): $(srcs_test_cgroup_kill) \
	$(srctree)/sandbox/cgroup.h $(srctree)/sandbox/cgroup_kill.h $(srctree)/sandbox/cgroup_file.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_cgroup_file): $(srcs_test_cgroup_file) \
	$(srctree)/sandbox/cgroup_file.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_cgroup): $(srcs_test_cgroup) \
	$(srctree)/sandbox/cgroup.h $(srctree)/sandbox/cgroup_file.h \
	$(srctree)/tests/unit/in_namespaces.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_veth): $(srcs_test_veth) \
	$(srctree)/sandbox/steps.h $(srctree)/tests/unit/in_namespaces.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_cmdline): $(srcs_test_cmdline) \
	$(srctree)/init/cmdline.h $(srctree)/tests/unit/in_namespaces.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_throttle): $(srcs_test_throttle) \
	$(srctree)/init/throttle.h $(srctree)/init/disk_child.h \
	$(srctree)/tests/unit/throttle/config.h $(srctree)/tests/unit/in_namespaces.h \
	$(srctree)/tests/unit/fuse_file.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_svc): $(srcs_test_svc) \
	$(srctree)/init/svc_state.h $(srctree)/init/svc.h $(srctree)/tests/unit/svc/config.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_fatal): $(srcs_test_fatal) \
	$(srctree)/init/fatal.h $(srctree)/tests/unit/fatal/config.h \
	$(srctree)/tests/unit/in_namespaces.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_health): $(srcs_test_health) \
	$(srctree)/init/health.h $(srctree)/tests/unit/health/config.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_watchdog): $(srcs_test_watchdog) \
	$(srctree)/init/watchdog.h $(srctree)/tests/unit/watchdog/config.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_svc_watch): $(srcs_test_svc_watch) \
	$(srctree)/init/svc_state.h $(srctree)/tests/unit/svc_watch/config.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_errtext): $(srcs_test_errtext) \
	$(srctree)/sandbox/errtext.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_identity): $(srcs_test_identity) \
	$(srctree)/sandbox/identity.h $(srctree)/tests/unit/in_namespaces.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_enter): $(srcs_test_enter) \
	$(srctree)/init/enter.h $(srctree)/sandbox/sandbox.h $(srctree)/tests/unit/in_namespaces.h
$(foreach v,plain asan,$(CHECK_DIR)/unit-$(v)/test_seccomp): $(srcs_test_seccomp) \
	$(srctree)/sandbox/bpf.h $(srctree)/sandbox/seccomp.h

# Each board's test image: its defconfig plus the test apps of tests/guest (an EXTERNAL tree,
# which is also how third-party apps come in), then tests/guest/test-BOARD.config if there is
# one (per-board lines: the watchdog's driver). Reconfigured every time, so never stale.
# test-BOARD-bullseye is the same image for Debian 11's kernel, Linux 5.10 LTS, with its
# modules (tests/boot-qemu-*-bullseye.t), and test-BOARD-bullseye.config's lines after the
# board's (its watchdog driver, where that kernel lacks the board's). A pattern rule: in the image's own make,
# Makefile's explicit rule for its rootfs.cpio wins over it (an explicit one here would
# replace that, and the make would call itself for ever).
test_board = $(patsubst %-bullseye,%,$*)
$(srctree)/build/test-%/rootfs.cpio: FORCE
	$(Q)$(MAKE) --no-print-directory -s O=$(srctree)/build/test-$* EXTERNAL=$(srctree)/tests/guest \
		DEFCONFIG_FRAGMENTS="$(srctree)/tests/guest/test.config $(wildcard $(srctree)/tests/guest/test-$(test_board).config $(if $(filter %-bullseye,$*),$(srctree)/tests/guest/test-$*.config))" \
		$(test_board)_defconfig
	$(Q)$(MAKE) --no-print-directory -s O=$(srctree)/build/test-$* WERROR=1 \
		$(if $(filter %-bullseye,$*),KERNEL_SUITE=bullseye) image
BULLSEYE_IMAGES := $(foreach b,x86_64 aarch64 armhf,$(srctree)/build/test-qemu-$(b)-bullseye/rootfs.cpio)

# The same init and apps as /sbin/init of a root file system, reached through switch_root;
# with ext2's modules, for the data disk switch-root.sh mounts before it.
$(srctree)/build/test-qemu-x86_64/rootfs-switch-root.cpio: $(srctree)/build/test-qemu-x86_64/rootfs.cpio
	$(Q)rm -rf $(dir $@)switch-root && mkdir -p $(dir $@)switch-root
	$(Q)cp $(dir $@)init $(dir $@)switch-root/ward-init
	$(Q)sh scripts/mkmodules.sh $(DL_DIR)/x86_64 "crc16 crc32c_generic mbcache jbd2 ext4" $(dir $@)ext2-modules
	$(Q)sh scripts/mkimage.sh $@ tests/guest/switch-root.sh $(DL_DIR)/x86_64/busybox rootfs-skel \
		board/common/overlay tests/guest/overlay $(dir $@)progs $(dir $@)modules $(dir $@)wardctl \
		$(dir $@)ext2-modules $(dir $@)switch-root

# The same apps with an init built with WARD_FAULT_RESCUE (tests/boot/scenario.sh fault-*).
FAULT_RESCUE_O := $(srctree)/build/test-qemu-x86_64-fault-rescue
$(srctree)/build/test-qemu-x86_64/rootfs-fault-rescue.cpio: $(srctree)/build/test-qemu-x86_64/rootfs.cpio
	$(Q)$(MAKE) --no-print-directory -s O=$(FAULT_RESCUE_O) EXTERNAL=$(srctree)/tests/guest \
		DEFCONFIG_FRAGMENTS="$(srctree)/tests/guest/test.config $(srctree)/tests/guest/test-qemu-x86_64.config $(srctree)/tests/guest/fault-rescue.config" \
		qemu-x86_64_defconfig
	$(Q)$(MAKE) --no-print-directory -s O=$(FAULT_RESCUE_O) WERROR=1
	$(Q)sh scripts/mkimage.sh $@ $(FAULT_RESCUE_O)/init $(DL_DIR)/x86_64/busybox rootfs-skel \
		board/common/overlay tests/guest/overlay $(dir $@)progs $(dir $@)modules

# tests/host-linux510.t: ward-run with the bench's apps (tests/bench, as make bench builds it),
# and the filter that makes this host's kernel look like 5.10 to it. A pattern rule, as below.
LINUX510_O := $(CHECK_DIR)/linux510
$(CHECK_DIR)/linux%/ward-run: FORCE
	$(Q)$(MAKE) --no-print-directory -s O=$(CHECK_DIR)/linux$* EXTERNAL=$(srctree)/tests/bench \
		DEFCONFIG_FRAGMENTS=$(srctree)/tests/bench/bench.config qemu-x86_64_defconfig
	$(Q)$(MAKE) --no-print-directory -s O=$(CHECK_DIR)/linux$* WERROR=1 ward-run
$(LINUX510_O)/as-linux510: $(srctree)/tests/host/as-linux510.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<

# Each board's init with every option of PID 1 on (tests/size.config), for tests/size.t.
SIZE_INITS := $(foreach b,$(TEST_BOARDS),$(srctree)/build/size-$(b)/init)
$(srctree)/build/size-%/init: FORCE
	$(Q)$(MAKE) --no-print-directory -s O=$(srctree)/build/size-$* \
		DEFCONFIG_FRAGMENTS=$(srctree)/tests/size.config $*_defconfig
	$(Q)$(MAKE) --no-print-directory -s O=$(srctree)/build/size-$* WERROR=1 all

# tests/host-console.t's init: one app that floods a console nobody reads fast;
# tests/host-output-rate.t's (host-output-rate): one that writes as fast as it can.
# A pattern rule, as for the size builds: in the sub-make, its own $(obj)/init rule wins.
HOST_CONSOLE_O := $(srctree)/build/host-console
$(srctree)/build/host-%/init: FORCE
	$(Q)$(MAKE) --no-print-directory -s O=$(srctree)/build/host-$* EXTERNAL=$(srctree)/tests/host \
		DEFCONFIG_FRAGMENTS=$(srctree)/tests/host/$*.config qemu-x86_64_defconfig
	$(Q)$(MAKE) --no-print-directory -s O=$(srctree)/build/host-$* WERROR=1 all

check-build: $(UNIT_BINS) $(CHECK_DIR)/wardgen $(TEST_IMAGES) $(SIZE_INITS) $(HOST_CONSOLE_O)/init \
	$(srctree)/build/host-output-rate/init \
	$(srctree)/build/test-qemu-x86_64/rootfs-switch-root.cpio \
	$(srctree)/build/test-qemu-x86_64/rootfs-fault-rescue.cpio $(BULLSEYE_IMAGES) \
	$(LINUX510_O)/ward-run $(LINUX510_O)/as-linux510

$(CHECK_DIR)/wardgen: $(wildcard $(srctree)/scripts/wardgen/*.c $(srctree)/scripts/wardgen/*.h)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=c99 -O2 -Wall -Wextra -Werror -o $@ $(filter %.c,$^)

# Every file sees WARD_APP_COUNT=2; test_svc's table has 4 apps (tests/unit/svc/config.h).
cppcheck:
	$(Q)cppcheck -q --error-exitcode=1 --inline-suppr --enable=warning,style,performance,portability \
		--suppress=missingIncludeSystem -D_GNU_SOURCE -DWARD_APP_COUNT=2 \
		--suppress=arrayIndexOutOfBounds:tests/unit/test_svc.c \
		-Iinit -Isandbox -Iscripts/wardgen init sandbox scripts/wardgen tests/unit tests/guest/progs

check: deps
	$(Q)$(MAKE) --no-print-directory check-build
	$(Q)$(MAKE) --no-print-directory cppcheck
	$(Q)cd $(srctree) && CMOCKA_MESSAGE_OUTPUT=TAP WARD_BUILD=$(srctree)/build DL_DIR=$(DL_DIR) \
		WARDGEN=$(CHECK_DIR)/wardgen prove --exec '' $(UNIT_BINS) tests/*.t

.PHONY: check-build cppcheck

# make bench: ward against its peers (sizes, spawn, reaping), budgets as PASS/FAIL lines;
# make bench-smoke: the seconds-long version that tests/bench-smoke.t runs in make check.
bench:
	$(Q)sh $(srctree)/scripts/bench/bench.sh
bench-smoke:
	$(Q)sh $(srctree)/scripts/bench/bench.sh --smoke

.PHONY: bench bench-smoke
