#define _POSIX_C_SOURCE 200809L
#include "fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/format.h"
#include "catalog.h"

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_double(double a, double b)
{
	return (a > b) - (a < b);
}

static int cmp_name(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	(void)c;
	int r = strcasecmp(a->s.name, b->s.name);
	return r ? r : strcmp(a->s.name, b->s.name);
}

static void pr_name(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	(void)c;
	xt_sanitize(buf, len, v->s.name);
}

static int cmp_id(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	(void)c;
	return cmp_u64(a->s.id, b->s.id);
}

static void pr_id(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	(void)c;
	/* A saved guest is no domain: its row's id is only a key. */
	if (v->s.state & XT_SAVED)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%u", v->s.id);
}

static int cmp_state(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	(void)c;
	return cmp_u64(a->s.state, b->s.state);
}

static void pr_state(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	(void)c;
	if (v->s.state & XT_SAVED)
		snprintf(buf, len, "saved");
	else
		xt_fmt_state(buf, len, v->s.state);
}

/* Unknown rates sort below every known one. */
static double cpu_key(const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	return v->rates_known ? xt_cpu_in_mode(v, c->cpu_mode, c->host ? c->host->ncpus : 1) : -1.0;
}

static int cmp_cpu(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	return cmp_double(cpu_key(a, c), cpu_key(b, c));
}

static void pr_cpu(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	if (!v->rates_known)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f", cpu_key(v, c));
}

static int cmp_vcpus(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	(void)c;
	return cmp_u64(a->s.vcpus, b->s.vcpus);
}

/* "2", or "1/2" when only some of them are online. */
static void pr_vcpus(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	(void)c;
	if (v->s.vcpus_online && v->s.vcpus_online < v->s.vcpus)
		snprintf(buf, len, "%u/%u", v->s.vcpus_online, v->s.vcpus);
	else
		snprintf(buf, len, "%u", v->s.vcpus);
}

static int cmp_mem(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	(void)c;
	return cmp_u64(a->s.mem_bytes, b->s.mem_bytes);
}

static void pr_mem(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	(void)c;
	xt_fmt_size(buf, len, v->s.mem_bytes);
}

static int cmp_maxmem(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	(void)c;
	return cmp_u64(a->s.maxmem_bytes, b->s.maxmem_bytes);
}

static void pr_maxmem(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	(void)c;
	if (v->s.maxmem_bytes == XT_MEM_UNLIMITED)
		snprintf(buf, len, "none");
	else
		xt_fmt_size(buf, len, v->s.maxmem_bytes);
}

static void pr_mempct(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	if (!c->host || !c->host->total_mem_bytes)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f", (double)v->s.mem_bytes * 100.0 / (double)c->host->total_mem_bytes);
}

#define RATE_FIELD(fname, member)                                                                       \
	static int cmp_##fname(const struct xt_domain_view *a, const struct xt_domain_view *b,           \
			       const struct xt_fmt_ctx *c)                                               \
	{                                                                                               \
		(void)c;                                                                                \
		return cmp_double(a->rates_known ? a->member : -1, b->rates_known ? b->member : -1);   \
	}                                                                                               \
	static void pr_##fname(char *buf, size_t len, const struct xt_domain_view *v,                    \
			       const struct xt_fmt_ctx *c)                                               \
	{                                                                                               \
		(void)c;                                                                                \
		if (!v->rates_known)                                                                    \
			snprintf(buf, len, "-");                                                        \
		else                                                                                    \
			xt_fmt_rate(buf, len, v->member);                                               \
	}
RATE_FIELD(netrx, net_rx_rate)
RATE_FIELD(nettx, net_tx_rate)
RATE_FIELD(blkrd, blk_rd_rate)
RATE_FIELD(blkwr, blk_wr_rate)

static double uptime_of(const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	return v->s.start_time > 0 && c->now >= v->s.start_time ? (double)(c->now - v->s.start_time) : -1;
}

static int cmp_uptime(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	return cmp_double(uptime_of(a, c), uptime_of(b, c));
}

