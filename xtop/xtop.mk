# xtop: the ncurses monitor and launcher for Xen domains, and xenlive-spawn,
# the command-line front end of the same launch module.  Everything builds
# under $(O)/xtop; `make xtop` builds the release binaries, `make
# check-xtop` runs the whole test suite, `make bench-xtop` reports the cost
# of a refresh.
DEPS_DEB += gcc clang libxen-dev libncurses-dev pkg-config valgrind tmux man-db
CHECK_SUITES += xtop
BENCHES += bench-xtop

XTOP_DIR := xtop
XTOP_OUT = $(O)/xtop
XTOP_BIN = $(XTOP_OUT)/xtop
XENLIVE_SPAWN_BIN = $(XTOP_OUT)/xenlive-spawn
# An HVM guest's screen (its device model's VNC) on the PC's framebuffer.
XENLIVE_VNC_BIN = $(XTOP_OUT)/xenlive-vnc
XTOP_MAN = xtop/xtop.1

# pkg-config is asked lazily (=), so `make -n` and unrelated targets work
# before `make deps` has installed the Xen headers.
# xtop reads Xen through xenctrl and xenstore; libxenstat's header serves
# only the stand-in below (tests/xenstat_shim.c).
XTOP_XEN_CFLAGS = $(shell pkg-config --cflags xencontrol xenstore 2>/dev/null)
XTOP_XEN_LIBS = $(shell pkg-config --libs xencontrol xenstore 2>/dev/null || echo -lxenctrl -lxenstore)
XTOP_XENSTAT_CFLAGS = $(shell pkg-config --cflags xenstat 2>/dev/null)
XTOP_CURSES_CFLAGS = $(shell pkg-config --cflags ncursesw 2>/dev/null)
XTOP_CURSES_LIBS = $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo)

XTOP_WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral
XTOP_CFLAGS_COMMON = -std=c11 $(XTOP_WARN) -D_FORTIFY_SOURCE=2 -MMD -MP

# The layers, each using only those before it:
#   util/     running programs, formatting, parsing numbers
#   backend/  the data-source and control contract: xen (xenctrl, xenstore,
#             Domain-0's /proc and sysfs, QMP; xl for actions), fake
#   model/    statistics, fields, the options struct and saved settings, the
#             guest catalogue, launching
#   ui/       the curses screens (never a Xen header, never xl)
#   cmd/      the programs' mains: xtop (its command line and batch mode),
#             xenlive-spawn, xenlive-vnc (stand-alone: it uses none of the
#             layers)
# Shared by xtop, xenlive-spawn and the unit tests:
XTOP_CORE_SRC = util/proc.c util/format.c util/parse.c backend/common.c backend/media.c backend/fake.c \
	backend/fake_script.c backend/fake_gen.c backend/xl.c backend/dom0.c \
	model/stats.c model/fields.c model/settings.c model/catalog.c model/media.c model/launch.c model/control.c
# xtop's own command line and batch output (and their unit tests):
XTOP_CMD_SRC = cmd/options.c cmd/batch.c
XTOP_XEN_SRC = backend/xen.c
XTOP_UI_SRC = ui/app.c ui/term.c ui/draw.c ui/message.c ui/bench.c ui/table.c ui/help.c ui/confirm.c ui/prompt.c ui/actions.c \
	ui/launch_dialog.c ui/domain_menu.c ui/value_dialog.c ui/search.c ui/sort_menu.c ui/detail.c

# $(call xtop-variant,NAME,CC,EXTRA_CFLAGS,EXTRA_LDFLAGS) defines the
# object rules and binaries of one build flavour under $(XTOP_OUT)/NAME.
define xtop-variant
XTOP_$(1)_DIR = $$(XTOP_OUT)/$(1)
XTOP_$(1)_CORE = $$(addprefix $$(XTOP_$(1)_DIR)/,$$(XTOP_CORE_SRC:.c=.o))
XTOP_$(1)_XEN = $$(addprefix $$(XTOP_$(1)_DIR)/,$$(XTOP_XEN_SRC:.c=.o))
XTOP_$(1)_UI = $$(addprefix $$(XTOP_$(1)_DIR)/,$$(XTOP_UI_SRC:.c=.o))
XTOP_$(1)_CMD = $$(addprefix $$(XTOP_$(1)_DIR)/,$$(XTOP_CMD_SRC:.c=.o))

$$(XTOP_$(1)_DIR)/%.o: $$(XTOP_DIR)/%.c
	@mkdir -p $$(@D)
	$(2) $$(XTOP_CFLAGS_COMMON) $(3) $$(XTOP_CURSES_CFLAGS) -c $$< -o $$@

# xenctrl.h uses anonymous unions, a GNU extension: only this file gets gnu11.
$$(XTOP_$(1)_DIR)/backend/xen.o: $$(XTOP_DIR)/backend/xen.c
	@mkdir -p $$(@D)
	$(2) $$(XTOP_CFLAGS_COMMON) -std=gnu11 $(3) $$(XTOP_XEN_CFLAGS) -c $$< -o $$@

