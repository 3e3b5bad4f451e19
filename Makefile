# ward: PID-1 init and app sandbox. One GNU Makefile, Linux/BusyBox conventions:
#   make <board>_defconfig | menuconfig | savedefconfig | make [O=dir] [V=1]
#   [CROSS_COMPILE=prefix] [CC=compiler] [EXTERNAL=dir[ dir...]]
#   make qemu [BOARD=qemu-x86_64|qemu-aarch64|qemu-armhf]   build and boot a board
#             [KERNEL_SUITE=bullseye]   with another Debian release's kernel (5.10 LTS)
#   make install DESTDIR=dir [KERNEL_RELEASE=r]   init, wardctl, progs, overlays and the
#                              modules of WARD_MODULES into a firmware image's root
#   make check                                              every test
srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
O ?= build
obj := $(abspath $(O))
BOARD ?= qemu-x86_64
DL_DIR ?= $(srctree)/build/dl
# The test boards' kernel comes from the host's Debian release (bookworm: 6.1), or from
# KERNEL_SUITE's (bullseye: 5.10 LTS, the oldest ward is tested on), kept apart in KERNEL_DIR.
KERNEL_SUITE ?=

ifeq ($(V),1)
Q :=
else
Q := @
endif

# External trees (like Buildroot's BR2_EXTERNAL): each may hold apps/*/Kconfig and overlay/.
# Remembered in the build directory, so later makes need not repeat it.
ifdef EXTERNAL
EXTERNAL_DIRS := $(abspath $(EXTERNAL))
$(foreach d,$(EXTERNAL_DIRS),$(if $(wildcard $(d)/.),,$(error EXTERNAL: no directory $(d))))
$(shell mkdir -p $(obj) && echo '$(EXTERNAL_DIRS)' | cmp -s - $(obj)/.external || \
	echo '$(EXTERNAL_DIRS)' > $(obj)/.external)