static void pr_uptime(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	xt_fmt_duration(buf, len, uptime_of(v, c));
}

static int cmp_weight(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	(void)c;
	return a->s.weight - b->s.weight;
}

static void pr_weight(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	(void)c;
	if (v->s.weight < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%d", v->s.weight);
}

static int cmp_cap(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	(void)c;
	return a->s.cap - b->s.cap;
}

/* Cap 0 is "no cap". */
static void pr_cap(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	(void)c;
	if (v->s.cap < 0)
		snprintf(buf, len, "-");
	else if (v->s.cap == 0)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "%d%%", v->s.cap);
}

static int cmp_target(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	(void)c;
	return cmp_u64(a->s.target_bytes, b->s.target_bytes);
}

static void pr_target(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	(void)c;
	if (!v->s.target_bytes)
		snprintf(buf, len, "-");
	else
		xt_fmt_size(buf, len, v->s.target_bytes);
}

static int cmp_type(const struct xt_domain_view *a, const struct xt_domain_view *b, const struct xt_fmt_ctx *c)
{
	(void)c;
	return (int)a->s.type - (int)b->s.type;
}

static void pr_type(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	(void)c;
	snprintf(buf, len, "%s", v->s.type ? xt_guest_type_name(v->s.type) : "-");
}

static void pr_history(char *buf, size_t len, const struct xt_domain_view *v, const struct xt_fmt_ctx *c)
{
	/* The caller passes the column width through buf's length budget:
	 * the table draws history itself with the planned width. */
	(void)c;
	xt_sparkline(buf, len, v->history, v->hist_len, XT_HISTORY, 100.0, false);
}

const struct xt_field xt_fields[XT_F_COUNT] = {
	[XT_F_NAME] = { XT_F_NAME, "NAME", "name", 10, true, false, 0, false, cmp_name, pr_name },
	[XT_F_ID] = { XT_F_ID, "ID", "id", 5, false, false, 4, false, cmp_id, pr_id },
	[XT_F_STATE] = { XT_F_STATE, "STATE", "state", 6, false, false, 3, false, cmp_state, pr_state },
	[XT_F_TYPE] = { XT_F_TYPE, "TYPE", "type", 4, true, false, 6, false, cmp_type, pr_type },
	[XT_F_CPU] = { XT_F_CPU, "CPU%", "cpu", 6, false, true, 0, false, cmp_cpu, pr_cpu },
	[XT_F_VCPUS] = { XT_F_VCPUS, "VCPU", "vcpus", 4, false, true, 8, false, cmp_vcpus, pr_vcpus },
	[XT_F_MEM] = { XT_F_MEM, "MEM", "mem", 6, false, true, 1, false, cmp_mem, pr_mem },
	[XT_F_MAXMEM] = { XT_F_MAXMEM, "MAXMEM", "maxmem", 6, false, true, 9, false, cmp_maxmem, pr_maxmem },
	[XT_F_MEMPCT] = { XT_F_MEMPCT, "MEM%", "mempct", 5, false, true, 7, false, cmp_mem, pr_mempct },
	[XT_F_NETRX] = { XT_F_NETRX, "NETRX/s", "netrx", 7, false, true, 10, false, cmp_netrx, pr_netrx },
	[XT_F_NETTX] = { XT_F_NETTX, "NETTX/s", "nettx", 7, false, true, 10, false, cmp_nettx, pr_nettx },
	[XT_F_BLKRD] = { XT_F_BLKRD, "BLKRD/s", "blkrd", 7, false, true, 11, false, cmp_blkrd, pr_blkrd },
	[XT_F_BLKWR] = { XT_F_BLKWR, "BLKWR/s", "blkwr", 7, false, true, 11, false, cmp_blkwr, pr_blkwr },
	[XT_F_UPTIME] = { XT_F_UPTIME, "UPTIME", "uptime", 6, false, true, 5, false, cmp_uptime, pr_uptime },
	[XT_F_WEIGHT] = { XT_F_WEIGHT, "WEIGHT", "weight", 6, false, true, 6, true, cmp_weight, pr_weight },
	[XT_F_CAP] = { XT_F_CAP, "CAP", "cap", 5, false, true, 6, true, cmp_cap, pr_cap },
	[XT_F_TARGET] = { XT_F_TARGET, "TARGET", "target", 6, false, true, 6, true, cmp_target, pr_target },
	[XT_F_HISTORY] = { XT_F_HISTORY, "CPU HISTORY", "history", 10, true, true, 4, false, cmp_cpu, pr_history },
};

