#define _POSIX_C_SOURCE 200809L
#include "batch.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/fields.h"
#include "../util/format.h"

/* One domain line being printed. */
struct batch_row {
	const struct xt_domain_view *v;
	const struct xt_stats *st;
	const struct xt_batch_format *fmt;
};

/* A column of xentop -b: header, default width, how far this domain
 * widens it (NULL for fixed columns), and its text without padding.
 * Every value is right-aligned in its width, as xentop prints them. */
struct batch_field {
	const char *header;
	int width;
	int (*need)(const struct batch_row *);
	void (*print)(char *buf, size_t len, const struct batch_row *);
};

/* xentop widens a counter column to the digits of (value + 1). */
static int digits_of_next(uint64_t v)
{
	v += 1;
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static double pct_of_host(const struct batch_row *r, uint64_t bytes)
{
	uint64_t total = r->st->host.total_mem_bytes;
	return total ? (double)bytes / (double)total * 100 : 0.0;
}

static int need_name(const struct batch_row *r)
{
	return r->fmt->full_name ? (int)strlen(r->v->s.name) : 0;
}

static void pr_name(char *buf, size_t len, const struct batch_row *r)
{
	char name[XT_NAME_MAX];
	xt_sanitize(name, sizeof name, r->v->s.name);
	/* Without -f xentop cuts names to the column's 10 characters. */
	snprintf(buf, len, "%.*s", r->fmt->full_name ? XT_NAME_MAX : 10, name);
}

static void pr_state(char *buf, size_t len, const struct batch_row *r)
{
	xt_fmt_state(buf, len, r->v->s.state);
}

static void pr_cpu_sec(char *buf, size_t len, const struct batch_row *r)
{
	snprintf(buf, len, "%" PRIu64, r->v->s.cpu_ns / UINT64_C(1000000000));
}

/* xentop prints 0.0 while a domain has no previous sample to compare. */
static void pr_cpu_pct(char *buf, size_t len, const struct batch_row *r)
{
	snprintf(buf, len, "%.1f", r->v->rates_known ? r->v->cpu_pct : 0.0);
}

static void pr_mem(char *buf, size_t len, const struct batch_row *r)
{
	snprintf(buf, len, "%" PRIu64, r->v->s.mem_bytes / 1024);
}

static void pr_mem_pct(char *buf, size_t len, const struct batch_row *r)
{
	snprintf(buf, len, "%.1f", pct_of_host(r, r->v->s.mem_bytes));
}

static void pr_maxmem(char *buf, size_t len, const struct batch_row *r)
{
	if (r->v->s.maxmem_bytes == XT_MEM_UNLIMITED)
		snprintf(buf, len, "no limit");
	else
		snprintf(buf, len, "%" PRIu64, r->v->s.maxmem_bytes / 1024);
}

static void pr_maxmem_pct(char *buf, size_t len, const struct batch_row *r)
{
	if (r->v->s.maxmem_bytes == XT_MEM_UNLIMITED)
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%.1f", pct_of_host(r, r->v->s.maxmem_bytes));
}

static void pr_vcpus(char *buf, size_t len, const struct batch_row *r)
{
	snprintf(buf, len, "%u", r->v->s.vcpus);
}

static void pr_nets(char *buf, size_t len, const struct batch_row *r)
{
	snprintf(buf, len, "%u", r->v->s.nets);
}

static int need_net_tx(const struct batch_row *r)
{
	return digits_of_next(r->v->s.net_tx_bytes / 1024);
}

static void pr_net_tx(char *buf, size_t len, const struct batch_row *r)
{
	snprintf(buf, len, "%" PRIu64, r->v->s.net_tx_bytes / 1024);
}

static int need_net_rx(const struct batch_row *r)
{
	return digits_of_next(r->v->s.net_rx_bytes / 1024);
}

static void pr_net_rx(char *buf, size_t len, const struct batch_row *r)
{
	snprintf(buf, len, "%" PRIu64, r->v->s.net_rx_bytes / 1024);
}

static void pr_vbds(char *buf, size_t len, const struct batch_row *r)
{
	snprintf(buf, len, "%u", r->v->s.vbds);
}

/* VBD totals leave out devices with errors; "-" when every one failed
 * (a domain without VBDs has none that failed). */
static bool vbd_totals_ok(const struct xt_domain_view *v)
{
	return v->s.vbd_stats_ok || v->s.vbds == 0;
}

static void pr_vbd_total(char *buf, size_t len, const struct batch_row *r, uint64_t v)
{
	if (vbd_totals_ok(r->v))
		snprintf(buf, len, "%" PRIu64, v);
	else
		snprintf(buf, len, "-");
}

static void pr_vbd_oo(char *buf, size_t len, const struct batch_row *r)
{
	pr_vbd_total(buf, len, r, r->v->s.vbd_oo);
}

#define VBD_FIELD(fname, member)                                                                  \
	static int need_##fname(const struct batch_row *r)                                        \
	{                                                                                         \
		return vbd_totals_ok(r->v) ? digits_of_next(r->v->s.member) : 1;                  \
	}                                                                                         \
	static void pr_##fname(char *buf, size_t len, const struct batch_row *r)                  \
	{                                                                                         \
		pr_vbd_total(buf, len, r, r->v->s.member);                                        \
	}
VBD_FIELD(vbd_rd, vbd_rd)
VBD_FIELD(vbd_wr, vbd_wr)
VBD_FIELD(vbd_rsect, vbd_rd_sect)
VBD_FIELD(vbd_wsect, vbd_wr_sect)

static void pr_ssid(char *buf, size_t len, const struct batch_row *r)
{
	snprintf(buf, len, "%u", r->v->s.ssid);
}

/* xentop 4.17's columns in its order; VBD_OO is the one counter it does
 * not widen. */
static const struct batch_field batch_fields[] = {
	{ "NAME", 10, need_name, pr_name },
	{ "STATE", 6, NULL, pr_state },
	{ "CPU(sec)", 10, NULL, pr_cpu_sec },
	{ "CPU(%)", 6, NULL, pr_cpu_pct },
	{ "MEM(k)", 10, NULL, pr_mem },
	{ "MEM(%)", 6, NULL, pr_mem_pct },
	{ "MAXMEM(k)", 10, NULL, pr_maxmem },
	{ "MAXMEM(%)", 9, NULL, pr_maxmem_pct },
	{ "VCPUS", 5, NULL, pr_vcpus },
	{ "NETS", 4, NULL, pr_nets },
	{ "NETTX(k)", 8, need_net_tx, pr_net_tx },
	{ "NETRX(k)", 8, need_net_rx, pr_net_rx },
	{ "VBDS", 4, NULL, pr_vbds },
	{ "VBD_OO", 8, NULL, pr_vbd_oo },
	{ "VBD_RD", 8, need_vbd_rd, pr_vbd_rd },
	{ "VBD_WR", 8, need_vbd_wr, pr_vbd_wr },
	{ "VBD_RSECT", 10, need_vbd_rsect, pr_vbd_rsect },
	{ "VBD_WSECT", 10, need_vbd_wsect, pr_vbd_wsect },
	{ "SSID", 4, NULL, pr_ssid },
};
#define NFIELDS (sizeof batch_fields / sizeof batch_fields[0])

bool xt_batch_wants_devices(const struct xt_batch_format *fmt)
{
	return fmt->networks || fmt->vbds || fmt->vcpus;
}

static const struct xt_domain_view **sorted_views(const struct xt_stats *st, enum xt_field_id field, bool reverse)
{
	const struct xt_domain_view **v = malloc((st->n ? st->n : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < st->n; i++)
		v[i] = &st->views[i];
	struct xt_fmt_ctx ctx = { .cpu_mode = XT_CPU_PCPU, .host = &st->host, .now = st->host.wall_time };
	xt_sort_views(v, st->n, field, reverse, &ctx);
	return v;
}

static void print_header(FILE *out, const int width[NFIELDS])
{
	for (size_t c = 0; c < NFIELDS; c++)
		fprintf(out, "%s%*s", c ? " " : "", width[c], batch_fields[c].header);
	fputc('\n', out);
}

/* "VCPUs(sec):" and the online vCPUs' seconds, five to a line. */
static void print_vcpus(FILE *out, const struct batch_row *r)
{
	const struct xt_vcpu_sample *vc = xt_view_vcpus(r->st, r->v);
	fputs("VCPUs(sec): ", out);
	for (unsigned j = 0; vc && j < r->v->s.vcpus; j++) {
		if (!vc[j].online)
			continue;
		/* xentop wraps by vCPU number, so offline vCPUs still count. */
		if (j != 0 && j % 5 == 0)
			fputs("\n        ", out);
		fprintf(out, " %2u: %10" PRIu64 "s", j, vc[j].ns / UINT64_C(1000000000));
	}
	fputc('\n', out);
}

static void print_networks(FILE *out, const struct batch_row *r)
{
	const struct xt_net_sample *n = xt_view_nets(r->st, r->v);
	for (unsigned j = 0; n && j < r->v->s.nets; j++)
		fprintf(out,
			"Net%u RX: %8" PRIu64 "bytes %8" PRIu64 "pkts %8" PRIu64 "err %8" PRIu64 "drop  "
			"TX: %8" PRIu64 "bytes %8" PRIu64 "pkts %8" PRIu64 "err %8" PRIu64 "drop\n",
			j, n[j].rx_bytes, n[j].rx_packets, n[j].rx_errs, n[j].rx_drop, n[j].tx_bytes, n[j].tx_packets,
			n[j].tx_errs, n[j].tx_drop);
}

static void print_vbds(FILE *out, const struct batch_row *r)
{
	static const char *const kind[] = { [XT_VBD_UNIDENTIFIED] = "Unidentified", [XT_VBD_BLKBACK] = "BlkBack",
					    [XT_VBD_BLKTAP] = "BlkTap" };
	const struct xt_vbd_sample *b = xt_view_vbds(r->st, r->v);
	for (unsigned j = 0; b && j < r->v->s.vbds; j++) {
		const char *k = (unsigned)b[j].kind < sizeof kind / sizeof kind[0] ? kind[b[j].kind] : kind[0];
		/* The device number as xentop shows it: decimal, then
		 * [major:minor] in hex with Linux's 8-bit minor. */
		fprintf(out, "VBD %s %4d [%2x:%2x]  ", k, (int)b[j].dev, b[j].dev >> 8, b[j].dev & 0xff);
		if (b[j].error)
			fprintf(out, "OO: %8c   RD: %8c   WR: %8c   RSECT: %10c   WSECT: %10c\n", '-', '-', '-', '-', '-');
		else
			fprintf(out,
				"OO: %8" PRIu64 "   RD: %8" PRIu64 "   WR: %8" PRIu64 "   RSECT: %10" PRIu64
				"   WSECT: %10" PRIu64 "\n",
				b[j].oo, b[j].rd, b[j].wr, b[j].rd_sect, b[j].wr_sect);
	}
}

void xt_batch_print_text(FILE *out, const struct xt_stats *st, const struct xt_batch_format *fmt)
{
	const struct xt_domain_view **rows = sorted_views(st, fmt->sort, fmt->reverse);
	if (!rows)
		return;
	/* Widths are settled over all domains first, like xentop, so every
	 * line of one iteration lines up under the header. */
	int width[NFIELDS];
	for (size_t c = 0; c < NFIELDS; c++)
		width[c] = batch_fields[c].width;
	for (size_t i = 0; i < st->n; i++) {
		struct batch_row r = { rows[i], st, fmt };
		for (size_t c = 0; c < NFIELDS; c++) {
			int need = batch_fields[c].need ? batch_fields[c].need(&r) : 0;
			if (need > width[c])
				width[c] = need;
		}
	}
	for (size_t i = 0; i < st->n; i++) {
		struct batch_row r = { rows[i], st, fmt };
		if (i == 0 || fmt->repeat_header)
			print_header(out, width);
		for (size_t c = 0; c < NFIELDS; c++) {
			char buf[XT_NAME_MAX + 8];
			batch_fields[c].print(buf, sizeof buf, &r);
			fprintf(out, "%s%*s", c ? " " : "", width[c], buf);
		}
		fputc('\n', out);
		if (fmt->vcpus)
			print_vcpus(out, &r);
		if (fmt->networks)
			print_networks(out, &r);
		if (fmt->vbds)
			print_vbds(out, &r);
	}
	free(rows);
}

static void json_rate(FILE *out, const char *key, bool known, double v)
{
	if (known)
		fprintf(out, ",\"%s\":%.1f", key, v);
	else
		fprintf(out, ",\"%s\":null", key);
}

void xt_batch_print_json(FILE *out, const struct xt_stats *st)
{
	const struct xt_host_view *h = &st->host;
	char ver[sizeof h->xen_version * 6];
	xt_json_escape(ver, sizeof ver, h->xen_version);
	fprintf(out,
		"{\"time\":%" PRId64 ",\"interval\":%.3f,\"xen_version\":\"%s\",\"cpus\":%u,"
		"\"mem_total_kib\":%" PRIu64 ",\"mem_free_kib\":%" PRIu64,
		h->wall_time, st->elapsed_s, ver, h->ncpus, h->total_mem_bytes / 1024, h->free_mem_bytes / 1024);
	json_rate(out, "cpu_busy_pct", h->busy_known, h->busy_pct);
	fputs(",\"domains\":[", out);
	const struct xt_domain_view **rows = sorted_views(st, XT_F_NAME, false);
	for (size_t i = 0; rows && i < st->n; i++) {
		const struct xt_domain_view *v = rows[i];
		const struct xt_domain_sample *s = &v->s;
		char name[XT_NAME_MAX * 6], state[8];
		xt_json_escape(name, sizeof name, s->name);
		xt_fmt_state(state, sizeof state, s->state);
		fprintf(out, "%s{\"id\":%u,\"name\":\"%s\",\"state\":\"%s\",\"cpu_sec\":%.3f", i ? "," : "", s->id,
			name, state, (double)s->cpu_ns / 1e9);
		json_rate(out, "cpu_pct", v->rates_known, v->cpu_pct);
		fprintf(out, ",\"vcpus\":%u,\"mem_kib\":%" PRIu64, s->vcpus, s->mem_bytes / 1024);
		if (s->maxmem_bytes == XT_MEM_UNLIMITED)
			fputs(",\"maxmem_kib\":null", out);
		else
			fprintf(out, ",\"maxmem_kib\":%" PRIu64, s->maxmem_bytes / 1024);
		json_rate(out, "net_rx_bps", v->rates_known, v->net_rx_rate);
		json_rate(out, "net_tx_bps", v->rates_known, v->net_tx_rate);
		json_rate(out, "blk_rd_bps", v->rates_known, v->blk_rd_rate);
		json_rate(out, "blk_wr_bps", v->rates_known, v->blk_wr_rate);
		if (s->start_time > 0 && h->wall_time >= s->start_time)
			fprintf(out, ",\"uptime_s\":%" PRId64, (int64_t)(h->wall_time - s->start_time));
		else
			fputs(",\"uptime_s\":null", out);
		fputc('}', out);
	}
	free(rows);
	fputs("]}\n", out);
}
