#define _POSIX_C_SOURCE 200809L
#include "batch.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"
#include "format.h"

enum { C_NAME, C_STATE, C_CPUSEC, C_CPUPCT, C_MEM, C_MEMPCT, C_MAXMEM, C_MAXPCT, C_VCPUS, C_NETS,
       C_NETTX, C_NETRX, C_VBDS, C_VBD_OO, C_VBD_RD, C_VBD_WR, C_VBD_RSECT, C_VBD_WSECT, C_SSID, C_COUNT };

static const struct {
	const char *header;
	int width;
} columns[C_COUNT] = {
	{ "NAME", 10 },     { "STATE", 6 },     { "CPU(sec)", 10 }, { "CPU(%)", 6 },    { "MEM(k)", 10 },
	{ "MEM(%)", 6 },    { "MAXMEM(k)", 10 }, { "MAXMEM(%)", 9 }, { "VCPUS", 5 },     { "NETS", 4 },
	{ "NETTX(k)", 8 },  { "NETRX(k)", 8 },  { "VBDS", 4 },      { "VBD_OO", 8 },    { "VBD_RD", 8 },
	{ "VBD_WR", 8 },    { "VBD_RSECT", 10 }, { "VBD_WSECT", 10 }, { "SSID", 4 },
};

static int digits(uint64_t v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static int by_name(const void *a, const void *b)
{
	const struct xt_domain_view *x = *(const struct xt_domain_view *const *)a;
	const struct xt_domain_view *y = *(const struct xt_domain_view *const *)b;
	int r = strcasecmp(x->s.name, y->s.name);
	return r ? r : (x->s.id > y->s.id) - (x->s.id < y->s.id);
}

static const struct xt_domain_view **sorted_by_name(const struct xt_stats *st)
{
	const struct xt_domain_view **v = malloc((st->n ? st->n : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < st->n; i++)
		v[i] = &st->views[i];
	qsort(v, st->n, sizeof *v, by_name);
	return v;
}

void xt_batch_print_text(FILE *out, const struct xt_stats *st)
{
	int width[C_COUNT];
	for (int c = 0; c < C_COUNT; c++)
		width[c] = columns[c].width;
	/* Like xentop -f: names are never cut, columns grow for big counters. */
	for (size_t i = 0; i < st->n; i++) {
		const struct xt_domain_sample *s = &st->views[i].s;
		int l = (int)strlen(s->name);
		if (l > width[C_NAME])
			width[C_NAME] = l;
		uint64_t big[][2] = { { C_NETTX, s->net_tx_bytes / 1024 + 1 }, { C_NETRX, s->net_rx_bytes / 1024 + 1 },
				      { C_VBD_RD, s->vbd_rd + 1 }, { C_VBD_WR, s->vbd_wr + 1 },
				      { C_VBD_RSECT, s->vbd_rd_sect + 1 }, { C_VBD_WSECT, s->vbd_wr_sect + 1 } };
		for (size_t k = 0; k < sizeof big / sizeof big[0]; k++)
			if (digits(big[k][1]) > width[big[k][0]])
				width[big[k][0]] = digits(big[k][1]);
	}
	for (int c = 0; c < C_COUNT; c++)
		fprintf(out, "%s%*s", c ? " " : "", width[c], columns[c].header);
	fputc('\n', out);

	const struct xt_domain_view **rows = sorted_by_name(st);
	if (!rows)
		return;
	double total_mem = (double)st->host.total_mem_bytes;
	for (size_t i = 0; i < st->n; i++) {
		const struct xt_domain_view *v = rows[i];
		const struct xt_domain_sample *s = &v->s;
		char name[XT_NAME_MAX], state[8], cpu[16], maxmem[24], maxpct[16];
		xt_sanitize(name, sizeof name, s->name);
		xt_fmt_state(state, sizeof state, s->state);
		if (v->rates_known)
			snprintf(cpu, sizeof cpu, "%.1f", v->cpu_pct);
		else
			snprintf(cpu, sizeof cpu, "-");
		if (s->maxmem_bytes == XT_MEM_UNLIMITED) {
			snprintf(maxmem, sizeof maxmem, "no limit");
			snprintf(maxpct, sizeof maxpct, "n/a");
		} else {
			snprintf(maxmem, sizeof maxmem, "%" PRIu64, s->maxmem_bytes / 1024);
			snprintf(maxpct, sizeof maxpct, "%.1f", total_mem > 0 ? (double)s->maxmem_bytes / total_mem * 100 : 0.0);
		}
		char vbd[5][24];
		uint64_t vbd_vals[5] = { s->vbd_oo, s->vbd_rd, s->vbd_wr, s->vbd_rd_sect, s->vbd_wr_sect };
		for (int k = 0; k < 5; k++) {
			if (s->vbd_stats_ok)
				snprintf(vbd[k], sizeof vbd[k], "%" PRIu64, vbd_vals[k]);
			else
				snprintf(vbd[k], sizeof vbd[k], "-");
		}
		fprintf(out,
			"%*s %*s %*" PRIu64 " %*s %*" PRIu64 " %*.1f %*s %*s %*u %*u %*" PRIu64 " %*" PRIu64
			" %*u %*s %*s %*s %*s %*s %*u\n",
			width[C_NAME], name, width[C_STATE], state, width[C_CPUSEC], s->cpu_ns / UINT64_C(1000000000),
			width[C_CPUPCT], cpu, width[C_MEM], s->mem_bytes / 1024, width[C_MEMPCT],
			total_mem > 0 ? (double)s->mem_bytes / total_mem * 100 : 0.0, width[C_MAXMEM], maxmem,
			width[C_MAXPCT], maxpct, width[C_VCPUS], s->vcpus, width[C_NETS], s->nets, width[C_NETTX],
			s->net_tx_bytes / 1024, width[C_NETRX], s->net_rx_bytes / 1024, width[C_VBDS], s->vbds,
			width[C_VBD_OO], vbd[0], width[C_VBD_RD], vbd[1], width[C_VBD_WR], vbd[2], width[C_VBD_RSECT],
			vbd[3], width[C_VBD_WSECT], vbd[4], width[C_SSID], s->ssid);
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
	const struct xt_domain_view **rows = sorted_by_name(st);
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
		fputc('}', out);
	}
	free(rows);
	fputs("]}\n", out);
}