int xt_field_by_name(const char *name)
{
	for (int i = 0; i < XT_F_COUNT; i++)
		if (strcasecmp(name, xt_fields[i].key_name) == 0)
			return i;
	return -1;
}

/* qsort has no context argument; the sort is single-threaded, so a file
 * static for the duration of one call is safe. */
static struct {
	const struct xt_field *field;
	bool descending;
	const struct xt_fmt_ctx *ctx;
} sort_state;

static int compare_views(const void *pa, const void *pb)
{
	const struct xt_domain_view *a = *(const struct xt_domain_view *const *)pa;
	const struct xt_domain_view *b = *(const struct xt_domain_view *const *)pb;
	int r = sort_state.field->compare(a, b, sort_state.ctx);
	if (sort_state.descending)
		r = -r;
	return r ? r : cmp_u64(a->s.id, b->s.id);
}

void xt_sort_views(const struct xt_domain_view **views, size_t n, enum xt_field_id field,
		   bool reverse, const struct xt_fmt_ctx *ctx)
{
	sort_state.field = &xt_fields[field];
	sort_state.descending = xt_fields[field].descending != reverse;
	sort_state.ctx = ctx;
	qsort(views, n, sizeof *views, compare_views);
}

void xt_plan_columns(int term_width, int longest_name, bool optional, bool shown[XT_F_COUNT],
		     int widths[XT_F_COUNT])
{
	const int history_min = xt_fields[XT_F_HISTORY].width;
	int name_width = longest_name > xt_fields[XT_F_NAME].width ? longest_name : xt_fields[XT_F_NAME].width;
	/* One long name may not push STATE or MEM% off an 80-column console:
	 * while columns could still be dropped, the name is content with a
	 * third of the width (and ends in an ellipsis). */
	int name_cap = term_width / 3 > xt_fields[XT_F_NAME].width ? term_width / 3 : xt_fields[XT_F_NAME].width;
	if (term_width < 60)
		name_cap = name_width;  /* small terminals: the name comes first */
	for (int i = 0; i < XT_F_COUNT; i++) {
		shown[i] = optional || !xt_fields[i].optional;
		widths[i] = xt_fields[i].width;
	}
	for (;;) {
		/* Fixed columns, each followed by one space. */
		int used = 0;
		for (int i = 0; i < XT_F_COUNT; i++)
			if (shown[i] && i != XT_F_NAME && i != XT_F_HISTORY)
				used += widths[i] + 1;
		int history = shown[XT_F_HISTORY] ? history_min + 1 : 0;
		int room = term_width - used - history;
		if (room >= name_width || room >= name_cap) {
			widths[XT_F_NAME] = room < name_width ? room : name_width;
			if (shown[XT_F_HISTORY]) {
				int rest = term_width - used - widths[XT_F_NAME] - 1;
				widths[XT_F_HISTORY] = rest > XT_HISTORY ? XT_HISTORY : rest;
			}
			return;
		}
		/* Drop the least important column; when only the essential ones
		 * are left, the name is shortened (with an ellipsis) instead. */
		int drop = -1;
		for (int i = 0; i < XT_F_COUNT; i++)
			if (shown[i] && xt_fields[i].drop_order >= 3 &&
			    (drop < 0 || xt_fields[i].drop_order > xt_fields[drop].drop_order))
				drop = i;
		if (drop < 0) {
			widths[XT_F_NAME] = room > 1 ? room : 1;
			return;
		}
		shown[drop] = false;
	}
}
