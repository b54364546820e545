# The pool: Xen Live machines on one LAN find each other and live-migrate
# guests (xenlive-pool; docs/pool.md).  The Python package xenlive_pool/
# and its command xenlive-pool are staged in $(POOL_TREE), which livecd
# copies into the dom0 root as /usr/lib/xenlive/pool/ and
# /usr/sbin/xenlive-pool.  Its systemd units and
# dom0's SSH settings for it are in livecd/rootfs-overlay and
# guest-images/dom0.
#
# Defines for livecd: POOL_TREE, POOL_STAMP (the tree and the file target
# that builds it).  Targets: pool, check-pool-unit (its unit tests, in
# seconds, no VM; the two-machine tests are tests/pool, make check-pool).
DEPS_DEB += python3
CHECK_SUITES += pool-unit

POOL_TREE = $(O)/pool/tree
POOL_STAMP = $(POOL_TREE)/.done
POOL_FILES := $(sort $(wildcard livecd/pool/xenlive_pool/*.py))
POOL_LIST = $(FILE_LISTS)/pool
$(POOL_LIST): FORCE
	@$(call write_if_changed,$(POOL_FILES))

# Xen's per-guest overhead is xtop's (XT_GUEST_OVERHEAD_MIB in launch.h):
# install.sh writes it into the package, so both fit checks count the same.
$(POOL_STAMP): livecd/pool/install.sh livecd/pool/xenlive-pool $(POOL_FILES) $(POOL_LIST) xtop/model/launch.h \
		livecd/pool/pool.mk
	@livecd/pool/install.sh $(POOL_TREE) xtop/model/launch.h

.PHONY: pool check-pool-unit
pool: $(POOL_STAMP)

# The package as staged for the dom0 root (the command included):
# announcements and replay, peers and state, the files a join writes, the
# command line's bad input.  Python's unittest; livecd/pool/tests/run.py.
check-pool-unit: $(POOL_STAMP) | deps
	@$(run_suite) python3 -B livecd/pool/tests/run.py $(POOL_TREE)
