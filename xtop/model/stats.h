/* Turns successive samples into rates: CPU %, network and block bytes/s,
 * and a CPU history per domain.  Domains are matched across samples by id
 * AND identity (UUID, and CPU time that never runs backwards), so a reused
 * domain id starts fresh instead of producing a bogus delta. */
#ifndef XTOP_STATS_H
#define XTOP_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../backend/backend.h"

#define XT_HISTORY 60
/* The domain page's graphs (ui/detail.c) look further back than the
 * table's sparkline: CPU% and memory over the last XT_LONG_HISTORY samples.
 * They live outside the views, which are copied at every refresh: each
 * domain has a slot in two planes laid out time-major, so one refresh
 * writes one row of each, side by side, instead of a ring per domain. */
#define XT_LONG_HISTORY 120

enum xt_cpu_mode { XT_CPU_PCPU, XT_CPU_VCPU, XT_CPU_HOST, XT_CPU_MODES };

struct xt_domain_view {
	struct xt_domain_sample s;
	bool rates_known;           /* false for one interval after first sighting */
	double cpu_pct;             /* 100 = one physical CPU */
	double net_rx_rate, net_tx_rate, blk_rd_rate, blk_wr_rate; /* bytes/s */
	float history[XT_HISTORY];  /* cpu_pct, oldest first */
	unsigned hist_len;
	uint64_t first_seen_ns;
	uint32_t ring;              /* 1 + its slot in the long history; 0: none */
	unsigned ring_len;          /* samples held there */
	/* Where this domain's devices were in the previous sample, for their
	 * rates (prev_ok: both samples collected them). */
	size_t prev_net_first, prev_vbd_first, prev_vcpu_first;
	unsigned prev_nets, prev_vbds, prev_vcpus;
	bool prev_ok;
};

struct xt_host_view {
	char xen_version[32];
	unsigned ncpus;
	uint64_t cpu_hz;
	uint64_t total_mem_bytes, free_mem_bytes;
	unsigned guest_types;       /* enum xt_guest_type bits this host runs */
	double uptime_s;
	int64_t wall_time;
	double busy_pct;            /* all domains, 100 = every physical CPU */
	bool busy_known;
	unsigned running, blocked, paused, crashed, dying, shutdown;
};

struct xt_stats {
	struct xt_domain_view *views;   /* sorted by id */
	size_t n, cap;
	struct xt_domain_view *spare;   /* the previous array, reused */
	size_t spare_cap;
	struct xt_host_view host;
	uint64_t last_ns;
	double elapsed_s;               /* length of the last interval */
	unsigned samples;
	struct xt_devices devices;      /* the last sample's, when it had them */
	struct xt_devices prev_devices; /* the one before's */
	bool devices_collected;         /* the last sample had want_devices */
	/* The long histories: [time][slot] planes of cpu_pct (100 = one pCPU)
	 * and MiB, the row written next, and the free slots (1-based). */
	float *hist_cpu, *hist_mem;
	unsigned hist_head;
	uint32_t *free_rings;
	size_t rings_cap, nfree_rings;
	/* When each of the last samples was taken, for the graphs' time span. */
	uint64_t times[XT_LONG_HISTORY + 1];
	unsigned times_head, times_len;
};

void xt_stats_init(struct xt_stats *);
void xt_stats_free(struct xt_stats *);
/* Folds in a new sample (whose domains it may reorder).  0 or -1 (OOM). */
int xt_stats_update(struct xt_stats *, struct xt_sample *);
/* The domain's CPU % expressed in the given mode. */
double xt_cpu_in_mode(const struct xt_domain_view *, enum xt_cpu_mode, unsigned host_cpus);
const char *xt_cpu_mode_name(enum xt_cpu_mode);
const struct xt_domain_view *xt_stats_find(const struct xt_stats *, uint32_t id);
/* A domain's networks, VBDs and vCPUs from the last sample, or NULL when
 * it has none or the sample did not collect them (want_devices). */
const struct xt_net_sample *xt_view_nets(const struct xt_stats *, const struct xt_domain_view *);
const struct xt_vbd_sample *xt_view_vbds(const struct xt_stats *, const struct xt_domain_view *);
const struct xt_vcpu_sample *xt_view_vcpus(const struct xt_stats *, const struct xt_domain_view *);

/* Copies the last (up to max) points of a domain's long history, oldest
 * first, into cpu and mem_mib (either may be NULL); returns how many. */
unsigned xt_view_history(const struct xt_stats *, const struct xt_domain_view *, float *cpu, float *mem_mib,
			 unsigned max);
/* Seconds that the last n points of any history cover, 0 when unknown. */
double xt_history_span_s(const struct xt_stats *, unsigned n);
/* Rates of a domain's device j since the previous sample: bytes/s read
 * and written (a network's rx and tx), or a vCPU's CPU% (100 = one pCPU).
 * False while unknown (new device, or devices not collected twice). */
bool xt_view_net_rates(const struct xt_stats *, const struct xt_domain_view *, unsigned j, double *rx, double *tx);
bool xt_view_vbd_rates(const struct xt_stats *, const struct xt_domain_view *, unsigned j, double *rd, double *wr);
bool xt_view_vcpu_pct(const struct xt_stats *, const struct xt_domain_view *, unsigned j, double *pct);

/* True when name contains filter, ignoring case ("" matches all). */
bool xt_name_matches(const char *name, const char *filter);
/* Puts the views whose name contains filter (case-insensitive; "" takes
 * all) into out (room for st->n) and returns how many. */
size_t xt_filter_views(const struct xt_stats *st, const char *filter, const struct xt_domain_view **out);

#endif