$$(XTOP_$(1)_DIR)/xtop: $$(XTOP_$(1)_DIR)/cmd/xtop.o $$(XTOP_$(1)_CMD) $$(XTOP_$(1)_UI) $$(XTOP_$(1)_CORE) $$(XTOP_$(1)_XEN)
	$(2) $(3) -o $$@ $$^ $(4) $$(XTOP_CURSES_LIBS) $$(XTOP_XEN_LIBS) -lm

$$(XTOP_$(1)_DIR)/xenlive-spawn: $$(XTOP_$(1)_DIR)/cmd/xenlive-spawn.o $$(XTOP_$(1)_CORE) $$(XTOP_$(1)_XEN)
	$(2) $(3) -o $$@ $$^ $(4) $$(XTOP_XEN_LIBS) -lm

$$(XTOP_$(1)_DIR)/xenlive-vnc: $$(XTOP_$(1)_DIR)/cmd/xenlive-vnc.o
	$(2) $(3) -o $$@ $$^ $(4)

$$(XTOP_$(1)_DIR)/unit-tests: $$(XTOP_$(1)_DIR)/tests/unit/test_main.o $$(XTOP_$(1)_CMD) $$(XTOP_$(1)_CORE)
	$(2) $(3) -o $$@ $$^ $(4) -lm

-include $$(shell find $$(XTOP_$(1)_DIR) -name '*.d' 2>/dev/null)
endef

XTOP_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
$(eval $(call xtop-variant,gcc,gcc,-O2 -g,))
$(eval $(call xtop-variant,clang,clang,-O2 -g,))
$(eval $(call xtop-variant,asan,clang,-O1 -g -fno-omit-frame-pointer $$(XTOP_SAN),$$(XTOP_SAN)))

# The catalogue parser under libFuzzer (run for a bounded time by the tests).
$(XTOP_OUT)/fuzz-catalog: xtop/tests/fuzz_catalog.c xtop/model/catalog.c xtop/model/catalog.h xtop/util/parse.c
	@mkdir -p $(@D)
	clang -std=c11 $(XTOP_WARN) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ xtop/tests/fuzz_catalog.c \
		xtop/model/catalog.c xtop/util/parse.c

# A stand-in libxenstat on the fake backend, so Xen's own xentop can print a
# fake scenario for the golden-format tests (tests/golden).  It carries the
# real library's soname and symbol version; gnu11 as for xen.c.
XTOP_SHIM = $(XTOP_OUT)/shim/libxenstat.so.4.17
$(XTOP_SHIM): xtop/tests/xenstat_shim.c xtop/backend/fake.c xtop/backend/fake_script.c xtop/backend/fake_gen.c \
		xtop/backend/common.c xtop/util/parse.c xtop/backend/backend.h xtop/backend/fake.h
	@mkdir -p $(@D)
	echo 'VERS_4.17.0 { global: xenstat_*; local: *; };' >$(@D)/shim.map
	gcc $(XTOP_CFLAGS_COMMON) -std=gnu11 -O1 -g -fPIC -shared $(XTOP_XENSTAT_CFLAGS) -Wl,--version-script=$(@D)/shim.map \
		-Wl,-soname,libxenstat.so.4.17 -o $@ $(filter %.c,$^)

# The program a guest workload runs (backend/guest-workload.sh, at the path
# backend/xl.h names), staged in $(XTOP_TREE), which livecd copies into the
# dom0 root.
XTOP_TREE = $(XTOP_OUT)/tree
XTOP_TREE_STAMP = $(XTOP_TREE)/.done
$(XTOP_TREE_STAMP): xtop/backend/guest-workload.sh
	rm -rf $(XTOP_TREE)
	install -D -m 0755 $< $(XTOP_TREE)/usr/lib/xenlive/guest-workload
	touch $@

# The release binaries are the gcc build, copied so their paths stay short.
$(XTOP_BIN): $(XTOP_OUT)/gcc/xtop
	cp $< $@
$(XENLIVE_SPAWN_BIN): $(XTOP_OUT)/gcc/xenlive-spawn
	cp $< $@
$(XENLIVE_VNC_BIN): $(XTOP_OUT)/gcc/xenlive-vnc
	cp $< $@

.PHONY: xtop check-xtop bench-xtop
xtop: $(XTOP_BIN) $(XENLIVE_SPAWN_BIN) $(XENLIVE_VNC_BIN) $(XTOP_TREE_STAMP)

XTOP_TEST_BINS = $(foreach v,gcc clang asan,$(XTOP_OUT)/$(v)/xtop $(XTOP_OUT)/$(v)/xenlive-spawn \
	$(XTOP_OUT)/$(v)/xenlive-vnc $(XTOP_OUT)/$(v)/unit-tests) \
	$(XTOP_OUT)/fuzz-catalog $(XTOP_SHIM)

check-xtop: $(XTOP_BIN) $(XENLIVE_SPAWN_BIN) $(XENLIVE_VNC_BIN) $(XTOP_TEST_BINS) $(XTOP_TREE_STAMP) | deps
	@$(run_suite) xtop/tests/run.sh $(XTOP_OUT)

bench-xtop: $(XTOP_OUT)/gcc/xtop | deps
	@xtop/bench/refresh-cost.sh $(XTOP_OUT)/gcc/xtop
