# Benchmarks: numbers measured side by side in one run, reported, never
# asserted.  Components add their own targets to BENCHES from their .mk
# (BENCHES += bench-NAME), as they do to CHECK_SUITES.  The ISO's own come
# first, so a long component benchmark that fails does not hide them.
.PHONY: bench bench-boot bench-size bench-build-time
DEPS_DEB += gnuplot-nox
BENCHES := bench-size bench-boot bench-build-time $(BENCHES)

# The accelerator is decided once, so no figure of one run is taken under
# another (each benchmark also prints it).
bench: | deps
	@accel=$$(scripts/accel.sh $(ACCEL)) && echo "accelerator: $$accel" && \
	 for b in $(BENCHES); do ACCEL=$$accel $(MAKE) --no-print-directory $$b || exit 1; done

bench-boot: $(ISO) | deps
	@bench/boot.sh $(ISO)

bench-size: $(ISO) | deps
	@GUESTS_TREE='$(GUESTS_TREE)' bench/size.sh $(ISO)

bench-build-time: | deps
	+@$(unless_dry_run) bench/build-time.sh