else
EXTERNAL_DIRS := $(shell cat $(obj)/.external 2>/dev/null)
endif
APP_TREES := $(srctree)/board/common $(EXTERNAL_DIRS)
APP_KCONFIGS := $(foreach t,$(APP_TREES),$(sort $(wildcard $(t)/apps/*/Kconfig)))
OVERLAYS := $(wildcard $(addsuffix /overlay,$(APP_TREES)))
# Boards: board/<board>/defconfig here, or in an EXTERNAL tree's board/ (a vendor's own).
BOARD_DIRS := $(srctree)/board $(addsuffix /board,$(EXTERNAL_DIRS))
BOARDS := $(sort $(notdir $(patsubst %/defconfig,%,$(wildcard $(addsuffix /*/defconfig,$(BOARD_DIRS))))))
board_dir = $(firstword $(patsubst %/defconfig,%,$(wildcard $(addsuffix /$(1)/defconfig,$(BOARD_DIRS)))))
# Each tree's progs/*.c: small static programs built with the target toolchain into /usr/bin
# of the image (an app's own binary, shipped as source).
PROG_SRCS := $(foreach t,$(APP_TREES),$(wildcard $(t)/progs/*.c))
PROG_BINS := $(foreach p,$(PROG_SRCS),$(obj)/progs/usr/bin/$(basename $(notdir $(p))))

-include $(obj)/.config

ifeq ($(CONFIG_WARD_ARCH_AARCH64),y)
ARCH := aarch64
DEFAULT_CC := aarch64-linux-musl-gcc
else ifeq ($(CONFIG_WARD_ARCH_ARMHF),y)
ARCH := armhf
DEFAULT_CC := arm-linux-musleabihf-gcc
# armhf has the least room (48 KiB), and its Thumb-2 code these two take down, measured on the
# init with every option: registers allocated by Chow's priority colouring, not GCC's default
# Chaitin-Briggs (-128 bytes on armhf, but +64 on aarch64 and x86_64), and no second
# scheduling pass, whose reordering for speed after allocation costs bytes there (-64; none
# on the others).
ARCH_CFLAGS := -fira-algorithm=priority -fno-schedule-insns2
else
ARCH := x86_64
DEFAULT_CC := musl-gcc
endif
ifneq ($(CROSS_COMPILE),)
DEFAULT_CC := $(CROSS_COMPILE)gcc
endif
ifeq ($(origin CC),default)
CC := $(DEFAULT_CC)
endif
HOSTCC ?= cc
# The toolchain's own objcopy: a host objcopy cannot read another architecture's ELF.
OBJCOPY ?= $(if $(CROSS_COMPILE),$(CROSS_COMPILE)objcopy,$(shell $(CC) -print-prog-name=objcopy))
CONFIG_BOARD := $(patsubst "%",%,$(CONFIG_WARD_BOARD))
# Loaded by PID 1 at boot; the image gets them from the board's kernel package.
WARD_MODULES := $(subst ",,$(CONFIG_WARD_MODULES))

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wno-unused-parameter $(if $(WERROR),-Werror)
# -fomit-frame-pointer: aarch64's GCC keeps one at -Os (x29 saved and set in every function:
# 960 bytes of the init); x86_64's and arm's drop it already. Nothing reads it: the init has
# no unwind tables either, and PID 1's faults are caught, not dumped.
# -fno-tree-tail-merge: GCC 12's merging of like blocks costs PID 1 more copies than it saves
# (the init with every option: 80 bytes on aarch64, 152 on armhf, 64 on x86_64).
# -fno-expensive-optimizations: at -Os GCC 12 still runs its late jump-threading passes under
# it (thread, threadfull), which copy blocks so that a branch is decided once: throttle.c's
# decide() has its log calls twice. Without: 640 bytes on aarch64, 384 on armhf, 640 on x86_64.
# -fno-guess-branch-probability (as BusyBox builds): no static guess of which way a branch
# goes (the frequencies that inlining, block order and register allocation weigh; ward has
# no __builtin_expect): 320 bytes on aarch64, 64 on armhf, 160 on x86_64.
# -fno-shrink-wrap: a function's prologue at its entry, not moved past its early returns (for
# which GCC copies the blocks before it): 192 bytes on aarch64, 64 on x86_64, none on armhf.
# -fno-move-loop-invariants: RTL's hoisting of invariant values out of loops loads each into
# a register of its own before the loop, saved and restored around it (the init's loops run
# a few times, over the apps or a line): 384 bytes on aarch64, 128 on armhf, 96 on x86_64.
# -fno-caller-saves: a value live across a call kept in a register the callee saves, not in
# one the caller saves and restores around each call: 64 bytes on aarch64 and armhf.
# -fno-tree-loop-im: the same hoisting out of loops on GIMPLE (loads, stores and values kept
# in registers across the loop): 64 bytes on armhf, 32 on x86_64, none on aarch64.
# -fno-tree-forwprop: GIMPLE's forward propagation (statements combined into their uses)
# costs the init more than it saves: 64 bytes on aarch64, 256 on x86_64, none on armhf (8
# more of .text there, within the file's alignment).
WARD_CFLAGS := -std=gnu11 -D_GNU_SOURCE -Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fomit-frame-pointer -fno-tree-tail-merge -fno-expensive-optimizations \
	-fno-guess-branch-probability -fno-shrink-wrap -fno-move-loop-invariants \
	-fno-caller-saves -fno-tree-loop-im -fno-tree-forwprop -fno-ident -flto -fno-pie $(ARCH_CFLAGS) \
	$(WARNINGS) -MMD -MP \
	-I$(srctree)/init -I$(srctree)/sandbox -I$(obj)/generated $(CFLAGS)
WARD_LDFLAGS := -static -s -Wl,--gc-sections -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
	-Wl,-z,noseparate-code -Wl,-z,norelro -Wl,-z,common-page-size=64 $(LDFLAGS)
# The C library's and compiler's start files bring their version strings (.comment) in; the
# program never reads them. Removed after the link, as Buildroot's strip step does.
DROP_COMMENT = $(OBJCOPY) -R .comment $@

# wardctl is a program of its own, installed as /sbin/wardctl; ward-run's main (a host tool
# built from the sandbox code) is not part of the init either. PID 1 links the rest.
RUN_SRCS := sandbox/ward_run.c
INIT_SRCS := $(filter-out init/wardctl.c $(RUN_SRCS),$(wildcard init/*.c) $(wildcard sandbox/*.c))
INIT_OBJS := $(INIT_SRCS:%.c=$(obj)/objs/%.o) $(obj)/generated/apps.o
RUN_OBJS := $(RUN_SRCS:%.c=$(obj)/objs/%.o) $(filter $(obj)/objs/sandbox/%,$(INIT_OBJS)) \
	$(obj)/generated/apps.o
KCONFIG_ENV := WARD_APPS_KCONFIG=$(obj)/apps.Kconfig KCONFIG_CONFIG=$(obj)/.config

.PHONY: all image install wardctl progs qemu boot deps check ward-run menuconfig oldconfig \
	olddefconfig savedefconfig clean distclean help FORCE
all: $(obj)/init

help:
	@sed -n '2,6p' $(srctree)/Makefile | sed 's/^# *//'
	@echo "boards: $(BOARDS)"

# ---- configuration ----------------------------------------------------------------
$(obj)/apps.Kconfig: FORCE
	$(Q)mkdir -p $(obj)
	$(Q)printf '%s\n' $(foreach k,$(APP_KCONFIGS),'source "$(k)"') '' > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

# DEFCONFIG_FRAGMENTS: more defconfig lines applied on top of the board's (e.g. the tests').
%_defconfig: $(obj)/apps.Kconfig
	$(Q)test -n "$(call board_dir,$*)" || { echo "ward: no board '$*' (boards: $(BOARDS))" >&2; exit 1; }
	@# The last setting of a symbol wins, as in kconfig-conf, which warns of each override.
	$(Q)awk '{ line[NR] = $$0 } \
		match($$0, /^CONFIG_[A-Za-z0-9_]+=/) || match($$0, /^# CONFIG_[A-Za-z0-9_]+ is not set$$/) { \
			sym = $$0; sub(/^# /, "", sym); sub(/[= ].*/, "", sym); last[sym] = NR; of[NR] = sym } \
		END { for (i = 1; i <= NR; i++) if (!(i in of) || last[of[i]] == i) print line[i] }' \
		$(call board_dir,$*)/defconfig $(DEFCONFIG_FRAGMENTS) > $(obj)/defconfig.merged
	$(Q)cd $(srctree) && $(KCONFIG_ENV) kconfig-conf --defconfig=$(obj)/defconfig.merged Kconfig >/dev/null
	@# A symbol that no Kconfig file defines is dropped by kconfig-conf without a word: an app
	@# of an EXTERNAL tree not given would be left out of the build unseen.
	$(Q)unknown=$$(awk -v merged=$(obj)/defconfig.merged ' \
		FILENAME != merged && ($$1 == "config" || $$1 == "menuconfig") { known["CONFIG_" $$2] = 1 } \
		FILENAME == merged && match($$0, /^(# )?CONFIG_[A-Za-z0-9_]+/) { \
			sym = substr($$0, RSTART, RLENGTH); sub(/^# /, "", sym); \
			if (!(sym in known)) printf " %s", sym }' \
		Kconfig board/Kconfig init/Kconfig $(APP_KCONFIGS) $(obj)/defconfig.merged); \
	[ -z "$$unknown" ] || { echo "ward: $*_defconfig$(if $(DEFCONFIG_FRAGMENTS), and its fragments,) set what no Kconfig defines:$$unknown (apps of an EXTERNAL tree? give EXTERNAL=dir)" >&2; exit 1; }

menuconfig: $(obj)/apps.Kconfig
	$(Q)cd $(srctree) && $(KCONFIG_ENV) kconfig-mconf Kconfig

oldconfig olddefconfig: $(obj)/apps.Kconfig
	$(Q)cd $(srctree) && $(KCONFIG_ENV) kconfig-conf --$@ Kconfig

savedefconfig: $(obj)/apps.Kconfig
	$(Q)cd $(srctree) && $(KCONFIG_ENV) kconfig-conf --savedefconfig=$(obj)/defconfig Kconfig
	@echo "ward: wrote $(obj)/defconfig"

# ---- the generator and the init ---------------------------------------------------
$(obj)/wardgen: $(wildcard scripts/wardgen/*.c scripts/wardgen/*.h)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=c99 -O2 -Wall -Wextra -o $@ $(filter %.c,$^)

NO_CC = ward: no compiler $(CC) for $(ARCH): 'make deps' installs them (as root: musl-tools; \
	gcc-aarch64-linux-gnu and musl-dev:arm64; gcc-arm-linux-gnueabihf and musl-dev:armhf), or \
	give CROSS_COMPILE=prefix or CC=

# The target's system call numbers, as its own compiler sees them: wardgen lays each seccomp
# filter out as a search tree over them (apps.c checks them again when it is compiled).
$(obj)/generated/syscalls.dM: $(wildcard $(obj)/.config)
	$(Q)command -v $(firstword $(CC)) > /dev/null || { echo "$(NO_CC)" >&2; exit 1; }
	$(Q)mkdir -p $(dir $@)
	$(Q)printf '#include <sys/syscall.h>\n' | $(CC) -E -dM -x c - > $@.tmp && mv $@.tmp $@

$(obj)/generated/apps.c $(obj)/generated/config.h &: $(wildcard $(obj)/.config) $(obj)/wardgen \
		$(obj)/generated/syscalls.dM
	$(Q)test -f $(obj)/.config || { echo "ward: no configuration in $(obj): run 'make <board>_defconfig' \
		(boards: $(BOARDS)) or 'make menuconfig'" >&2; exit 1; }
	$(Q)mkdir -p $(dir $@)
	$(Q)$(obj)/wardgen $(obj)/.config $(obj)/generated $(obj)/generated/syscalls.dM

$(obj)/objs/%.o: %.c $(obj)/generated/config.h
	$(Q)mkdir -p $(dir $@)
	$(if $(Q),$(if $(findstring s,$(firstword -$(MAKEFLAGS))),,@echo "  CC      $<"))
	$(Q)$(CC) $(WARD_CFLAGS) -c -o $@ $<

# sandbox/libc_string.c is libc's memcpy, memset and strlen: loops that gcc must not turn back
# into calls, and with no stack canary (musl's start-up copies the TLS image with memcpy
# before the thread pointer that holds the canary is set).
$(obj)/objs/sandbox/libc_string.o: WARD_CFLAGS += -fno-tree-loop-distribute-patterns \
	-fno-stack-protector

$(obj)/generated/apps.o: $(obj)/generated/apps.c
	$(Q)$(CC) $(WARD_CFLAGS) -c -o $@ $<

$(obj)/init: $(INIT_OBJS)
	$(if $(Q),$(if $(findstring s,$(firstword -$(MAKEFLAGS))),,@echo "  LD      $@"))
	$(Q)$(CC) $(WARD_CFLAGS) $(WARD_LDFLAGS) -Wl,-Map=$@.map -o $@ $^
	$(Q)$(DROP_COMMENT)

# ward-run APP: one app of this configuration's table, started on a workstation (as root).
ward-run: $(obj)/ward-run
$(obj)/ward-run: $(RUN_OBJS)
	$(if $(Q),$(if $(findstring s,$(firstword -$(MAKEFLAGS))),,@echo "  LD      $@"))
	$(Q)$(CC) $(WARD_CFLAGS) $(WARD_LDFLAGS) -Wl,-Map=$@.map -o $@ $^
	$(Q)$(DROP_COMMENT)

-include $(INIT_OBJS:.o=.d) $(RUN_SRCS:%.c=$(obj)/objs/%.d)

$(obj)/wardctl/sbin/wardctl: $(obj)/objs/init/wardctl.o
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(WARD_CFLAGS) $(WARD_LDFLAGS) -Wl,-Map=$(obj)/wardctl.map -o $@ $^
	$(Q)$(DROP_COMMENT)
-include $(obj)/objs/init/wardctl.d
wardctl: $(obj)/wardctl/sbin/wardctl

# ---- image and boot ---------------------------------------------------------------
# Made again when the configuration changes: another architecture's would ship otherwise.
define prog_rule
$(obj)/progs/usr/bin/$(basename $(notdir $(1))): $(1) $(obj)/generated/config.h
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)$$(CC) -std=gnu11 -D_GNU_SOURCE -Os -static -s -Wall -Wextra $$(if $$(WERROR),-Werror) -o $$@ $$<
endef
$(foreach p,$(PROG_SRCS),$(eval $(call prog_rule,$(p))))
progs: $(PROG_BINS)

# What a firmware image (Buildroot, Yocto) takes of ward, into its root at DESTDIR: the init
# as /sbin/init and /init (an initramfs runs /init), wardctl, the trees' progs in /usr/bin and
# their overlays, and the mount points PID 1 needs. The kernel modules of WARD_MODULES are the
# image's kernel's, from its tree in DESTDIR/lib/modules/RELEASE (installed first: the one
# there, or KERNEL_RELEASE=): checked and copied to /lib/modules/NAME.ko, where PID 1 loads
# them (see README).
install: $(obj)/init $(obj)/wardctl/sbin/wardctl $(PROG_BINS)
	$(Q)test -n "$(DESTDIR)" || { echo "ward: make install DESTDIR=<the image's root>" >&2; exit 1; }
	$(Q)install -d $(DESTDIR)/sbin $(DESTDIR)/usr/bin $(DESTDIR)/dev $(DESTDIR)/proc \
		$(DESTDIR)/sys $(DESTDIR)/run
	$(Q)install -d -m 1777 $(DESTDIR)/tmp
	$(Q)install -m 0755 $(obj)/init $(DESTDIR)/sbin/init
	$(Q)ln -sfn sbin/init $(DESTDIR)/init
	$(Q)install -m 0755 $(obj)/wardctl/sbin/wardctl $(DESTDIR)/sbin/wardctl
	$(Q)for p in $(PROG_BINS); do install -m 0755 $$p $(DESTDIR)/usr/bin/ || exit 1; done
	$(Q)for d in $(OVERLAYS); do cp -RPp --remove-destination $$d/. $(DESTDIR)/ || exit 1; done
	$(Q)sh scripts/install-modules.sh $(DESTDIR) '$(WARD_MODULES)' $(obj)/install-modules \
		$(KERNEL_RELEASE)
	@echo "ward: installed into $(DESTDIR)"

KERNEL_DIR = $(DL_DIR)/$(ARCH)$(if $(KERNEL_SUITE),-$(KERNEL_SUITE))
image: $(obj)/rootfs.cpio
$(obj)/rootfs.cpio: $(obj)/init $(obj)/wardctl/sbin/wardctl $(PROG_BINS) FORCE
	$(Q)sh scripts/fetch-board.sh $(ARCH) $(DL_DIR) $(KERNEL_SUITE)
	$(Q)sh scripts/mkmodules.sh $(KERNEL_DIR) '$(WARD_MODULES)' $(obj)/modules
	$(Q)sh scripts/mkimage.sh $@ $(obj)/init $(KERNEL_DIR)/busybox rootfs-skel $(OVERLAYS) \
		$(if $(PROG_BINS),$(obj)/progs) $(obj)/modules $(obj)/wardctl

# Boots the board of the configuration in O.
boot: image
	sh scripts/qemu-run.sh $(call board_dir,$(CONFIG_BOARD))/board.conf $(KERNEL_DIR)/kernel $(obj)/rootfs.cpio

# Builds and boots BOARD with its demo apps, in build/BOARD unless O is given.
QEMU_O := $(if $(filter command line,$(origin O)),$(obj),$(srctree)/build/$(BOARD))
qemu: deps
	$(Q)test -f $(QEMU_O)/.config || $(MAKE) --no-print-directory O=$(QEMU_O) $(BOARD)_defconfig
	$(Q)$(MAKE) --no-print-directory O=$(QEMU_O) boot

deps:
	$(Q)sh scripts/install-deps.sh

# ---- tests ------------------------------------------------------------------------
include tests/check.mk

clean:
	rm -rf $(obj)/init $(obj)/wardctl $(obj)/objs $(obj)/generated $(obj)/wardgen $(obj)/rootfs.cpio $(obj)/modules

distclean:
	rm -rf $(obj)

FORCE:
