#include "stats.h"

#include <stdlib.h>
#include <string.h>

void xt_stats_init(struct xt_stats *st)
{
	memset(st, 0, sizeof *st);
}

void xt_stats_free(struct xt_stats *st)
{
	free(st->views);
	free(st->spare);
	xt_devices_free(&st->devices);
	xt_devices_free(&st->prev_devices);
	free(st->hist_cpu);
	free(st->hist_mem);
	free(st->free_rings);
	memset(st, 0, sizeof *st);
}

static int compare_sample_id(const void *a, const void *b)
{
	uint32_t x = ((const struct xt_domain_sample *)a)->id, y = ((const struct xt_domain_sample *)b)->id;
	return (x > y) - (x < y);
}

const struct xt_domain_view *xt_stats_find(const struct xt_stats *st, uint32_t id)
{
	size_t lo = 0, hi = st->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->views[mid].s.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < st->n && st->views[lo].s.id == id ? &st->views[lo] : NULL;
}

static double rate(uint64_t now, uint64_t before, double secs)
{
	/* Counters that go backwards (device replugged) give no rate, not a
	 * huge unsigned one. */
	return now >= before ? (double)(now - before) / secs : 0.0;
}

/* Makes the planes room for cap slots, keeping what they hold. */
static bool grow_planes(struct xt_stats *st, size_t cap)
{
	float *planes[2] = { st->hist_cpu, st->hist_mem }, *grown[2];
	for (int p = 0; p < 2; p++) {
		grown[p] = malloc(XT_LONG_HISTORY * cap * sizeof *grown[p]);
		if (!grown[p]) {
			free(p ? grown[0] : NULL);
			return false;
		}
		for (size_t t = 0; planes[p] && t < XT_LONG_HISTORY; t++)
			memcpy(grown[p] + t * cap, planes[p] + t * st->rings_cap, st->rings_cap * sizeof *grown[p]);
	}
	free(st->hist_cpu);
	free(st->hist_mem);
	st->hist_cpu = grown[0];
	st->hist_mem = grown[1];
	return true;
}

/* A free slot (1-based), or 0 when out of memory: the domain then goes
 * without a long history, which is no reason to stop. */
static uint32_t ring_take(struct xt_stats *st)
{
	if (!st->nfree_rings) {
		size_t cap = st->rings_cap ? st->rings_cap * 2 : 16;
		uint32_t *free_rings = realloc(st->free_rings, cap * sizeof *free_rings);
		if (!free_rings)
			return 0;
		st->free_rings = free_rings;
		if (!grow_planes(st, cap))
			return 0;
		/* Lowest first, so live slots stay dense. */
		for (size_t i = cap; i-- > st->rings_cap;)
			st->free_rings[st->nfree_rings++] = (uint32_t)i + 1;
		st->rings_cap = cap;
	}
	return st->free_rings[--st->nfree_rings];
}

static void ring_push(struct xt_stats *st, struct xt_domain_view *v, float cpu, float mem_mib)
{
	if (!v->ring)
		return;
	size_t at = st->hist_head * st->rings_cap + (v->ring - 1);
	st->hist_cpu[at] = cpu;
	st->hist_mem[at] = mem_mib;
	if (v->ring_len < XT_LONG_HISTORY)
		v->ring_len++;
}

static bool same_domain(const struct xt_domain_sample *now, const struct xt_domain_sample *before)
{
	return memcmp(now->uuid, before->uuid, sizeof now->uuid) == 0 && now->cpu_ns >= before->cpu_ns &&
	       (now->start_time == 0 || before->start_time == 0 || now->start_time == before->start_time);
}

int xt_stats_update(struct xt_stats *st, struct xt_sample *sample)
{
	size_t n = sample->ndomains;
	if (st->spare_cap < n) {
		size_t cap = n + n / 2 + 16;
		struct xt_domain_view *grown = realloc(st->spare, cap * sizeof *grown);
		if (!grown)
			return -1;
		st->spare = grown;
		st->spare_cap = cap;
	}
	/* Copied, not borrowed: the views must stay readable after the caller
	 * reuses its sample for the next collection. */
	struct xt_devices older = st->prev_devices;
	st->prev_devices = st->devices;
	st->devices = older;
	if (xt_devices_copy(&st->devices, &sample->devices) < 0)
		return -1;
	bool devices_twice = st->devices_collected && sample->want_devices;
	st->devices_collected = sample->want_devices;
	qsort(sample->domains, n, sizeof *sample->domains, compare_sample_id);

	bool have_prev = st->samples > 0 && sample->mono_ns > st->last_ns;
	double secs = have_prev ? (double)(sample->mono_ns - st->last_ns) / 1e9 : 0.0;
	struct xt_host_view *h = &st->host;
	memset(h, 0, sizeof *h);
	memcpy(h->xen_version, sample->xen_version, sizeof h->xen_version);
	h->ncpus = sample->ncpus;
	h->guest_types = sample->guest_types;
	h->cpu_hz = sample->cpu_hz;
	h->total_mem_bytes = sample->total_mem_bytes;
	h->free_mem_bytes = sample->free_mem_bytes;
	h->uptime_s = sample->host_uptime_s;
	h->wall_time = sample->wall_time;
	double busy_ns = 0;

	/* Both arrays are sorted by id: walk them together. */
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		const struct xt_domain_sample *s = &sample->domains[i];
		struct xt_domain_view *v = &st->spare[i];
		while (j < st->n && st->views[j].s.id < s->id)
			j++;
		struct xt_domain_view *old =
			j < st->n && st->views[j].s.id == s->id && same_domain(s, &st->views[j].s) ? &st->views[j] : NULL;
		if (old && have_prev) {
			*v = *old;
			old->ring = 0;          /* handed on */
			v->prev_ok = devices_twice;
			v->prev_net_first = old->s.net_first;
			v->prev_vbd_first = old->s.vbd_first;
			v->prev_vcpu_first = old->s.vcpu_first;
			v->prev_nets = old->s.nets;
			v->prev_vbds = old->s.vbds;
			v->prev_vcpus = old->s.vcpus;
			v->rates_known = true;
			v->cpu_pct = (double)(s->cpu_ns - old->s.cpu_ns) / (secs * 1e9) * 100.0;
			busy_ns += (double)(s->cpu_ns - old->s.cpu_ns);
			v->net_rx_rate = rate(s->net_rx_bytes, old->s.net_rx_bytes, secs);
			v->net_tx_rate = rate(s->net_tx_bytes, old->s.net_tx_bytes, secs);
			v->blk_rd_rate = rate(s->vbd_rd_sect, old->s.vbd_rd_sect, secs) * 512.0;
			v->blk_wr_rate = rate(s->vbd_wr_sect, old->s.vbd_wr_sect, secs) * 512.0;
			if (v->hist_len == XT_HISTORY) {
				memmove(v->history, v->history + 1, (XT_HISTORY - 1) * sizeof v->history[0]);
				v->hist_len--;
			}
			v->history[v->hist_len++] = (float)v->cpu_pct;
			ring_push(st, v, (float)v->cpu_pct, (float)((double)s->mem_bytes / (1024.0 * 1024.0)));
		} else {
			memset(v, 0, sizeof *v);
			v->first_seen_ns = sample->mono_ns;
			v->ring = ring_take(st);
		}
		v->s = *s;
		if (s->state & XT_RUNNING)
			h->running++;
		else if (s->state & XT_BLOCKED)
			h->blocked++;
		else if (s->state & XT_PAUSED)
			h->paused++;
		else if (s->state & XT_SHUTDOWN)
			h->shutdown++;
		else if (s->state & XT_CRASHED)
			h->crashed++;
		else if (s->state & XT_DYING)
			h->dying++;
	}
	if (have_prev && h->ncpus) {
		h->busy_pct = busy_ns / (secs * 1e9 * h->ncpus) * 100.0;
		h->busy_known = true;
	}
	/* Rings of domains that went (or started afresh) are free again. */
	for (size_t i = 0; i < st->n; i++)
		if (st->views[i].ring)
			st->free_rings[st->nfree_rings++] = st->views[i].ring;
	st->hist_head = (st->hist_head + 1) % XT_LONG_HISTORY;
	st->times[st->times_head] = sample->mono_ns;
	st->times_head = (st->times_head + 1) % (XT_LONG_HISTORY + 1);
	if (st->times_len < XT_LONG_HISTORY + 1)
		st->times_len++;
	struct xt_domain_view *tmp = st->views;
	size_t tmp_cap = st->cap;
	st->views = st->spare;
	st->cap = st->spare_cap;
	st->n = n;
	st->spare = tmp;
	st->spare_cap = tmp_cap;
	st->elapsed_s = secs;
	st->last_ns = sample->mono_ns;
	st->samples++;
	return 0;
}

double xt_cpu_in_mode(const struct xt_domain_view *v, enum xt_cpu_mode mode, unsigned host_cpus)
{
	switch (mode) {
	case XT_CPU_VCPU:
		return v->s.vcpus ? v->cpu_pct / v->s.vcpus : 0.0;
	case XT_CPU_HOST:
		return host_cpus ? v->cpu_pct / host_cpus : 0.0;
	default:
		return v->cpu_pct;
	}
}

const char *xt_cpu_mode_name(enum xt_cpu_mode mode)
{
	switch (mode) {
	case XT_CPU_VCPU: return "% of own vCPUs";
	case XT_CPU_HOST: return "% of host";
	default: return "% of one pCPU";
	}
}

const struct xt_net_sample *xt_view_nets(const struct xt_stats *st, const struct xt_domain_view *v)
{
	const struct xt_devices *d = &st->devices;
	return v->s.nets && v->s.net_first + v->s.nets <= d->nnet ? &d->net[v->s.net_first] : NULL;
}

const struct xt_vbd_sample *xt_view_vbds(const struct xt_stats *st, const struct xt_domain_view *v)
{
	const struct xt_devices *d = &st->devices;
	return v->s.vbds && v->s.vbd_first + v->s.vbds <= d->nvbd ? &d->vbd[v->s.vbd_first] : NULL;
}

const struct xt_vcpu_sample *xt_view_vcpus(const struct xt_stats *st, const struct xt_domain_view *v)
{
	const struct xt_devices *d = &st->devices;
	return v->s.vcpus && v->s.vcpu_first + v->s.vcpus <= d->nvcpu ? &d->vcpu[v->s.vcpu_first] : NULL;
}

unsigned xt_view_history(const struct xt_stats *st, const struct xt_domain_view *v, float *cpu, float *mem_mib,
			 unsigned max)
{
	if (!v->ring || v->ring > st->rings_cap)
		return 0;
	unsigned n = v->ring_len < max ? v->ring_len : max;
	/* The newest sits in the row before hist_head. */
	for (unsigned i = 0; i < n; i++) {
		size_t t = (st->hist_head + XT_LONG_HISTORY - n + i) % XT_LONG_HISTORY;
		size_t at = t * st->rings_cap + (v->ring - 1);
		if (cpu)
			cpu[i] = st->hist_cpu[at];
		if (mem_mib)
			mem_mib[i] = st->hist_mem[at];
	}
	return n;
}

double xt_history_span_s(const struct xt_stats *st, unsigned n)
{
	if (n == 0 || n >= st->times_len)
		return 0;
	const unsigned size = XT_LONG_HISTORY + 1;
	uint64_t last = st->times[(st->times_head + size - 1) % size];
	uint64_t first = st->times[(st->times_head + size - 1 - n) % size];
	return (double)(last - first) / 1e9;
}

bool xt_view_net_rates(const struct xt_stats *st, const struct xt_domain_view *v, unsigned j, double *rx, double *tx)
{
	const struct xt_net_sample *now = xt_view_nets(st, v);
	if (!now || !v->prev_ok || j >= v->s.nets || j >= v->prev_nets || st->elapsed_s <= 0 ||
	    v->prev_net_first + v->prev_nets > st->prev_devices.nnet)
		return false;
	const struct xt_net_sample *before = &st->prev_devices.net[v->prev_net_first];
	*rx = rate(now[j].rx_bytes, before[j].rx_bytes, st->elapsed_s);
	*tx = rate(now[j].tx_bytes, before[j].tx_bytes, st->elapsed_s);
	return true;
}

bool xt_view_vbd_rates(const struct xt_stats *st, const struct xt_domain_view *v, unsigned j, double *rd, double *wr)
{
	const struct xt_vbd_sample *now = xt_view_vbds(st, v);
	if (!now || !v->prev_ok || j >= v->s.vbds || j >= v->prev_vbds || st->elapsed_s <= 0 ||
	    v->prev_vbd_first + v->prev_vbds > st->prev_devices.nvbd)
		return false;
	const struct xt_vbd_sample *before = &st->prev_devices.vbd[v->prev_vbd_first];
	if (now[j].error || before[j].error || now[j].dev != before[j].dev)
		return false;
	*rd = rate(now[j].rd_sect, before[j].rd_sect, st->elapsed_s) * 512.0;
	*wr = rate(now[j].wr_sect, before[j].wr_sect, st->elapsed_s) * 512.0;
	return true;
}

bool xt_view_vcpu_pct(const struct xt_stats *st, const struct xt_domain_view *v, unsigned j, double *pct)
{
	const struct xt_vcpu_sample *now = xt_view_vcpus(st, v);
	if (!now || !v->prev_ok || j >= v->s.vcpus || j >= v->prev_vcpus || st->elapsed_s <= 0 ||
	    v->prev_vcpu_first + v->prev_vcpus > st->prev_devices.nvcpu)
		return false;
	const struct xt_vcpu_sample *before = &st->prev_devices.vcpu[v->prev_vcpu_first];
	*pct = rate(now[j].ns, before[j].ns, st->elapsed_s) / 1e9 * 100.0;
	return true;
}

bool xt_name_matches(const char *name, const char *filter)
{
	size_t fl = strlen(filter);
	if (!fl)
		return true;
	for (const char *p = name; *p; p++) {
		size_t i = 0;
		while (i < fl && p[i] && ((p[i] | 32) == (filter[i] | 32) ||
					  (p[i] == filter[i])))
			i++;
		if (i == fl)
			return true;
	}
	return false;
}

size_t xt_filter_views(const struct xt_stats *st, const char *filter, const struct xt_domain_view **out)
{
	size_t n = 0;
	for (size_t i = 0; i < st->n; i++)
		if (xt_name_matches(st->views[i].s.name, filter))
			out[n++] = &st->views[i];
	return n;
}
