/* The fake backend's synthetic domains (--fake-domains N): Domain-0 and
 * guests with varied, deterministic loads and traffic, for the refresh
 * benchmark and tests at scale. */
#include "fake.h"

#include <stdio.h>
#include <string.h>

int fake_synthesize(struct fake *f, unsigned n, char *err, size_t errlen)
{
	uint64_t used = 0;
	for (unsigned i = 0; i < n; i++) {
		struct fake_domain *d = fake_add_domain(f);
		if (!d) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		d->id = i;
		if (i == 0) {
			strcpy(d->name, "Domain-0");
			d->vcpus = f->ncpus;
			d->mem_mib = 2048;
			d->maxmem_mib = 0;
			d->load = 0.12;
		} else {
			snprintf(d->name, sizeof d->name, "guest-%04u", i);
			d->vcpus = 1 + i % 4;
			d->mem_mib = d->maxmem_mib = 128u << (i % 3);
			d->load = (double)((i * 37) % 100) / 100.0 * 0.5;
			d->state = i % 5 == 0 ? XT_BLOCKED : XT_RUNNING;
			d->net_rx = (double)((i * 7919) % 100000);
			d->net_tx = (double)((i * 104729) % 50000);
			d->blk_rd = (double)((i * 31) % 20) * 4096;
			d->blk_wr = (double)((i * 17) % 10) * 4096;
		}
		used += d->mem_mib;
	}
	f->total_mib = used + 8192;
	f->free_mib = 8192;
	return 0;
}
