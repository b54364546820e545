# Benchmarks: report numbers measured side by side, never assert.
BENCHES = boot
.PHONY: bench
bench: $(ISO) | deps
	@for b in $(BENCHES); do bench/$$b.sh $(ISO) || exit 1; done
