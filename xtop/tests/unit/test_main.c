/* Unit tests for the core of xtop and the launch module.  Prints one line
 * per test and ends with "N passed, N failed". */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../../backend/backend.h"
#include "../../backend/dom0.h"
#include "../../backend/xl.h"
#include "../../util/parse.h"
#include "../../model/catalog.h"
#include "../../model/control.h"
#include "../../model/launch.h"
#include "../../cmd/batch.h"
#include "../../model/fields.h"
#include "../../util/format.h"
#include "../../cmd/options.h"
#include "../../model/settings.h"
#include "../../model/stats.h"

static int passed, failed, current_failed;
static const char *current;

#define CHECK(cond)                                                                                 \
	do {                                                                                        \
		if (!(cond)) {                                                                      \
			printf("  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);           \
			current_failed = 1;                                                         \
		}                                                                                   \
	} while (0)
#define CHECK_STR(a, b)                                                                             \
	do {                                                                                        \
		const char *a_ = (a), *b_ = (b);                                                    \
		if (strcmp(a_, b_) != 0) {                                                          \
			printf("  %s:%d: '%s' != '%s'\n", __FILE__, __LINE__, a_, b_);              \
			current_failed = 1;                                                         \
		}                                                                                   \
	} while (0)
#define CHECK_NEAR(a, b, eps) CHECK(fabs((double)(a) - (double)(b)) <= (eps))

static void run(const char *name, void (*fn)(void))
{
	current = name;
	current_failed = 0;
	fn();
	if (current_failed) {
		failed++;
		printf("FAIL %s\n", name);
	} else {
		passed++;
		printf("ok   %s\n", name);
	}
}

/* ---- helpers ---- */

static struct xt_domain_sample dom(uint32_t id, const char *name, uint8_t tag, uint64_t cpu_ns)
{
	struct xt_domain_sample d;
	memset(&d, 0, sizeof d);
	d.id = id;
	snprintf(d.name, sizeof d.name, "%s", name);
	d.uuid[0] = tag;
	d.cpu_ns = cpu_ns;
	d.vcpus = 2;
	d.mem_bytes = 256ull << 20;
	d.maxmem_bytes = 256ull << 20;
	d.state = XT_RUNNING;
	return d;
}

static void set_sample(struct xt_sample *s, uint64_t t_ns, const struct xt_domain_sample *doms, size_t n)
{
	xt_sample_reserve(s, n ? n : 1);
	if (n)
		memcpy(s->domains, doms, n * sizeof *doms);
	s->ndomains = n;
	s->mono_ns = t_ns;
	s->ncpus = 4;
	s->total_mem_bytes = 4096ull << 20;
	s->free_mem_bytes = 1024ull << 20;
}

/* ---- stats ---- */

static void test_cpu_rate(void)
{
	struct xt_stats st;
	struct xt_sample s = { 0 };
	xt_stats_init(&st);
	struct xt_domain_sample d = dom(3, "web", 1, 1000000000ull);
	set_sample(&s, 10000000000ull, &d, 1);
	xt_stats_update(&st, &s);
	CHECK(st.n == 1 && !st.views[0].rates_known);  /* new: no fake 0 */
	d.cpu_ns += 500000000ull;                        /* 0.5 s of CPU in 2 s */
	d.net_rx_bytes = 2048;
	d.vbd_wr_sect = 8;
	set_sample(&s, 12000000000ull, &d, 1);
	xt_stats_update(&st, &s);
	CHECK(st.views[0].rates_known);
	CHECK_NEAR(st.views[0].cpu_pct, 25.0, 1e-9);
	CHECK_NEAR(xt_cpu_in_mode(&st.views[0], XT_CPU_VCPU, 4), 12.5, 1e-9);
	CHECK_NEAR(xt_cpu_in_mode(&st.views[0], XT_CPU_HOST, 4), 6.25, 1e-9);
	CHECK_NEAR(st.views[0].net_rx_rate, 1024.0, 1e-9);
	CHECK_NEAR(st.views[0].blk_wr_rate, 2048.0, 1e-9);
	CHECK_NEAR(st.elapsed_s, 2.0, 1e-9);
	CHECK(st.host.busy_known);
	CHECK_NEAR(st.host.busy_pct, 6.25, 1e-9);
	CHECK(st.views[0].hist_len == 1);
	xt_sample_free(&s);
	xt_stats_free(&st);
}

static void test_id_reuse(void)
{
	struct xt_stats st;
	struct xt_sample s = { 0 };
	xt_stats_init(&st);
	struct xt_domain_sample a[2] = { dom(0, "Domain-0", 9, 5000000000ull), dom(7, "old", 1, 90000000000ull) };
	set_sample(&s, 1000000000ull, a, 2);
	xt_stats_update(&st, &s);
	a[0].cpu_ns += 100000000ull;
	a[1].cpu_ns += 100000000ull;
	set_sample(&s, 2000000000ull, a, 2);
	xt_stats_update(&st, &s);
	CHECK(xt_stats_find(&st, 7)->rates_known);
	/* id 7 now belongs to a different domain with far less CPU time. */
	struct xt_domain_sample b[2] = { a[0], dom(7, "new", 2, 3000000ull) };
	b[0].cpu_ns += 100000000ull;
	set_sample(&s, 3000000000ull, b, 2);
	xt_stats_update(&st, &s);
	const struct xt_domain_view *v = xt_stats_find(&st, 7);
	CHECK(v && !v->rates_known && v->hist_len == 0);
	CHECK_STR(v->s.name, "new");
	CHECK(xt_stats_find(&st, 0)->rates_known);
	CHECK_NEAR(xt_stats_find(&st, 0)->cpu_pct, 10.0, 1e-9);
	/* Same UUID but CPU time going backwards is also a new instance. */
	b[1].cpu_ns = 1000;
	set_sample(&s, 4000000000ull, b, 2);
	xt_stats_update(&st, &s);
	CHECK(!xt_stats_find(&st, 7)->rates_known);
	xt_sample_free(&s);
	xt_stats_free(&st);
}

static void test_vanish_and_order(void)
{
	struct xt_stats st;
	struct xt_sample s = { 0 };
	xt_stats_init(&st);
	/* Unsorted input; views come out sorted by id. */
	struct xt_domain_sample a[3] = { dom(9, "c", 3, 0), dom(2, "a", 1, 0), dom(5, "b", 2, 0) };
	set_sample(&s, 1000000000ull, a, 3);
	xt_stats_update(&st, &s);
	CHECK(st.n == 3 && st.views[0].s.id == 2 && st.views[2].s.id == 9);
	struct xt_domain_sample b[2] = { a[0], a[2] };
	set_sample(&s, 2000000000ull, b, 2);
	xt_stats_update(&st, &s);
	CHECK(st.n == 2 && xt_stats_find(&st, 2) == NULL && xt_stats_find(&st, 9)->rates_known);
	xt_sample_free(&s);
	xt_stats_free(&st);
}

static void test_history_cap(void)
{
	struct xt_stats st;
	struct xt_sample s = { 0 };
	xt_stats_init(&st);
	struct xt_domain_sample d = dom(1, "x", 1, 0);
	for (int i = 0; i < XT_HISTORY + 10; i++) {
		d.cpu_ns += (uint64_t)i * 10000000ull;
		set_sample(&s, (uint64_t)(i + 1) * 1000000000ull, &d, 1);
		xt_stats_update(&st, &s);
	}
	CHECK(st.views[0].hist_len == XT_HISTORY);
	CHECK_NEAR(st.views[0].history[XT_HISTORY - 1], (XT_HISTORY + 9) * 1.0, 1e-3);
	xt_sample_free(&s);
	xt_stats_free(&st);
}

/* The domain page's long history: a ring per domain in a pool, handed on
 * while the domain lives, freed when it goes or its id is reused. */
static void test_long_history(void)
{
	struct xt_stats st;
	struct xt_sample s = { 0 };
	xt_stats_init(&st);
	struct xt_domain_sample d[2] = { dom(1, "x", 1, 0), dom(2, "y", 2, 0) };
	for (int i = 0; i < XT_LONG_HISTORY + 5; i++) {
		d[0].cpu_ns += (uint64_t)i * 10000000ull;     /* i % of a pCPU over 1 s */
		d[0].mem_bytes = (uint64_t)(i + 1) << 20;
		set_sample(&s, (uint64_t)(i + 1) * 1000000000ull, d, 2);
		CHECK(xt_stats_update(&st, &s) == 0);
	}
	float cpu[XT_LONG_HISTORY], mem[XT_LONG_HISTORY];
	const struct xt_domain_view *v = xt_stats_find(&st, 1);
	CHECK(xt_view_history(&st, v, cpu, mem, XT_LONG_HISTORY) == XT_LONG_HISTORY);
	CHECK_NEAR(cpu[XT_LONG_HISTORY - 1], XT_LONG_HISTORY + 4, 1e-3);    /* newest last */
	CHECK_NEAR(cpu[0], 5, 1e-3);
	CHECK_NEAR(mem[XT_LONG_HISTORY - 1], XT_LONG_HISTORY + 5, 1e-3);
	CHECK(xt_view_history(&st, v, cpu, NULL, 3) == 3 && fabs(cpu[2] - (XT_LONG_HISTORY + 4)) < 1e-3);
	CHECK_NEAR(xt_history_span_s(&st, 10), 10.0, 1e-9);
	CHECK_NEAR(xt_history_span_s(&st, XT_LONG_HISTORY), XT_LONG_HISTORY, 1e-9);
	CHECK(xt_history_span_s(&st, XT_LONG_HISTORY + 1) == 0);
	size_t cap = st.rings_cap;
	/* y goes and a new domain takes id 2: the new one starts empty. */
	struct xt_domain_sample e[2] = { d[0], dom(2, "z", 3, 5) };
	e[0].cpu_ns += 1;
	set_sample(&s, 200000000000ull, e, 2);
	CHECK(xt_stats_update(&st, &s) == 0);
	CHECK(xt_view_history(&st, xt_stats_find(&st, 2), cpu, mem, XT_LONG_HISTORY) == 0);
	CHECK(xt_view_history(&st, xt_stats_find(&st, 1), cpu, mem, XT_LONG_HISTORY) == XT_LONG_HISTORY);
	/* Domains coming and going reuse rings instead of growing the pool. */
	for (uint32_t i = 0; i < 100; i++) {
		struct xt_domain_sample f[2] = { e[0], dom(10 + i, "passing", (uint8_t)(20 + i), 0) };
		set_sample(&s, 201000000000ull + i * 1000000000ull, f, 2);
		CHECK(xt_stats_update(&st, &s) == 0);
	}
	CHECK(st.rings_cap == cap && st.nfree_rings + 2 == st.rings_cap);
	/* A view without a ring (a saved row) has none. */
	struct xt_domain_view none = { .ring = 0 };
	CHECK(xt_view_history(&st, &none, cpu, mem, XT_LONG_HISTORY) == 0);
	xt_sample_free(&s);
	xt_stats_free(&st);
}

/* ---- fields and sorting ---- */

static void test_sorting(void)
{
	struct xt_domain_view v[4];
	memset(v, 0, sizeof v);
	const char *names[] = { "beta", "Alpha", "gamma", "delta" };
	double cpu[] = { 10, 50, 5, 50 };
	for (int i = 0; i < 4; i++) {
		v[i].s.id = (uint32_t)i + 1;
		snprintf(v[i].s.name, sizeof v[i].s.name, "%s", names[i]);
		v[i].cpu_pct = cpu[i];
		v[i].rates_known = i != 2;
		v[i].s.mem_bytes = (uint64_t)(4 - i) << 20;
	}
	const struct xt_domain_view *p[4] = { &v[0], &v[1], &v[2], &v[3] };
	struct xt_host_view host = { .ncpus = 2 };
	struct xt_fmt_ctx ctx = { .host = &host };
	xt_sort_views(p, 4, XT_F_NAME, false, &ctx);
	CHECK_STR(p[0]->s.name, "Alpha");
	CHECK_STR(p[3]->s.name, "gamma");
	xt_sort_views(p, 4, XT_F_CPU, false, &ctx);
	/* Biggest first, ties by id, unknown ("-") last. */
	CHECK(p[0]->s.id == 2 && p[1]->s.id == 4 && p[2]->s.id == 1 && p[3]->s.id == 3);
	xt_sort_views(p, 4, XT_F_CPU, true, &ctx);
	CHECK(p[0]->s.id == 3);
	xt_sort_views(p, 4, XT_F_MEM, false, &ctx);
	CHECK(p[0]->s.id == 1);
	xt_sort_views(p, 4, XT_F_ID, true, &ctx);
	CHECK(p[0]->s.id == 4);
	CHECK(xt_field_by_name("CPU") == XT_F_CPU && xt_field_by_name("nope") == -1);
}

static void test_columns(void)
{
	bool shown[XT_F_COUNT];
	int w[XT_F_COUNT];
	xt_plan_columns(200, 30, false, shown, w);
	for (int i = 0; i < XT_F_COUNT; i++)
		CHECK(shown[i] != xt_fields[i].optional);   /* resource columns only when asked */
	CHECK(w[XT_F_NAME] == 30);
	xt_plan_columns(200, 30, true, shown, w);
	CHECK(shown[XT_F_WEIGHT] && shown[XT_F_CAP] && shown[XT_F_TARGET] && shown[XT_F_UPTIME]);
	xt_plan_columns(200, 30, false, shown, w);
	CHECK(w[XT_F_HISTORY] >= 10 && w[XT_F_HISTORY] <= XT_HISTORY);
	xt_plan_columns(80, 20, false, shown, w);
	CHECK(shown[XT_F_NAME] && shown[XT_F_CPU] && shown[XT_F_MEM] && w[XT_F_NAME] == 20);
	int total = 0;
	for (int i = 0; i < XT_F_COUNT; i++)
		if (shown[i])
			total += w[i] + 1;
	CHECK(total - 1 <= 80);
	xt_plan_columns(40, 60, false, shown, w);
	CHECK(shown[XT_F_NAME] && shown[XT_F_CPU] && shown[XT_F_MEM] && !shown[XT_F_BLKRD]);
	CHECK(w[XT_F_NAME] < 60 && w[XT_F_NAME] >= 8);
	total = 0;
	for (int i = 0; i < XT_F_COUNT; i++)
		if (shown[i])
			total += w[i] + 1;
	CHECK(total - 1 <= 40);
	/* 80 columns and one long name: STATE, CPU% and MEM stay, the name
	 * gives way (a third of the width). */
	xt_plan_columns(80, 36, false, shown, w);
	CHECK(shown[XT_F_NAME] && shown[XT_F_STATE] && shown[XT_F_CPU] && shown[XT_F_MEM]);
	CHECK(w[XT_F_NAME] >= 26 && w[XT_F_NAME] < 36);
	total = 0;
	for (int i = 0; i < XT_F_COUNT; i++)
		if (shown[i])
			total += w[i] + 1;
	CHECK(total - 1 <= 80);
}

/* ---- formatting ---- */

static void test_formatting(void)
{
	char b[64];
	xt_fmt_size(b, sizeof b, 0);
	CHECK_STR(b, "0B");
	xt_fmt_size(b, sizeof b, 49);
	CHECK_STR(b, "49B");
	xt_fmt_size(b, sizeof b, 512ull << 10);
	CHECK_STR(b, "512K");
	xt_fmt_size(b, sizeof b, 1536ull << 20);
	CHECK_STR(b, "1.5G");
	xt_fmt_size(b, sizeof b, 16ull << 30);
	CHECK_STR(b, "16G");
	xt_fmt_rate(b, sizeof b, 1023.0);
	CHECK_STR(b, "1023");
	xt_fmt_rate(b, sizeof b, -5);
	CHECK_STR(b, "0");
	xt_fmt_duration(b, sizeof b, 42);
	CHECK_STR(b, "42s");
	xt_fmt_duration(b, sizeof b, 307);
	CHECK_STR(b, "5m07s");
	xt_fmt_duration(b, sizeof b, 3 * 3600 + 240);
	CHECK_STR(b, "3h04m");
	xt_fmt_duration(b, sizeof b, 12 * 86400 + 3 * 3600);
	CHECK_STR(b, "12d03h");
	xt_fmt_duration(b, sizeof b, -1);
	CHECK_STR(b, "-");
	xt_fmt_state(b, sizeof b, XT_BLOCKED);
	CHECK_STR(b, "--b---");
	xt_fmt_state(b, sizeof b, XT_RUNNING | XT_PAUSED);
	CHECK_STR(b, "----pr");
	xt_sanitize(b, sizeof b, "a\tb\x1b[2Jc\xc3\xa9");
	CHECK_STR(b, "a?b?[2Jc??");
	xt_ellipsize(b, sizeof b, "a-very-long-domain-name", 10, false);
	CHECK_STR(b, "a-very-lo~");
	xt_ellipsize(b, sizeof b, "a-very-long-domain-name", 10, true);
	CHECK_STR(b, "a-very-lo\u2026");
	xt_ellipsize(b, sizeof b, "short", 10, true);
	CHECK_STR(b, "short");
	float h[] = { 0, 50, 100, 12.5f };
	xt_sparkline(b, sizeof b, h, 4, 6, 100, false);
	CHECK_STR(b, "   =@.");
	CHECK(strlen(b) == 6);
	xt_sparkline(b, sizeof b, h, 4, 2, 100, true);
	CHECK_STR(b, "\u2588\u2581");
	xt_json_escape(b, sizeof b, "a\"b\\c\n");
	CHECK_STR(b, "a\\\"b\\\\c\\u000a");
	double d;
	CHECK(xt_parse_seconds("0.5", 0.1, 10, &d) == 0 && d == 0.5);
	CHECK(xt_parse_seconds("2", 0.1, 10, &d) == 0 && d == 2);
	CHECK(xt_parse_seconds("-1", 0.1, 10, &d) < 0);
	CHECK(xt_parse_seconds("1e3", 0.1, 10000, &d) < 0);
	CHECK(xt_parse_seconds("nan", 0.1, 10, &d) < 0);
	CHECK(xt_parse_seconds("0.01", 0.1, 10, &d) < 0);
	CHECK(xt_parse_seconds("1.2.3", 0.1, 10, &d) < 0);
	CHECK(xt_parse_seconds("", 0.1, 10, &d) < 0);
}

/* util/parse.c: what a person types for memory, counts and seconds is
 * taken whole or refused with one sentence naming the form and range. */
static void test_parse_numbers(void)
{
	char err[256];
	unsigned long v;
	/* Memory: a plain number is MiB; K, M, G, T (1024-based) in any case,
	 * with i, iB or B; decimals when the result is whole MiB. */
	static const struct { const char *text; unsigned long mib; } good[] = {
		{ "512", 512 }, { "512M", 512 }, { "512m", 512 }, { "512MiB", 512 }, { "512MB", 512 },
		{ "512Mi", 512 }, { "1G", 1024 }, { "1g", 1024 }, { "1GiB", 1024 }, { "1gb", 1024 },
		{ "1.5G", 1536 }, { "1.50G", 1536 }, { ".5G", 512 }, { "2048K", 2 }, { "2048KiB", 2 },
		{ "1T", 1048576 }, { "0.25T", 262144 }, { "1 GiB", 1024 }, { " 256 ", 256 }, { "1.0", 1 },
		{ "007", 7 }, { "0.0009765625T", 1024 },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		v = 0;
		int rc = xt_parse_mib("memory", good[i].text, 1, 16ul << 20, &v, err, sizeof err);
		if (rc != 0 || v != good[i].mib)
			printf("  '%s': rc %d, %lu MiB (want %lu): %s\n", good[i].text, rc, v, good[i].mib, err);
		CHECK(rc == 0 && v == good[i].mib);
	}
	static const char *const bad[] = {
		"", "  ", "1x", "-5", "+5", "1.5", "1000K", "0.1M", "1e3", "1.2.3", "G", ".", "1 G B", "1GiBs", "1iB",
		"1B", "512 M M", "1P", "0x10", "inf", "nan", "1,5G", "99999999999999999999999",
		"1.00000000000000000000001G", "18446744073709551615T",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		int rc = xt_parse_mib("memory", bad[i], 1, 16ul << 20, &v, err, sizeof err);
		if (rc != -1)
			printf("  '%s' taken as %lu MiB (rc %d)\n", bad[i], v, rc);
		CHECK(rc == -1);
		CHECK(strstr(err, "give whole MiB from 1 to 16777216, or a size with K, M, G or T such as 512M or 1.5G"));
		CHECK(!strchr(err, '\n'));
	}
	CHECK(xt_parse_mib("memory target", "1x", 1, 1024, &v, err, sizeof err) == -1);
	CHECK_STR(err, "invalid memory target '1x': give whole MiB from 1 to 1024, or a size with K, M, G or T "
		       "such as 512M or 1.5G");
	CHECK(xt_parse_mib("--memory", "", 1, 1024, &v, err, sizeof err) == -1);
	CHECK_STR(err, "--memory is empty: give whole MiB from 1 to 1024, or a size with K, M, G or T such as 512M "
		       "or 1.5G");
	/* Well-formed but out of range: the value is kept for the caller's
	 * own sentence; a long text is cut in the sentence. */
	CHECK(xt_parse_mib("memory", "4G", 1, 1024, &v, err, sizeof err) == XT_PARSE_RANGE && v == 4096 &&
	      strstr(err, "invalid memory '4G': give whole MiB from 1 to 1024"));
	CHECK(xt_parse_mib("memory", "0", 1, 1024, &v, err, sizeof err) == XT_PARSE_RANGE && v == 0);
	CHECK(xt_parse_mib("memory", "100", 256, 1024, &v, err, sizeof err) == XT_PARSE_RANGE && v == 100);
	CHECK(xt_parse_mib("memory", "123456789012345678901234567890", 1, 2, &v, err, sizeof err) == -1 &&
	      strstr(err, "'12345678901234567890...'"));
	CHECK(xt_parse_mib("memory", "1G", 1, 1024, &v, NULL, 0) == 0 && v == 1024);

	/* Whole numbers: digits only, min..max. */
	CHECK(xt_parse_uint_range("weight", "256", 1, 65535, &v, err, sizeof err) == 0 && v == 256);
	CHECK(xt_parse_uint_range("cap", "0", 0, 200, &v, err, sizeof err) == 0 && v == 0);
	CHECK(xt_parse_uint_range("cap", " 50 ", 0, 200, &v, err, sizeof err) == 0 && v == 50);
	static const char *const not_whole[] = { "", "1.5", "-5", "-1", "+1", "1x", "1e3", "1G", "0x1f", "1 2",
						 "99999999999999999999999" };
	for (size_t i = 0; i < sizeof not_whole / sizeof not_whole[0]; i++) {
		int rc = xt_parse_uint_range("weight", not_whole[i], 1, 65535, &v, err, sizeof err);
		if (rc != -1)
			printf("  '%s' taken as %lu (rc %d)\n", not_whole[i], v, rc);
		CHECK(rc == -1 && strstr(err, "give a whole number from 1 to 65535"));
	}
	CHECK(xt_parse_uint_range("weight", "1.5", 1, 65535, &v, err, sizeof err) == -1);
	CHECK_STR(err, "invalid weight '1.5': give a whole number from 1 to 65535");
	CHECK(xt_parse_uint_range("weight", "", 1, 65535, &v, err, sizeof err) == -1);
	CHECK_STR(err, "weight is empty: give a whole number from 1 to 65535");
	CHECK(xt_parse_uint_range("weight", "0", 1, 65535, &v, err, sizeof err) == XT_PARSE_RANGE && v == 0);
	CHECK_STR(err, "invalid weight '0': give a whole number from 1 to 65535");
	CHECK(xt_parse_uint_range("cap", "500", 0, 200, &v, err, sizeof err) == XT_PARSE_RANGE && v == 500);
	CHECK(xt_parse_uint_range("n", "18446744073709551615", 0, ~0ul, &v, err, sizeof err) == 0 && v == ~0ul);

	/* Seconds: fractions and an "s"; no sign or exponent. */
	double d;
	CHECK(xt_parse_seconds("2s", 0.1, 10, &d) == 0 && d == 2);
	CHECK(xt_parse_seconds("0.5 s", 0.1, 10, &d) == 0 && d == 0.5);
	CHECK(xt_parse_seconds(" .5 ", 0.1, 10, &d) == 0 && d == 0.5);
	CHECK(xt_parse_seconds("s", 0.1, 10, &d) < 0);
	CHECK(xt_parse_seconds("2ss", 0.1, 10, &d) < 0);
	CHECK(xt_parse_seconds("1x", 0.1, 10, &d) < 0);
	CHECK(xt_parse_seconds("99999999999999999999999999999", 0.1, 3600, &d) < 0);
}

/* ---- options ---- */

static int parse(struct xt_options *o, char *err, size_t len, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	va_start(ap, len);
	argv[argc++] = "xtop";
	char *a;
	while ((a = va_arg(ap, char *)) && argc < 31)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	return xt_parse_options(argc, argv, o, err, len);
}

static void test_options(void)
{
	struct xt_options o;
	char err[256];
	CHECK(parse(&o, err, sizeof err, NULL) == 0);
	CHECK(!o.batch && o.delay_s == 2.0 && o.backend == XT_BACKEND_XEN && o.iterations == 0);
	CHECK(parse(&o, err, sizeof err, "-b", "-d", "0.5", "-i", "3", NULL) == 0);
	CHECK(o.batch && o.delay_s == 0.5 && o.iterations == 3 && !o.networks);
	CHECK(parse(&o, err, sizeof err, "-b", "--iterations", "4", "--delay=1", NULL) == 0);
	CHECK(o.iterations == 4 && o.delay_s == 1.0);
	CHECK(parse(&o, err, sizeof err, "-b", "-i", "7", "--json", NULL) == 0 && o.iterations == 7 && o.json);
	CHECK(parse(&o, err, sizeof err, "--fake-domains", "100", NULL) == 0);
	CHECK(o.backend == XT_BACKEND_FAKE && o.fake_domains == 100);
	CHECK(parse(&o, err, sizeof err, "--sort", "cpu", "--reverse", "--cpu-mode", "vcpu", NULL) == 0);
	CHECK(o.sort_field == XT_F_CPU && o.sort_reverse && o.sort_given && o.cpu_mode == XT_CPU_VCPU);
	CHECK(!o.repeat_header);
	CHECK(parse(&o, err, sizeof err, "-d", "abc", NULL) < 0 && strstr(err, "invalid delay 'abc'"));
	CHECK(parse(&o, err, sizeof err, "-d", "-1", NULL) < 0);
	CHECK(parse(&o, err, sizeof err, "-d", "0.05", NULL) < 0 && strstr(err, "give 0.1 to 3600 seconds"));
	CHECK(parse(&o, err, sizeof err, "-b", "-i", "1.5", NULL) < 0 &&
	      strstr(err, "invalid iteration count '1.5': give a whole number from 1 to 1000000000"));
	CHECK(parse(&o, err, sizeof err, "-b", "-d", "1x", NULL) < 0 && strstr(err, "invalid delay '1x'"));
	CHECK(parse(&o, err, sizeof err, "-b", "-d", "1.5s", NULL) == 0 && o.delay_s == 1.5);
	CHECK(parse(&o, err, sizeof err, "-b", "-d", "0", NULL) == 0);
	CHECK(parse(&o, err, sizeof err, "-b", "-i", "0", NULL) < 0 && strstr(err, "invalid iteration count '0'"));
	CHECK(parse(&o, err, sizeof err, "-b", "-i", "-3", NULL) < 0 && strstr(err, "invalid iteration count '-3'"));
	CHECK(parse(&o, err, sizeof err, "-b", "-i", "12x", NULL) < 0);
	CHECK(parse(&o, err, sizeof err, "-b", "-i", NULL) < 0 && strstr(err, "needs a value"));
	CHECK(parse(&o, err, sizeof err, "--sort", "bogus", NULL) < 0 && strstr(err, "bogus"));
	CHECK(parse(&o, err, sizeof err, "--json", NULL) < 0 && strstr(err, "-b"));
	CHECK(parse(&o, err, sizeof err, "--frobnicate", NULL) < 0 && strstr(err, "--frobnicate"));
	CHECK(parse(&o, err, sizeof err, "-d", NULL) < 0 && strstr(err, "needs a value"));
	CHECK(parse(&o, err, sizeof err, "--backend", "kvm", NULL) < 0 && strstr(err, "kvm"));
	CHECK(parse(&o, err, sizeof err, "--backend", "xen", "--fake-domains", "3", NULL) < 0);
	CHECK(parse(&o, err, sizeof err, "extra", NULL) < 0 && strstr(err, "extra"));
}

/* xentop 4.17's options, with its meanings where xtop's letters collided. */
static void test_xentop_options(void)
{
	struct xt_options o;
	char err[256];
	CHECK(parse(&o, err, sizeof err, "-b", "-f", "-n", "-x", "-v", "-r", "-d", "1", "-i", "2", NULL) == 0);
	CHECK(o.batch && o.full_name && o.networks && o.vbds && o.vcpus && o.repeat_header);
	CHECK(o.delay_s == 1.0 && o.iterations == 2 && !o.sort_reverse);
	CHECK(parse(&o, err, sizeof err, "--batch", "--full-name", "--networks", "--vbds", "--vcpus", "--repeat-header",
		    "--delay", "3", "--iterations", "5", NULL) == 0);
	CHECK(o.batch && o.full_name && o.networks && o.vbds && o.vcpus && o.repeat_header);
	CHECK(o.delay_s == 3.0 && o.iterations == 5);
	CHECK(parse(&o, err, sizeof err, "-bfnxvr", "-i1", NULL) == 0 && o.vcpus && o.repeat_header && o.iterations == 1);
	CHECK(parse(&o, err, sizeof err, "-b", "-n", NULL) == 0 && o.networks && o.iterations == 0);
	CHECK(parse(&o, err, sizeof err, "-h", NULL) == 0 && o.help);
	CHECK(parse(&o, err, sizeof err, "--version", NULL) == 0 && o.version);
	/* The old meanings of -n N and -r get a pointer to their new spelling. */
	CHECK(parse(&o, err, sizeof err, "-b", "-n", "3", NULL) < 0 && strstr(err, "-i 3"));
	CHECK(parse(&o, err, sizeof err, "-b", "-n3", NULL) < 0 && strstr(err, "-i N"));
	CHECK(parse(&o, err, sizeof err, "-r", NULL) < 0 && strstr(err, "--reverse") && strstr(err, "-b"));
	CHECK(parse(&o, err, sizeof err, "-f", NULL) < 0 && strstr(err, "add -b"));
	CHECK(parse(&o, err, sizeof err, "-v", NULL) < 0 && strstr(err, "add -b"));
	CHECK(parse(&o, err, sizeof err, "-b", "--json", "-x", NULL) < 0 && strstr(err, "--json"));
	CHECK(parse(&o, err, sizeof err, "-b", "-q", NULL) < 0 && strstr(err, "unknown option '-q'"));
	CHECK(parse(&o, err, sizeof err, "-bq", NULL) < 0 && strstr(err, "unknown option '-q'"));
	CHECK(parse(&o, err, sizeof err, "--batch=yes", NULL) < 0 && strstr(err, "'--batch' takes no value"));
	CHECK(parse(&o, err, sizeof err, "-b", "-z", NULL) < 0);   /* xentop 4.17 has no -z */
}

/* ---- catalogue ---- */

static const char good_conf[] =
	"# Debian guest\n"
	"name = debian                     # short id\n"
	"display = Debian 12 (bookworm)    # menu text\n"
	"\n"
	"config = /etc/xen/debian.cfg\n"
	"kernel = /usr/lib/xenlive/guests/debian/vmlinuz\n"
	"ramdisk = /usr/lib/xenlive/guests/debian/initrd.gz   # optional\n"
	"image = /usr/lib/xenlive/guests/debian/root.squashfs\n"
	"memory = 128\n"
	"vcpus = 1\r\n";

static int parse_conf(const char *text, struct xt_image *img, char *err, size_t len)
{
	return xt_image_parse(text, strlen(text), "t.conf", img, err, len);
}

static void test_catalog_parse(void)
{
	struct xt_image img;
	char err[256];
	CHECK(parse_conf(good_conf, &img, err, sizeof err) == 0);
	CHECK_STR(img.name, "debian");
	CHECK_STR(img.display, "Debian 12 (bookworm)");
	CHECK_STR(img.ramdisk, "/usr/lib/xenlive/guests/debian/initrd.gz");
	CHECK(img.memory_mib == 128 && img.vcpus == 1);
	CHECK(parse_conf("name = x\nbogus = 1\n", &img, err, sizeof err) < 0);
	CHECK_STR(err, "t.conf:2: unknown key 'bogus'");
	CHECK(parse_conf("name = x\n", &img, err, sizeof err) < 0 && strstr(err, "required key 'display' is missing"));
	char text[1024];
	const char *bad_values[][2] = {
		{ "memory = 128", "memory = 0" },  { "memory = 128", "memory = -5" },
		{ "memory = 128", "memory = 12k" }, { "vcpus = 1", "vcpus = 999999" },
		{ "name = debian", "name = Debian" }, { "name = debian", "name = a b" },
		{ "vcpus = 1", "vcpus =" },         { "memory = 128", "memory 128" },
		{ "vcpus = 1", "vcpus = 1\nvcpus = 2" },
	};
	for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
		const char *at = strstr(good_conf, bad_values[i][0]);
		snprintf(text, sizeof text, "%.*s%s%s", (int)(at - good_conf), good_conf, bad_values[i][1],
			 at + strlen(bad_values[i][0]));
		int rc = parse_conf(text, &img, err, sizeof err);
		CHECK(rc < 0);
		if (rc == 0)
			printf("  accepted: %s\n", bad_values[i][1]);
		CHECK(strncmp(err, "t.conf:", 7) == 0);
	}
	/* min_memory is optional and may not exceed memory. */
	snprintf(text, sizeof text, "%smin_memory = 64\n", good_conf);
	CHECK(parse_conf(text, &img, err, sizeof err) == 0 && img.min_memory_mib == 64);
	CHECK(parse_conf(good_conf, &img, err, sizeof err) == 0 && img.min_memory_mib == 0);
	snprintf(text, sizeof text, "%smin_memory = 129\n", good_conf);
	CHECK(parse_conf(text, &img, err, sizeof err) < 0 && strstr(err, "below min_memory 129"));
	snprintf(text, sizeof text, "%smin_memory = 0\n", good_conf);
	CHECK(parse_conf(text, &img, err, sizeof err) < 0 && strstr(err, "min_memory '0'"));
	/* maxmem and maxvcpus are optional (default: memory, vcpus), never below them. */
	CHECK(parse_conf(good_conf, &img, err, sizeof err) == 0 && img.maxmem_mib == 128 && img.maxvcpus == 1);
	snprintf(text, sizeof text, "%smaxmem = 256\nmaxvcpus = 2\n", good_conf);
	CHECK(parse_conf(text, &img, err, sizeof err) == 0 && img.maxmem_mib == 256 && img.maxvcpus == 2);
	snprintf(text, sizeof text, "%smaxmem = 64\n", good_conf);
	CHECK(parse_conf(text, &img, err, sizeof err) < 0 && strstr(err, "maxmem 64 is below memory 128"));
	snprintf(text, sizeof text, "%smaxvcpus = 0\n", good_conf);
	CHECK(parse_conf(text, &img, err, sizeof err) < 0 && strstr(err, "maxvcpus '0'"));
	/* type: pv by default; a PVH or HVM image runs only where the host
	 * has VT-x/AMD-V, and is refused in one sentence elsewhere. */
	CHECK(parse_conf(good_conf, &img, err, sizeof err) == 0 && img.type == XT_GUEST_PV);
	CHECK(xt_image_runs_here(&img, XT_GUEST_PV, err, sizeof err) == 0);
	snprintf(text, sizeof text, "%stype = pvh\n", good_conf);
	CHECK(parse_conf(text, &img, err, sizeof err) == 0 && img.type == XT_GUEST_PVH);
	CHECK(xt_image_runs_here(&img, XT_GUEST_ALL, err, sizeof err) == 0);
	CHECK(xt_image_runs_here(&img, XT_GUEST_PV, err, sizeof err) < 0 &&
	      strstr(err, "debian is a PVH guest, which needs the CPU's virtualization") && !strchr(err, '\n'));
	snprintf(text, sizeof text, "%stype = hvm\n", good_conf);
	CHECK(parse_conf(text, &img, err, sizeof err) == 0 && img.type == XT_GUEST_HVM);
	snprintf(text, sizeof text, "%stype = kvm\n", good_conf);
	CHECK(parse_conf(text, &img, err, sizeof err) < 0 && strstr(err, "type 'kvm' must be pv, pvh or hvm"));
	/* ramdisk is optional. */
	const char *at = strstr(good_conf, "ramdisk");
	const char *eol = strchr(at, '\n');
	snprintf(text, sizeof text, "%.*s%s", (int)(at - good_conf), good_conf, eol + 1);
	CHECK(parse_conf(text, &img, err, sizeof err) == 0 && img.ramdisk[0] == '\0');
	unsigned long v;
	CHECK(xt_parse_positive("42", 100, &v) == 0 && v == 42);
	CHECK(xt_parse_positive("101", 100, &v) < 0);
	CHECK(xt_parse_positive("0", 100, &v) < 0);
	CHECK(xt_parse_positive("+4", 100, &v) < 0);
	CHECK(xt_parse_positive("99999999999999999999999", ~0ul, &v) < 0);
}

static char tmpdir[256];

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A catalogue whose files exist, in tmpdir/cat, plus tmpdir/files. */
static void make_catalog(void)
{
	char dir[512], files[512], conf[2048];
	snprintf(dir, sizeof dir, "%s/cat", tmpdir);
	snprintf(files, sizeof files, "%s/files", tmpdir);
	mkdir(dir, 0755);
	mkdir(files, 0755);
	const char *names[] = { "debian", "centos" };
	for (int i = 0; i < 2; i++) {
		char f[600];
		snprintf(f, sizeof f, "%s.cfg", names[i]);
		write_file(files, f, "# xl config\n");
		snprintf(f, sizeof f, "%s.vmlinuz", names[i]);
		write_file(files, f, "kernel");
		snprintf(f, sizeof f, "%s.squashfs", names[i]);
		write_file(files, f, "image");
		snprintf(conf, sizeof conf,
			 "name = %s\ndisplay = %s guest\nconfig = %s/%s.cfg\nkernel = %s/%s.vmlinuz\n"
			 "image = %s/%s.squashfs\nmemory = %d\nvcpus = 1\n",
			 names[i], names[i], files, names[i], files, names[i], files, names[i], i ? 256 : 128);
		snprintf(f, sizeof f, "%s.conf", names[i]);
		write_file(dir, f, conf);
	}
	write_file(dir, "README", "not a .conf file, ignored\n");
}

static void test_catalog_load(void)
{
	char dir[512], err[512];
	snprintf(dir, sizeof dir, "%s/cat", tmpdir);
	struct xt_catalog cat;
	CHECK(xt_catalog_load(dir, &cat, err, sizeof err) == 0);
	CHECK(cat.n == 2);
	CHECK(cat.n == 2 && strcmp(cat.images[0].name, "centos") == 0);
	CHECK(xt_catalog_find(&cat, "debian") && !xt_catalog_find(&cat, "arch"));
	xt_catalog_free(&cat);
	CHECK(xt_catalog_load("/nonexistent/dir", &cat, err, sizeof err) < 0 && strstr(err, "/nonexistent/dir"));
	/* A duplicate name in a second file is an error naming both. */
	char dup[512];
	snprintf(dup, sizeof dup, "%s/dup", tmpdir);
	mkdir(dup, 0755);
	write_file(dup, "a.conf", good_conf);
	write_file(dup, "b.conf", good_conf);
	/* A name taken by an earlier file: the later file is skipped, said. */
	CHECK(xt_catalog_load(dup, &cat, err, sizeof err) == 0 && cat.n == 1 && cat.nskipped == 1);
	CHECK(strstr(cat.skipped, "b.conf: image name") && strstr(cat.skipped, "already used") &&
	      strstr(cat.skipped, "fix or remove it"));
	xt_catalog_free(&cat);
	/* A corrupt file beside good ones: skipped with one sentence naming
	 * file and line; the good ones load. */
	char bad[512];
	snprintf(bad, sizeof bad, "%s/badcat", tmpdir);
	mkdir(bad, 0755);
	write_file(bad, "a.conf", good_conf);
	write_file(bad, "b.conf", "name = broken\n\x01\x02 garbage\n");
	write_file(bad, "c.conf", "memory = lots\n");
	CHECK(xt_catalog_load(bad, &cat, err, sizeof err) == 0 && cat.n == 1 && cat.nskipped == 2);
	CHECK(strstr(cat.skipped, "b.conf:2: expected 'key = value'") && strstr(cat.skipped, "(2 files are skipped)") &&
	      !strchr(cat.skipped, '\n'));
	xt_catalog_free(&cat);
	CHECK(cat.n == 0 && cat.nskipped == 0 && !cat.skipped[0]);
}

/* The catalogue's text as scripts read it (xenlive-spawn get), and the
 * build's stricter check of a whole directory (xenlive-spawn check-catalog). */
struct problems {
	int n;
	char first[512];
};

static void note_problem(void *ctx, const char *sentence)
{
	struct problems *p = ctx;
	if (p->n++ == 0)
		snprintf(p->first, sizeof p->first, "%s", sentence);
	CHECK(!strchr(sentence, '\n'));
}

static void test_catalog_values_and_check(void)
{
	struct xt_image img, again;
	char err[512], value[XT_PATH_MAX], text[2048];
	unsigned nkeys = 0;
	while (xt_catalog_key(nkeys))
		nkeys++;
	CHECK(nkeys == 12 && strcmp(xt_catalog_key(0), "name") == 0 && !xt_catalog_key(nkeys));
	CHECK(parse_conf(good_conf, &img, err, sizeof err) == 0);
	CHECK(xt_image_value(&img, "name", value, sizeof value) == 1);
	CHECK_STR(value, "debian");
	CHECK(xt_image_value(&img, "display", value, sizeof value) == 1);
	CHECK_STR(value, "Debian 12 (bookworm)");
	CHECK(xt_image_value(&img, "ramdisk", value, sizeof value) == 1);
	CHECK_STR(value, "/usr/lib/xenlive/guests/debian/initrd.gz");
	CHECK(xt_image_value(&img, "vcpus", value, sizeof value) == 1);
	CHECK_STR(value, "1");
	/* Unset keys read as unset, though the image has their defaults. */
	CHECK(img.maxmem_mib == 128 && xt_image_value(&img, "maxmem", value, sizeof value) == 0 && !value[0]);
	CHECK(xt_image_value(&img, "type", value, sizeof value) == 0 && !value[0]);
	CHECK(xt_image_value(&img, "colour", value, sizeof value) < 0);
	snprintf(text, sizeof text, "%stype = hvm\nmaxmem = 256\nmin_memory = 64\nmaxvcpus = 2\n", good_conf);
	CHECK(parse_conf(text, &img, err, sizeof err) == 0);
	CHECK(xt_image_value(&img, "type", value, sizeof value) == 1);
	CHECK_STR(value, "hvm");
	CHECK(xt_image_value(&img, "maxmem", value, sizeof value) == 1);
	CHECK_STR(value, "256");
	/* Every set key printed as "key = value" reads back as the same entry. */
	size_t len = 0;
	for (unsigned i = 0; xt_catalog_key(i); i++)
		if (xt_image_value(&img, xt_catalog_key(i), value, sizeof value) > 0)
			len += (size_t)snprintf(text + len, sizeof text - len, "%s = %s\n", xt_catalog_key(i), value);
	CHECK(parse_conf(text, &again, err, sizeof err) == 0);
	CHECK(again.set_keys == img.set_keys && again.type == XT_GUEST_HVM && again.maxmem_mib == 256 &&
	      again.min_memory_mib == 64 && again.maxvcpus == 2 && strcmp(again.kernel, img.kernel) == 0);
	/* A kernel is required, except by an HVM image (its firmware boots it). */
	const char *at = strstr(good_conf, "kernel");
	snprintf(text, sizeof text, "%.*s%s", (int)(at - good_conf), good_conf, strchr(at, '\n') + 1);
	CHECK(parse_conf(text, &img, err, sizeof err) < 0 && strstr(err, "required key 'kernel' is missing"));
	strcat(text, "type = hvm\n");
	CHECK(parse_conf(text, &img, err, sizeof err) == 0 && !img.kernel[0] &&
	      xt_image_value(&img, "kernel", value, sizeof value) == 0);

	/* check: every file as loaded, and each named after its image. */
	char dir[512];
	struct problems p = { 0 };
	snprintf(dir, sizeof dir, "%s/cat", tmpdir);
	CHECK(xt_catalog_check(dir, note_problem, &p, err, sizeof err) == 0 && p.n == 0);
	/* test_catalog_load made dup and badcat: a.conf and b.conf are both "debian". */
	snprintf(dir, sizeof dir, "%s/dup", tmpdir);
	memset(&p, 0, sizeof p);
	CHECK(xt_catalog_check(dir, note_problem, &p, err, sizeof err) == 2 && p.n == 2);
	CHECK(strstr(p.first, "a.conf: name 'debian' is not the file's; rename the file debian.conf"));
	snprintf(dir, sizeof dir, "%s/badcat", tmpdir);
	memset(&p, 0, sizeof p);
	CHECK(xt_catalog_check(dir, note_problem, &p, err, sizeof err) == 3 && p.n == 3);
	char named[512];
	snprintf(named, sizeof named, "%s/named", tmpdir);
	mkdir(named, 0755);
	CHECK(xt_catalog_check(named, note_problem, &p, err, sizeof err) < 0 && strstr(err, "has no .conf files"));
	write_file(named, "debian.conf", good_conf);
	memset(&p, 0, sizeof p);
	CHECK(xt_catalog_check(named, note_problem, &p, err, sizeof err) == 0 && p.n == 0);
	CHECK(xt_catalog_check("/nonexistent/dir", note_problem, &p, err, sizeof err) < 0 &&
	      strstr(err, "/nonexistent/dir"));
}

/* ---- launch ---- */

static void test_fit_and_names(void)
{
	char err[256];
	CHECK(xt_fit_count(1040ull << 20, 128) == 8); /* 128 + 2 MiB overhead each */
	CHECK(xt_fit_count(1039ull << 20, 128) == 7);
	CHECK(xt_fit_count(100ull << 20, 128) == 0);
	CHECK(xt_fit_count(100ull << 20, 0) == 0);
	CHECK(xt_fit_check(8, 128, 1040ull << 20, err, sizeof err) == 0);
	CHECK(xt_fit_check(8, 128, 1039ull << 20, err, sizeof err) < 0);
	CHECK(xt_fit_check(1, 2048, 1000ull << 20, err, sizeof err) < 0);
	CHECK(strstr(err, "needs 2050 MiB (with Xen's overhead), Xen has 1000 MiB free") != NULL);
	CHECK(xt_fit_check(3, 512, 1200ull << 20, err, sizeof err) < 0);
	CHECK(strstr(err, "need 1542 MiB (with Xen's overhead), Xen has 1200 MiB free") && strstr(err, "room for 2"));

	struct xt_sample s = { 0 };
	struct xt_domain_sample d[3] = { dom(0, "Domain-0", 0, 0), dom(1, "debian-1", 1, 0), dom(2, "debian-3", 2, 0) };
	set_sample(&s, 1, d, 3);
	char names[3][XT_NAME_MAX];
	CHECK(xt_instance_names("debian", 3, &s, names) == 0);
	CHECK_STR(names[0], "debian-2");
	CHECK_STR(names[1], "debian-4");
	CHECK_STR(names[2], "debian-5");
	CHECK(xt_instance_names("centos", 1, &s, names) == 0);
	CHECK_STR(names[0], "centos-1");
	CHECK(xt_is_instance_of("debian-12", "debian") && !xt_is_instance_of("debian-x", "debian"));
	CHECK(!xt_is_instance_of("debian-0", "debian") && !xt_is_instance_of("debianx-1", "debian"));
	xt_sample_free(&s);
}

static void test_xl_argv(void)
{
	char *argv[XT_XL_ARGC_MAX], buf[256];
	struct xt_create_spec spec = { .config = "/etc/xen/debian.cfg", .name = "debian-2", .memory_mib = 256, .vcpus = 2 };
	xt_xl_create_argv("xl", &spec, argv, buf, sizeof buf);
	const char *want[] = { "xl", "create", "/etc/xen/debian.cfg", "name=\"debian-2\"", "memory=256", "vcpus=2", NULL };
	for (int i = 0; want[i] || argv[i]; i++) {
		CHECK(want[i] && argv[i]);
		if (want[i] && argv[i])
			CHECK_STR(argv[i], want[i]);
	}
	struct xt_create_spec odd = { .config = "c.cfg", .name = "a b;rm -rf", .memory_mib = 64, .vcpus = 1, .console = true };
	xt_xl_create_argv("/x/xl", &odd, argv, buf, sizeof buf);
	CHECK_STR(argv[2], "-c");
	CHECK_STR(argv[3], "c.cfg");
	CHECK_STR(argv[4], "name=\"a b;rm -rf\"");  /* one word: no shell involved */
	CHECK(argv[7] == NULL);
	/* 0 = the config's own value: no override word at all. */
	struct xt_create_spec plain = { .config = "c.cfg", .name = "x" };
	xt_xl_create_argv("xl", &plain, argv, buf, sizeof buf);
	CHECK_STR(argv[3], "name=\"x\"");
	CHECK(argv[4] == NULL);
}

/* A workload runs the installed program (guest-workload.sh; cli.sh tests
 * the program itself) with the guest, the kind and, for HTTP alone, the
 * peer's address: one argument each, no shell on dom0. */
static void test_workload_argv(void)
{
	char *argv[XT_WORKLOAD_ARGC_MAX];
	static const char *const kinds[XT_LOAD_COUNT] = { "cpu", "memory", "http", "stop" };
	for (int k = 0; k < XT_LOAD_COUNT; k++) {
		const char *addr = k == XT_LOAD_HTTP ? "10.99.0.12" : NULL;
		CHECK(xt_workload_argv("db", (enum xt_workload)k, addr, argv) == 0);
		CHECK_STR(argv[0], XT_GUEST_WORKLOAD);
		CHECK_STR(argv[1], "db");
		CHECK_STR(argv[2], kinds[k]);
		CHECK(addr ? argv[3] && strcmp(argv[3], addr) == 0 && !argv[4] : !argv[3]);
	}
	CHECK(xt_workload_argv("db", XT_LOAD_HTTP, NULL, argv) < 0);
	CHECK(xt_workload_argv("db", XT_LOAD_CPU, "10.99.0.12", argv) < 0);
	CHECK(xt_workload_argv("db", XT_LOAD_COUNT, NULL, argv) < 0);
}

static char *slurp(const char *path)
{
	static char buf[8192];
	buf[0] = '\0';
	FILE *f = fopen(path, "r");
	if (f) {
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

/* The xen backend's control half against a stand-in xl: the argument
 * vector of every action, and xl's words in the error when it fails. */
static void test_xl_control(void)
{
	const char *xl = getenv("XTOP_TEST_XL");
	if (!xl) {
		printf("  XTOP_TEST_XL is not set (run through tests/run.sh)\n");
		current_failed = 1;
		return;
	}
	char xl_log[512], err[512];
	snprintf(xl_log, sizeof xl_log, "%s/xl-control.log", tmpdir);
	setenv("FAKE_XL_LOG", xl_log, 1);
	unsetenv("FAKE_XL_FAIL");
	unlink(xl_log);
	struct xt_create_spec spec = { .config = "/etc/xen/centos.cfg", .name = "centos-1", .memory_mib = 24, .vcpus = 1,
				       .maxmem_mib = 40, .maxvcpus = 2 };
	char *output = NULL;
	CHECK(xt_xl_create(xl, &spec, &output, err, sizeof err) == 0 && output == NULL);
	CHECK(xt_xl_pause(xl, 7, true, err, sizeof err) == 0);
	CHECK(xt_xl_pause(xl, 7, false, err, sizeof err) == 0);
	CHECK(xt_xl_shutdown(xl, 7, err, sizeof err) == 0);
	CHECK(xt_xl_destroy(xl, 7, err, sizeof err) == 0);
	CHECK(xt_xl_set_sched(xl, 7, 512, XT_SCHED_KEEP, err, sizeof err) == 0);
	CHECK(xt_xl_set_sched(xl, 7, XT_SCHED_KEEP, 20, err, sizeof err) == 0);
	CHECK(xt_xl_set_memory(xl, 7, 48, err, sizeof err) == 0);
	CHECK(xt_xl_set_vcpus(xl, 7, 2, err, sizeof err) == 0);
	CHECK(xt_xl_save(xl, 7, "/run/xenlive/saved/centos-1.save", err, sizeof err) == 0);
	CHECK(xt_xl_restore(xl, "/run/xenlive/saved/centos-1.save", err, sizeof err) == 0);
	CHECK(xt_xl_migrate(xl, 7, "localhost", err, sizeof err) == 0);
	CHECK_STR(slurp(xl_log), "create|/etc/xen/centos.cfg|name=\"centos-1\"|memory=24|vcpus=1|maxmem=40|maxvcpus=2\n"
				 "pause|7\n"
				 "unpause|7\n"
				 "shutdown|7\n"
				 "destroy|7\n"
				 "sched-credit2|-d|7|-w|512\n"
				 "sched-credit2|-d|7|-c|20\n"
				 "mem-set|7|48m\n"
				 "vcpu-set|7|2\n"
				 "save|7|/run/xenlive/saved/centos-1.save\n"
				 "restore|/run/xenlive/saved/centos-1.save\n"
				 "migrate|7|localhost\n");

	/* xl fails: its first line is in the sentence, all of it in output. */
	setenv("FAKE_XL_FAIL", "centos-2", 1);
	struct xt_create_spec two = { .config = "/etc/xen/centos.cfg", .name = "centos-2", .memory_mib = 24, .vcpus = 1 };
	CHECK(xt_xl_create(xl, &two, &output, err, sizeof err) < 0);
	CHECK(strstr(err, "xl create centos-2 failed: libxl: error:") && strstr(err, "cannot create domain centos-2"));
	CHECK(output && strstr(output, "out of memory"));
	free(output);
	setenv("FAKE_XL_FAIL", "9", 1);
	CHECK(xt_xl_migrate(xl, 9, "nosuchhost", err, sizeof err) < 0 && strstr(err, "xl migrate 9 failed: "));
	unsetenv("FAKE_XL_FAIL");

	/* xl that cannot be run at all. */
	CHECK(xt_xl_destroy("/nonexistent/xl", 7, err, sizeof err) < 0 && strstr(err, "xl destroy 7 failed"));
	CHECK(xt_xl_create("/nonexistent/xl", &spec, &output, err, sizeof err) < 0 && strstr(err, "xl create centos-1 failed"));
	free(output);
}

static struct xt_backend *fake_backend(const char *record, const char *extra)
{
	char err[256], script[512], text[512];
	snprintf(script, sizeof script, "%s/scenario", tmpdir);
	snprintf(text, sizeof text,
		 "host cpus=2 memory=4096 free=1000\n"
		 "domain 0 Domain-0 memory=2048 maxmem=none\n"
		 "domain 1 debian-1 memory=128\n%s",
		 extra);
	write_file(tmpdir, "scenario", text);
	struct xt_fake_options fo = { script, 0, record };
	struct xt_backend *be = xt_backend_fake_open(&fo, err, sizeof err);
	if (!be)
		printf("  fake backend: %s\n", err);
	return be;
}

static void test_launch_flow(void)
{
	char dir[512], err[1024], record[512];
	snprintf(dir, sizeof dir, "%s/cat", tmpdir);
	snprintf(record, sizeof record, "%s/record", tmpdir);
	unlink(record);
	struct xt_catalog cat;
	CHECK(xt_catalog_load(dir, &cat, err, sizeof err) == 0);
	struct xt_backend *be = fake_backend(record, "fail create debian-5\n");
	if (!be)
		return;
	const struct xt_image *deb = xt_catalog_find(&cat, "debian");
	struct xt_launch_result res;

	/* Two instances: names skip the existing debian-1. */
	struct xt_launch_request req = { .image = deb, .count = 2, .vcpus = 2 };
	CHECK(xt_launch(be, &req, &res, err, sizeof err) == 0);
	CHECK(res.n == 2);
	CHECK_STR(res.names[0], "debian-2");
	CHECK_STR(res.names[1], "debian-3");
	xt_launch_result_free(&res);
	CHECK_STR(slurp(record), "create debian-2 memory=128 vcpus=2\ncreate debian-3 memory=128 vcpus=2\n");

	/* Memory: 1000 free - 2*128 launched = 744 MiB left. */
	struct xt_launch_request big = { .image = deb, .memory_mib = 800 };
	CHECK(xt_launch(be, &big, &res, err, sizeof err) < 0);
	CHECK(strstr(err, "needs 802 MiB (with Xen's overhead), Xen has 744 MiB free") != NULL);

	/* Duplicate explicit name. */
	struct xt_launch_request dupname = { .image = deb, .name = "debian-2" };
	CHECK(xt_launch(be, &dupname, &res, err, sizeof err) < 0 && strstr(err, "already exists"));

	/* Console with several instances is refused before anything runs. */
	struct xt_launch_request cons = { .image = deb, .count = 2, .console = true };
	CHECK(xt_launch(be, &cons, &res, err, sizeof err) < 0 && strstr(err, "console"));

	/* Failure partway: the instance created before it is destroyed.  The
	 * record is emptied in place: the backend holds it open. */
	FILE *empty = fopen(record, "w");
	if (empty)
		fclose(empty);
	struct xt_launch_request three = { .image = deb, .count = 3, .memory_mib = 64 };
	CHECK(xt_launch(be, &three, &res, err, sizeof err) < 0);
	CHECK(strstr(err, "xl create debian-5 failed") && strstr(err, "nothing was left running"));
	CHECK(res.tool_output && strstr(res.tool_output, "cannot create domain debian-5"));
	CHECK(res.n == 0);
	xt_launch_result_free(&res);
	const char *rec = slurp(record);
	CHECK(strstr(rec, "create debian-4 memory=64 vcpus=1\n") && strstr(rec, "destroy debian-4\n"));
	CHECK(!strstr(rec, "create debian-5"));

	/* Missing image file. */
	struct xt_image broken = *deb;
	snprintf(broken.image, sizeof broken.image, "%s/files/gone.squashfs", tmpdir);
	struct xt_launch_request missing = { .image = &broken };
	CHECK(xt_launch(be, &missing, &res, err, sizeof err) < 0 && strstr(err, "gone.squashfs") &&
	      strstr(err, "missing"));
	xt_backend_close(be);
	xt_catalog_free(&cat);
}

/* Launches started at once wait for each other: one holding the lock
 * (a child process here) delays another until it lets go. */
static void test_launch_lock(void)
{
	char dir[512], lock[512], err[1024];
	snprintf(dir, sizeof dir, "%s/cat", tmpdir);
	snprintf(lock, sizeof lock, "%s/launch.lock", tmpdir);
	struct xt_catalog cat;
	CHECK(xt_catalog_load(dir, &cat, err, sizeof err) == 0);
	struct xt_backend *be = fake_backend(NULL, "");
	if (!be)
		return;
	int fd = open(lock, O_RDWR | O_CREAT, 0600);
	CHECK(fd >= 0 && flock(fd, LOCK_EX) == 0);
	pid_t child = fork();
	if (child == 0) {
		usleep(600000);
		_exit(0);   /* its end releases the lock */
	}
	close(fd);      /* only the child holds it now */
	uint64_t t0 = xt_monotonic_ns();
	struct xt_launch_request req = { .image = xt_catalog_find(&cat, "debian"), .lock_path = lock };
	struct xt_launch_result res;
	CHECK(xt_launch(be, &req, &res, err, sizeof err) == 0);
	CHECK(xt_monotonic_ns() - t0 >= 400000000ull);
	xt_launch_result_free(&res);
	waitpid(child, NULL, 0);
	xt_backend_close(be);
	xt_catalog_free(&cat);
}

/* Every control action on the fake backend: what it changes, what it
 * refuses, and that a refusal changes nothing. */
static void test_fake_control(void)
{
	char err[512], record[512], save_path[512];
	snprintf(record, sizeof record, "%s/control-record", tmpdir);
	snprintf(save_path, sizeof save_path, "%s/debian-1.save", tmpdir);
	unlink(record);
	unlink(save_path);
	struct xt_backend *be = fake_backend(record, "fail migrate debian-1\n");
	if (!be)
		return;
	struct xt_sample s = { 0 };
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0 && s.ndomains == 2);

	CHECK(be->ops->set_sched(be, 1, 512, 20, err, sizeof err) == 0);
	CHECK(be->ops->set_sched(be, 1, XT_SCHED_KEEP, 500, err, sizeof err) < 0 && strstr(err, "cap 500"));
	CHECK(be->ops->set_sched(be, 1, 0, XT_SCHED_KEEP, err, sizeof err) < 0 && strstr(err, "weight 0"));
	CHECK(be->ops->set_memory(be, 1, 64, err, sizeof err) == 0);
	CHECK(be->ops->set_memory(be, 1, 256, err, sizeof err) < 0 && strstr(err, "memory_static_max"));
	CHECK(be->ops->set_vcpus(be, 1, 2, err, sizeof err) < 0 && strstr(err, "1 at most"));
	CHECK(be->ops->migrate(be, 1, "peer", err, sizeof err) < 0 && strstr(err, "scripted failure"));
	CHECK(be->ops->destroy(be, 42, err, sizeof err) < 0 && strstr(err, "domain 42 does not exist"));
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0 && s.ndomains == 2);
	CHECK(s.domains[1].mem_bytes == 64ull << 20);
	CHECK(s.free_mem_bytes == 1064ull << 20);   /* the balloon gave 64 MiB back */

	/* Save: the domain goes, a file holds it; restore brings it back with
	 * its CPU time (it runs on where it stopped). */
	uint64_t cpu_before = s.domains[1].cpu_ns;
	CHECK(be->ops->save(be, 1, "/nonexistent/dir/x.save", err, sizeof err) < 0 && strstr(err, "cannot write"));
	CHECK(be->ops->save(be, 1, save_path, err, sizeof err) == 0);
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0 && s.ndomains == 1);
	CHECK(be->ops->restore(be, save_path, err, sizeof err) == 0);
	CHECK(be->ops->restore(be, save_path, err, sizeof err) < 0 && strstr(err, "already exists"));
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0 && s.ndomains == 2);
	CHECK(strcmp(s.domains[1].name, "debian-1") == 0 && s.domains[1].id > 1);
	CHECK(s.domains[1].cpu_ns >= cpu_before);

	/* Live migration to localhost: same domain, new id. */
	uint32_t id = s.domains[1].id;
	CHECK(be->ops->migrate(be, id, "localhost", err, sizeof err) < 0); /* scripted for debian-1 */
	CHECK(be->ops->pause(be, id, true, err, sizeof err) == 0);
	CHECK(be->ops->pause(be, id, false, err, sizeof err) == 0);
	CHECK(be->ops->shutdown(be, id, err, sizeof err) == 0);
	char want[2048];
	snprintf(want, sizeof want,
		 "sched debian-1 weight=512 cap=20\n"
		 "mem-set debian-1 64\n"
		 "save debian-1 %s\n"
		 "restore debian-1\n"
		 "pause debian-1\n"
		 "unpause debian-1\n"
		 "shutdown debian-1\n",
		 save_path);
	CHECK_STR(slurp(record), want);
	xt_sample_free(&s);
	xt_backend_close(be);
}

static void count_progress(void *ctx, double seconds, const char *line)
{
	(void)seconds;
	(void)line;
	++*(unsigned *)ctx;
}

/* model/control.c: every bad value gets its sentence and changes nothing. */
static void test_control_checks(void)
{
	char err[512], record[512], dir[512];
	snprintf(record, sizeof record, "%s/checks-record", tmpdir);
	snprintf(dir, sizeof dir, "%s/saved", tmpdir);
	FILE *empty = fopen(record, "w");
	if (empty)
		fclose(empty);
	struct xt_backend *be = fake_backend(record, "domain 2 db vcpus=2 memory=512 maxmem=1024\n"
						     "domain 3 huge memory=50000000 type=pv\n");
	if (!be)
		return;
	struct xt_sample s = { 0 };
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0 && s.ndomains == 4);
	const struct xt_domain_sample *dom0 = &s.domains[0], *db = &s.domains[2], *huge = &s.domains[3];
	CHECK(xt_control_sched(be, db, XT_SCHED_KEEP, 500, err, sizeof err) < 0 &&
	      strstr(err, "cap 500 is out of range: choose 0 (no cap) to 200"));
	CHECK(xt_control_sched(be, db, 70000, XT_SCHED_KEEP, err, sizeof err) < 0 && strstr(err, "weight 70000"));
	CHECK(xt_control_memory(be, db, 2048, 24, err, sizeof err) < 0 &&
	      strstr(err, "choose 24 to 1024 MiB (its maxmem)"));
	CHECK(xt_control_memory(be, db, 8, 24, err, sizeof err) < 0 && strstr(err, "out of range"));
	/* Domain-0 keeps a floor: xl, xtop and the device models live there. */
	CHECK(xt_control_memory(be, dom0, 1, 0, err, sizeof err) < 0 &&
	      strstr(err, "Domain-0 keeps at least 256 MiB (xl, xtop and the guests' device models run there): "
			  "choose 256 to 16777216 MiB"));
	CHECK(xt_control_memory(be, dom0, 255, 0, err, sizeof err) < 0);
	unsigned long lo, hi;
	xt_control_memory_range(dom0, 0, &lo, &hi);
	CHECK(lo == 256 && hi == 16ul << 20);
	xt_control_memory_range(db, 24, &lo, &hi);
	CHECK(lo == 24 && hi == 1024);
	CHECK(xt_control_vcpus(be, db, 0, err, sizeof err) < 0 && strstr(err, "choose 1 to 2 (its maxvcpus)"));
	CHECK(xt_control_vcpus(be, db, 3, err, sizeof err) < 0);
	CHECK(xt_control_migrate(be, db, "-oProxyCommand=x", NULL, NULL, err, sizeof err) < 0 &&
	      strstr(err, "not a host name"));
	CHECK(xt_control_migrate(be, db, "a b", NULL, NULL, err, sizeof err) < 0);
	CHECK(xt_control_migrate(be, dom0, "localhost", NULL, NULL, err, sizeof err) < 0 &&
	      strstr(err, "control domain"));
	CHECK(xt_control_migrate(be, huge, "localhost", NULL, NULL, err, sizeof err) < 0 &&
	      strstr(err, "huge is a PV guest"));
	/* No room for 50 TB: refused before anything is written. */
	CHECK(xt_control_save(be, huge, dir, err, sizeof err) < 0 && strstr(err, "not enough room to save huge"));
	struct xt_saved *list;
	size_t n;
	CHECK(xt_saved_list(dir, &list, &n, err, sizeof err) == 0 && n == 0);
	free(list);
	CHECK(strcmp(slurp(record), "") == 0);   /* nothing reached the backend */

	/* The good path: values applied, a save listed, restored, consumed. */
	CHECK(xt_control_sched(be, db, 512, 50, err, sizeof err) == 0);
	CHECK(xt_control_memory(be, db, 256, 24, err, sizeof err) == 0);
	CHECK(xt_control_memory(be, dom0, 256, 0, err, sizeof err) == 0 && strstr(slurp(record), "mem-set Domain-0 256\n"));
	CHECK(xt_control_vcpus(be, db, 1, err, sizeof err) == 0);
	CHECK(xt_control_save(be, db, dir, err, sizeof err) == 0);
	CHECK(xt_control_save(be, db, dir, err, sizeof err) < 0 && strstr(err, "already saved"));
	CHECK(xt_saved_list(dir, &list, &n, err, sizeof err) == 0 && n == 1 && strcmp(list[0].name, "db") == 0);
	free(list);
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0 && s.ndomains == 3);
	struct xt_sample tight = s;
	tight.free_mem_bytes = 0;
	CHECK(xt_control_restore(be, dir, "db", &tight, err, sizeof err) < 0 && strstr(err, "not enough memory to restore db"));
	CHECK(xt_control_restore(be, dir, "nosuch", &s, err, sizeof err) < 0 && strstr(err, "no saved guest is named 'nosuch'"));
	CHECK(xt_control_restore(be, dir, "db", &s, err, sizeof err) == 0);
	CHECK(xt_saved_list(dir, &list, &n, err, sizeof err) == 0 && n == 0);
	free(list);
	/* A migration's progress reaches the caller, and only during it. */
	unsigned heard = 0;
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0 && s.ndomains == 4 && strcmp(s.domains[3].name, "db") == 0);
	CHECK(xt_control_migrate(be, &s.domains[3], "peer", count_progress, &heard, err, sizeof err) == 0);
	CHECK(heard > 0 && be->progress == NULL && be->progress_ctx == NULL);
	xt_sample_free(&s);
	xt_backend_close(be);
}

static void test_fake_backend_and_batch(void)
{
	struct xt_fake_options fo = { NULL, 50, NULL };
	char err[256];
	struct xt_backend *be = xt_backend_fake_open(&fo, err, sizeof err);
	CHECK(be != NULL);
	if (!be)
		return;
	struct xt_sample s = { 0 };
	struct xt_stats st;
	xt_stats_init(&st);
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0 && s.ndomains == 50);
	xt_stats_update(&st, &s);
	usleep(20000);
	be->ops->sample(be, &s, err, sizeof err);
	xt_stats_update(&st, &s);
	/* guest-0001 has load 0.185: 18.5 % of one pCPU. */
	const struct xt_domain_view *v = xt_stats_find(&st, 1);
	CHECK(v && v->rates_known);
	CHECK_NEAR(v->cpu_pct, 18.5, 0.5);
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct xt_batch_format fmt = { .sort = XT_F_NAME };
	xt_batch_print_text(mem, &st, &fmt);
	fclose(mem);
	static const char header[] = "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) "
				     "MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  "
				     "VBD_RSECT  VBD_WSECT SSID\n";
	CHECK(strncmp(text, header, strlen(header)) == 0);
	CHECK(strstr(text, "\n  Domain-0 -----r ") != NULL);
	CHECK(strstr(text, "no limit") && strstr(text, "n/a"));
	int lines = 0;
	for (char *p = text; *p; p++)
		lines += *p == '\n';
	CHECK(lines == 51);
	free(text);
	mem = open_memstream(&text, &len);
	xt_batch_print_json(mem, &st);
	fclose(mem);
	CHECK(text[0] == '{' && strstr(text, "\"name\":\"guest-0001\"") && text[len - 1] == '\n');
	CHECK(strstr(text, "\"cpu_pct\":18.") != NULL);
	free(text);
	xt_sample_free(&s);
	xt_stats_free(&st);
	xt_backend_close(be);
}

/* Prints one iteration in the given format into a string (caller frees). */
static char *batch_text(const struct xt_stats *st, const struct xt_batch_format *fmt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return NULL;
	xt_batch_print_text(mem, st, fmt);
	fclose(mem);
	return text;
}

static const char xentop_header[] =
	"      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS"
	"   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n";

/* xentop -b's exact lines, written out from xentop.c's formats. */
static void test_batch_format(void)
{
	struct xt_stats st;
	struct xt_sample s = { 0 };
	xt_stats_init(&st);
	struct xt_batch_format fmt = { .sort = XT_F_NAME };

	/* No domains: xentop prints nothing at all, not even the header. */
	set_sample(&s, 1000000000ull, NULL, 0);
	xt_stats_update(&st, &s);
	char *text = batch_text(&st, &fmt);
	CHECK(text && text[0] == '\0');
	free(text);

	struct xt_domain_sample d[2] = { dom(0, "Domain-0", 1, 12500000000ull), dom(7, "a-very-long-guest-name", 2, 0) };
	d[0].maxmem_bytes = XT_MEM_UNLIMITED;
	d[1].state = XT_BLOCKED;
	d[1].nets = 1;
	d[1].vbds = 1;
	d[1].vbd_stats_ok = true;
	d[1].net_rx_bytes = 123456789ull * 1024;   /* 9 digits: NETRX(k) grows to 9 */
	d[1].vbd_rd_sect = 4096;
	d[1].vbd_wr = 99999999;                    /* 8 digits, but 99999999 + 1 has 9 */
	d[1].vcpus = 7;
	d[1].net_first = d[1].vbd_first = 0;
	d[1].vcpu_first = 2;
	d[0].vcpus = 2;
	s.want_devices = true;
	struct xt_vcpu_sample *vc = xt_devices_add_vcpu(&s.devices, 9);
	struct xt_net_sample *net = xt_devices_add_net(&s.devices, 1);
	struct xt_vbd_sample *vbd = xt_devices_add_vbd(&s.devices, 1);
	CHECK(vc && net && vbd);
	if (!vc || !net || !vbd)
		return;
	vc[0] = (struct xt_vcpu_sample){ true, 7000000000ull };
	vc[1] = (struct xt_vcpu_sample){ true, 5500000000ull };
	for (int j = 0; j < 7; j++)
		vc[2 + j] = (struct xt_vcpu_sample){ j != 2, (uint64_t)j * 1000000000ull };
	*net = (struct xt_net_sample){ 126419751936ull, 123, 1, 2, 4096, 4, 0, 0, 0 };
	*vbd = (struct xt_vbd_sample){ 51712, XT_VBD_BLKBACK, false, 3, 512, 99999999, 4096, 8 };
	set_sample(&s, 2000000000ull, d, 2);
	CHECK(xt_stats_update(&st, &s) == 0);
	xt_devices_clear(&s.devices);   /* the stats kept their own copy */

	text = batch_text(&st, &fmt);
	static const char plain[] =
		"      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k)  NETRX(k) VBDS"
		"   VBD_OO   VBD_RD    VBD_WR  VBD_RSECT  VBD_WSECT SSID\n"
		"a-very-lon --b---          0    0.0     262144    6.2     262144       6.2     7    1        0 123456789    1"
		"        0        0  99999999       4096          0    0\n"
		"  Domain-0 -----r         12    0.0     262144    6.2   no limit       n/a     2    0        0         0    0"
		"        0        0         0          0          0    0\n";
	CHECK(text && strcmp(text, plain) == 0);
	if (text && strcmp(text, plain) != 0)
		printf("%s", text);
	free(text);

	fmt = (struct xt_batch_format){ .full_name = true, .networks = true, .vbds = true, .vcpus = true,
					.repeat_header = true, .sort = XT_F_NAME };
	text = batch_text(&st, &fmt);
	static const char full[] =
		"                  NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k)  NETRX(k) VBDS"
		"   VBD_OO   VBD_RD    VBD_WR  VBD_RSECT  VBD_WSECT SSID\n"
		"a-very-long-guest-name --b---          0    0.0     262144    6.2     262144       6.2     7    1        0 123456789    1"
		"        0        0  99999999       4096          0    0\n"
		"VCPUs(sec):   0:          0s  1:          1s  3:          3s  4:          4s\n"
		"          5:          5s  6:          6s\n"
		"Net0 RX: 126419751936bytes      123pkts        1err        2drop  TX:     4096bytes        4pkts        0err        0drop\n"
		"VBD BlkBack 51712 [ca: 0]  OO:        3   RD:      512   WR: 99999999   RSECT:       4096   WSECT:          8\n"
		"                  NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k)  NETRX(k) VBDS"
		"   VBD_OO   VBD_RD    VBD_WR  VBD_RSECT  VBD_WSECT SSID\n"
		"              Domain-0 -----r         12    0.0     262144    6.2   no limit       n/a     2    0        0         0    0"
		"        0        0         0          0          0    0\n"
		"VCPUs(sec):   0:          7s  1:          5s\n";
	CHECK(text && strcmp(text, full) == 0);
	if (text && strcmp(text, full) != 0)
		printf("%s", text);
	free(text);

	/* A second sample gives real rates; a VBD read error shows "-". */
	d[0].cpu_ns += 500000000ull;
	d[1].vbd_stats_ok = false;
	set_sample(&s, 3000000000ull, d, 2);
	xt_stats_update(&st, &s);
	fmt = (struct xt_batch_format){ .sort = XT_F_NAME, .reverse = true };
	text = batch_text(&st, &fmt);
	CHECK(text && strncmp(text, xentop_header, 10) == 0);
	CHECK(text && strstr(text, "\n  Domain-0 -----r         13   50.0 "));
	CHECK(text && strstr(text, "   1        -        -        -          -          -    0\n"));
	CHECK(text && strstr(text, "Domain-0") < strstr(text, "a-very-lon"));   /* --reverse */
	free(text);
	xt_sample_free(&s);
	xt_stats_free(&st);
}

/* The fake backend's per-device lines add up to its per-domain totals. */
static void test_fake_devices(void)
{
	char path[300];
	snprintf(path, sizeof path, "%s/devices.scen", tmpdir);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("domain 0 Domain-0 vcpus=4 online=3 cpu_time=10\n"
	      "domain 2 g nets=2 vbds=3 vbd_errors=1 rx_bytes=1001 tx_bytes=7 rd_sectors=30 wr_sectors=5 oo_reqs=4\n",
	      f);
	fclose(f);
	struct xt_fake_options fo = { path, 0, NULL };
	char err[256];
	struct xt_backend *be = xt_backend_fake_open(&fo, err, sizeof err);
	CHECK(be != NULL);
	if (!be)
		return;
	struct xt_sample s = { 0 };
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0 && s.ndomains == 2);
	CHECK(s.devices.nnet == 0 && s.devices.nvcpu == 0);   /* not asked for */
	s.want_devices = true;
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0);
	CHECK(s.devices.nnet == 2 && s.devices.nvbd == 3 && s.devices.nvcpu == 5);
	const struct xt_domain_sample *g = &s.domains[1];
	CHECK(g->nets == 2 && g->vbds == 3 && g->net_first == 0 && g->vbd_first == 0 && g->vcpu_first == 4);
	const struct xt_net_sample *n = &s.devices.net[g->net_first];
	CHECK(n[0].rx_bytes + n[1].rx_bytes == g->net_rx_bytes && g->net_rx_bytes == 1001);
	CHECK(n[0].tx_bytes + n[1].tx_bytes == 7 && n[0].rx_packets == 1);
	const struct xt_vbd_sample *b = &s.devices.vbd[g->vbd_first];
	CHECK(!b[0].error && !b[1].error && b[2].error && g->vbd_stats_ok);
	CHECK(b[0].rd_sect + b[1].rd_sect == g->vbd_rd_sect && g->vbd_rd_sect == 20);   /* the failing one is left out */
	CHECK(b[0].dev == 51712 && b[1].dev == 51728 && b[0].kind == XT_VBD_BLKBACK);
	const struct xt_vcpu_sample *vc = &s.devices.vcpu[s.domains[0].vcpu_first];
	CHECK(vc[0].online && vc[2].online && !vc[3].online);
	CHECK(vc[0].ns + vc[1].ns + vc[2].ns == s.domains[0].cpu_ns);

	struct xt_stats st;
	xt_stats_init(&st);
	CHECK(xt_stats_update(&st, &s) == 0);
	const struct xt_domain_view *v = xt_stats_find(&st, 2);
	CHECK(v && xt_view_nets(&st, v) && xt_view_vbds(&st, v) && xt_view_vcpus(&st, v));
	CHECK(v && xt_view_nets(&st, v)[1].tx_bytes == n[1].tx_bytes);
	s.want_devices = false;
	be->ops->sample(be, &s, err, sizeof err);
	xt_stats_update(&st, &s);
	v = xt_stats_find(&st, 2);
	CHECK(v && !xt_view_nets(&st, v) && !xt_view_vcpus(&st, v));
	/* Per-device rates need devices in two samples in a row. */
	double a, b2;
	CHECK(v && !xt_view_net_rates(&st, v, 0, &a, &b2));
	s.want_devices = true;
	be->ops->sample(be, &s, err, sizeof err);
	xt_stats_update(&st, &s);
	v = xt_stats_find(&st, 2);
	CHECK(v && !xt_view_net_rates(&st, v, 0, &a, &b2) && !xt_view_vcpu_pct(&st, v, 0, &a));
	be->ops->sample(be, &s, err, sizeof err);
	xt_stats_update(&st, &s);
	v = xt_stats_find(&st, 2);
	CHECK(v && xt_view_net_rates(&st, v, 1, &a, &b2) && a == 0 && b2 == 0);   /* no traffic in g */
	CHECK(v && !xt_view_net_rates(&st, v, 2, &a, &b2));                        /* it has two */
	CHECK(v && xt_view_vbd_rates(&st, v, 0, &a, &b2) && !xt_view_vbd_rates(&st, v, 2, &a, &b2)); /* the failing one */
	CHECK(v && xt_view_vcpu_pct(&st, v, 0, &a) && a == 0);
	xt_stats_free(&st);
	xt_sample_free(&s);
	xt_backend_close(be);
}

/* The domain page's backend reads: dnsmasq leases, the end of a console
 * log, and the fake backend's scripted addresses and console lines. */
static void test_domain_page_backend(void)
{
	char path[300], addr[64], buf[64], err[256];
	write_file(tmpdir, "leases", "1700000000 00:16:3e:00:00:07 10.0.0.7 web-1 01:00:16:3e:00:00:07\n"
			 "garbage\n"
			 "1700000001 00:16:3e:00:00:09 10.0.0.9 db *\n"
			 "1700000002 00:16:3E:00:00:07 10.0.0.17 web-1 *\n");
	snprintf(path, sizeof path, "%s/leases", tmpdir);
	xt_lease_find(path, "00:16:3e:00:00:07", "nosuch", addr, sizeof addr);
	CHECK_STR(addr, "10.0.0.17");       /* the later lease, MAC in any case */
	xt_lease_find(path, "00:16:3e:ff:ff:ff", "db", addr, sizeof addr);
	CHECK_STR(addr, "10.0.0.9");        /* by name when the MAC has none */
	xt_lease_find(path, "", NULL, addr, sizeof addr);
	CHECK_STR(addr, "");
	xt_lease_find("/nonexistent/leases", "00:16:3e:00:00:07", "web-1", addr, sizeof addr);
	CHECK_STR(addr, "");

	write_file(tmpdir, "console.log", "one\ntwo\nthree\nfour\n");
	snprintf(path, sizeof path, "%s/console.log", tmpdir);
	CHECK(xt_file_tail(path, 2, buf, sizeof buf) == 0);
	CHECK_STR(buf, "three\nfour");
	CHECK(xt_file_tail(path, 10, buf, sizeof buf) == 0);
	CHECK_STR(buf, "one\ntwo\nthree\nfour");
	CHECK(xt_file_tail(path, 2, buf, 12) == 0);     /* only the end read: "ree\nfour\n" */
	CHECK_STR(buf, "four");
	write_file(tmpdir, "console.log", "no newline at the end");
	CHECK(xt_file_tail(path, 3, buf, sizeof buf) == 0);
	CHECK_STR(buf, "no newline at the end");
	write_file(tmpdir, "console.log", "");
	CHECK(xt_file_tail(path, 3, buf, sizeof buf) == 0 && buf[0] == '\0');
	CHECK(xt_file_tail("/nonexistent/console.log", 3, buf, sizeof buf) < 0);

	write_file(tmpdir, "page.scen", "domain 0 Domain-0\n"
			 "domain 4 web-1 net_rx=100 nets=2 blk_rd=10 addr=10.0.0.4 disk=/srv/web.img\n"
			 "console web-1 Linux version 6.1 (fake)\n"
			 "console Domain-0 not web-1's\n"
			 "console web-1   web-1 login:\n"
			 "console web-1 last line\n");
	snprintf(path, sizeof path, "%s/page.scen", tmpdir);
	struct xt_fake_options fo = { path, 0, NULL };
	struct xt_backend *be = xt_backend_fake_open(&fo, err, sizeof err);
	CHECK(be != NULL);
	if (!be)
		return;
	struct xt_sample s = { 0 };
	CHECK(be->ops->sample(be, &s, err, sizeof err) == 0);
	struct xt_domain_info info;
	CHECK(be->ops->domain_info(be, 4, "web-1", &info, err, sizeof err) == 0);
	CHECK(info.nnets == 2 && info.ndisks == 1 && info.nets[1].id == 1);
	CHECK_STR(info.nets[0].addr, "10.0.0.4");
	CHECK_STR(info.nets[1].addr, "");
	CHECK_STR(info.nets[0].mac, "00:16:3e:00:04:00");
	CHECK(info.disks[0].dev == 51712);
	CHECK_STR(info.disks[0].target, "/srv/web.img");
	CHECK(be->ops->domain_info(be, 9, "nosuch", &info, err, sizeof err) < 0);
	char text[256];
	CHECK(be->ops->console_tail(be, 4, "web-1", 2, text, sizeof text, err, sizeof err) == 0);
	CHECK_STR(text, "web-1 login:\nlast line");
	CHECK(be->ops->console_tail(be, 4, "web-1", 9, text, sizeof text, err, sizeof err) == 0);
	CHECK_STR(text, "Linux version 6.1 (fake)\nweb-1 login:\nlast line");
	CHECK(be->ops->console_tail(be, 4, "web", 9, text, sizeof text, err, sizeof err) < 0 &&
	      strstr(err, "console log not kept"));
	xt_sample_free(&s);
	xt_backend_close(be);
}

/* The domain page's model and formatting: graph rows, disk names, the
 * image a domain came from. */
static void test_domain_page_helpers(void)
{
	char buf[256];
	const float v[4] = { 0, 25, 50, 100 };
	/* Two rows, eighths: 25 % of 16 eighths is 4 (bottom row half), 50 % fills
	 * the bottom row, 100 % both; the newest sits at the right edge. */
	xt_graph_row(buf, sizeof buf, v, 4, 6, 100, 1, 2, false);
	CHECK_STR(buf, "   =##");
	xt_graph_row(buf, sizeof buf, v, 4, 6, 100, 0, 2, false);
	CHECK_STR(buf, "     #");
	xt_graph_row(buf, sizeof buf, v, 4, 2, 100, 1, 2, false);   /* only the newest fit */
	CHECK_STR(buf, "##");
	const float tiny[1] = { 0.01f };
	xt_graph_row(buf, sizeof buf, tiny, 1, 1, 100, 2, 3, true);   /* above 0 shows */
	CHECK_STR(buf, "\u2581");
	xt_graph_row(buf, sizeof buf, v, 4, 4, 100, 2, 2, true);      /* no such row */
	CHECK_STR(buf, "");
	xt_graph_row(buf, 4, v, 4, 4, 100, 1, 2, true);               /* cut, never overrun */
	CHECK(strlen(buf) < 4);

	xt_fmt_vbd_name(buf, sizeof buf, 51712);
	CHECK_STR(buf, "xvda");
	xt_fmt_vbd_name(buf, sizeof buf, 51729);
	CHECK_STR(buf, "xvdb1");
	xt_fmt_vbd_name(buf, sizeof buf, 768);
	CHECK_STR(buf, "hda");
	xt_fmt_vbd_name(buf, sizeof buf, 22u << 8);
	CHECK_STR(buf, "hdc");
	xt_fmt_vbd_name(buf, sizeof buf, 8u << 8 | 17);
	CHECK_STR(buf, "sdb1");
	xt_fmt_vbd_name(buf, sizeof buf, 1u << 28 | 26u << 8);
	CHECK_STR(buf, "xvdaa");
	xt_fmt_vbd_name(buf, sizeof buf, 7u << 8);
	CHECK_STR(buf, "disk 1792");

	char dir[300], err[256];
	snprintf(dir, sizeof dir, "%s/cat", tmpdir);
	struct xt_catalog cat;
	CHECK(xt_catalog_load(dir, &cat, err, sizeof err) == 0);
	const struct xt_image *img = xt_image_of(&cat, "debian-2", NULL);
	CHECK(img && strcmp(img->name, "debian") == 0);
	CHECK(xt_image_of(&cat, "centos", NULL) == xt_catalog_find(&cat, "centos"));
	CHECK(xt_image_of(&cat, "debian-0", NULL) == NULL && xt_image_of(&cat, "web", NULL) == NULL);
	/* Launched with its own name: known by its root image. */
	struct xt_domain_info info = { .ndisks = 1 };
	snprintf(info.disks[0].target, sizeof info.disks[0].target, "%s", xt_catalog_find(&cat, "centos")->image);
	CHECK(xt_image_of(&cat, "my-server", &info) == xt_catalog_find(&cat, "centos"));
	xt_catalog_free(&cat);
}

/* The settings file: key = value lines, every error with FILE:LINE and
 * the file ignored, atomic writes, the path from the environment, and the
 * command line winning over the file. */
static void test_settings(void)
{
	struct xt_settings s, d;
	char err[512];
	xt_settings_defaults(&d);
	CHECK(d.sort_field == XT_F_ID && !d.sort_reverse && d.cpu_mode == XT_CPU_PCPU && d.delay_s == 2.0 &&
	      !d.all_columns && d.color);
	s = d;
	const char *good = "# comment\r\n\n  sort = cpu   # by CPU\r\nreverse=yes\ncpu_mode = host\n"
			   "delay = 0.5\ncolumns = all\ncolor = no\nsort = mem";
	CHECK(xt_settings_parse(good, strlen(good), "rc", &s, err, sizeof err) == 0);
	CHECK(s.sort_field == XT_F_MEM && s.sort_reverse && s.cpu_mode == XT_CPU_HOST && s.delay_s == 0.5 &&
	      s.all_columns && !s.color);   /* the last of a key given twice wins */
	CHECK(xt_settings_parse("", 0, "rc", &s, err, sizeof err) == 0 && s.sort_field == XT_F_MEM);
	static const struct { const char *text, *error; } bad[] = {
		{ "sort = cpu\nsort = bogus\n", "rc:2: unknown sort column 'bogus'" },
		{ "sort = history\n", "rc:1: unknown sort column 'history'" },
		{ "reverse = maybe\n", "rc:1: reverse is yes or no, not 'maybe'" },
		{ "\n\ncpu_mode = pCPU\n", "rc:3: cpu_mode is pcpu, vcpu or host, not 'pCPU'" },
		{ "delay = 0.05\n", "rc:1: delay is seconds from 0.1 to 3600, not '0.05'" },
		{ "delay = 1e3\n", "rc:1: delay is seconds" },
		{ "delay =\n", "rc:1: delay is seconds from 0.1 to 3600, not ''" },
		{ "columns = some\n", "rc:1: columns is default or all" },
		{ "colour = no\n", "rc:1: unknown setting 'colour'" },
		{ "sort cpu\n", "rc:1: 'sort cpu' is not a 'key = value' line" },
		{ "sort = cpu\nxx\0yy\n", "rc:2: not a text file" },
		{ "\x1b[31m = 1\n", "rc:1: unknown setting '?[31m'" },
		{ "sort = abcdefghijklmnopqrstuvwxyz\n", "rc:1: unknown sort column 'abcdefghijklmnopqrs~'" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t len = strlen(bad[i].text);
		if (strstr(bad[i].error, "not a text"))
			len = 17;   /* past the NUL */
		s = d;
		err[0] = '\0';
		CHECK(xt_settings_parse(bad[i].text, len, "rc", &s, err, sizeof err) < 0);
		CHECK(strncmp(err, bad[i].error, strlen(bad[i].error)) == 0);
		CHECK(memcmp(&s, &d, sizeof s) == 0);      /* nothing of a bad file is taken */
		if (strncmp(err, bad[i].error, strlen(bad[i].error)) != 0)
			printf("  got: %s\n", err);
	}
	char longline[400];
	memset(longline, 'x', sizeof longline);
	CHECK(xt_settings_parse(longline, sizeof longline, "rc", &s, err, sizeof err) < 0 && strstr(err, "too long"));

	/* Saved and read back; the directories are made, no temporary left. */
	char path[600], dir[600];
	snprintf(path, sizeof path, "%s/cfg/xtop/xtoprc", tmpdir);
	s = d;
	s.sort_field = XT_F_UPTIME;
	s.sort_reverse = true;
	s.cpu_mode = XT_CPU_VCPU;
	s.delay_s = 0.25;
	s.all_columns = true;
	CHECK(xt_settings_save(path, &s, err, sizeof err) == 0);
	struct xt_settings back;
	CHECK(xt_settings_load(path, path, &back, err, sizeof err) == 1);
	CHECK(memcmp(&back, &s, sizeof s) == 0);
	snprintf(dir, sizeof dir, "%s/cfg/xtop", tmpdir);
	DIR *dh = opendir(dir);
	int entries = 0;
	for (struct dirent *de; dh && (de = readdir(dh));)
		entries += de->d_name[0] != '.';
	if (dh)
		closedir(dh);
	CHECK(entries == 1);
	CHECK(xt_settings_save("/proc/no/such/xtoprc", &s, err, sizeof err) < 0 && strstr(err, "cannot save the settings"));
	/* No file: the defaults, no error.  A bad one: the defaults and why. */
	snprintf(path, sizeof path, "%s/cfg/none", tmpdir);
	CHECK(xt_settings_load(path, path, &back, err, sizeof err) == 0 && memcmp(&back, &d, sizeof d) == 0);
	write_file(tmpdir, "badrc", "sort = cpu\ncpu_mode = fast\n");
	snprintf(path, sizeof path, "%s/badrc", tmpdir);
	CHECK(xt_settings_load(path, path, &back, err, sizeof err) < 0 && memcmp(&back, &d, sizeof d) == 0);
	CHECK(strstr(err, "badrc:2: cpu_mode is pcpu, vcpu or host, not 'fast'; the file is ignored") != NULL);

	/* Only what changed on the screen goes into the file. */
	struct xt_settings file = d, before = d, now = d;
	file.sort_field = XT_F_CPU;      /* the file's, overridden by -s on the command line */
	before.sort_field = now.sort_field = XT_F_NAME;
	CHECK(!xt_settings_follow(&file, &before, &now) && file.sort_field == XT_F_CPU);
	now.cpu_mode = XT_CPU_HOST;
	CHECK(xt_settings_follow(&file, &before, &now) && file.cpu_mode == XT_CPU_HOST && file.sort_field == XT_F_CPU);
	before = now;
	now.sort_field = XT_F_MEM;
	CHECK(xt_settings_follow(&file, &before, &now) && file.sort_field == XT_F_MEM);

	/* The path: XDG_CONFIG_HOME when absolute, else HOME. */
	char *old_xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	setenv("HOME", "/home/u", 1);
	CHECK(xt_settings_path(path, sizeof path) == 0);
	CHECK_STR(path, "/x/cfg/xtop/xtoprc");
	setenv("XDG_CONFIG_HOME", "relative", 1);
	CHECK(xt_settings_path(path, sizeof path) == 0);
	CHECK_STR(path, "/home/u/.config/xtop/xtoprc");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	CHECK(xt_settings_path(path, sizeof path) < 0);

	/* Setup: the file fills in what the command line left out. */
	snprintf(dir, sizeof dir, "%s/cfg", tmpdir);
	setenv("XDG_CONFIG_HOME", dir, 1);
	struct xt_options o;
	struct xt_settings_file sf;
	CHECK(parse(&o, err, sizeof err, NULL) == 0);
	xt_settings_setup(&sf, &o);
	CHECK(o.settings == &sf && sf.path[0] && !sf.error[0]);
	CHECK(o.sort_field == XT_F_UPTIME && o.sort_reverse && o.cpu_mode == XT_CPU_VCPU && o.delay_s == 0.25 &&
	      o.all_columns && !o.no_color);
	CHECK(parse(&o, err, sizeof err, "-s", "name", "-d", "3", "--cpu-mode", "host", NULL) == 0);
	xt_settings_setup(&sf, &o);
	CHECK(o.sort_field == XT_F_NAME && !o.sort_reverse && o.cpu_mode == XT_CPU_HOST && o.delay_s == 3.0);
	CHECK(sf.saved.sort_field == XT_F_UPTIME);     /* the file's, kept for writing */
	CHECK(parse(&o, err, sizeof err, "--reverse", NULL) == 0);
	xt_settings_setup(&sf, &o);
	CHECK(o.sort_field == XT_F_UPTIME && o.sort_reverse);
	CHECK(parse(&o, err, sizeof err, "--no-config", NULL) == 0);
	xt_settings_setup(&sf, &o);
	CHECK(!sf.path[0] && o.sort_field == XT_F_ID && o.delay_s == 2.0);
	CHECK(parse(&o, err, sizeof err, "-b", NULL) == 0);
	xt_settings_setup(&sf, &o);
	CHECK(!sf.path[0] && o.sort_field == XT_F_ID);   /* batch output stays xentop's */
	if (old_xdg)
		setenv("XDG_CONFIG_HOME", old_xdg, 1);
	else
		unsetenv("XDG_CONFIG_HOME");
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_xdg);
	free(old_home);
}

static void test_pool(void)
{
	struct xt_pool p;
	char err[256];
	const char *text = "host xenlive-340a 169.254.1.10 480 self 1\n"
			   "domain xenlive-340a mig-1 28 1 -b----\n"
			   "garbage line\n"
			   "host xenlive-340b 169.254.1.11 40 up 0\n"
			   "host xenlive-340c - -1 lost 0\n";
	CHECK(xt_pool_parse(text, &p) == 3);
	CHECK(p.ndomains == 1 && p.domains[0].mem_mib == 28 && strcmp(p.domains[0].host, "xenlive-340a") == 0);
	CHECK(p.hosts[0].self && p.hosts[0].up && p.hosts[0].free_mib == 480);
	CHECK(!p.hosts[1].self && p.hosts[1].up && strcmp(p.hosts[1].addr, "169.254.1.11") == 0);
	CHECK(!p.hosts[2].up && p.hosts[2].free_mib == -1);
	CHECK(xt_pool_find(&p, "xenlive-340b") == &p.hosts[1] && !xt_pool_find(&p, "nosuch"));
	CHECK(xt_pool_parse("", &p) == 0 && p.ndomains == 0);
	xt_pool_parse(text, &p);
	struct xt_domain_sample d = { .id = 3, .mem_bytes = 28ull << 20 };
	strcpy(d.name, "mig-1");
	CHECK(xt_control_migrate_fits(&p, &d, "xenlive-340b", err, sizeof err) == 0);
	d.mem_bytes = 39ull << 20;
	CHECK(xt_control_migrate_fits(&p, &d, "xenlive-340b", err, sizeof err) < 0 &&
	      strstr(err, "xenlive-340b has 40 MiB free and mig-1 needs 41 MiB"));
	CHECK(xt_control_migrate_fits(&p, &d, "xenlive-340c", err, sizeof err) < 0 && strstr(err, "not been heard from"));
	CHECK(xt_control_migrate_fits(&p, &d, "localhost", err, sizeof err) == 0);
	CHECK(xt_control_migrate_fits(&p, &d, "xenlive-340a", err, sizeof err) == 0);
	/* Serving the CD: a serve line per network card, after the hosts;
	 * a mode it does not know is skipped, none means not serving. */
	CHECK(p.nserves == 0);
	xt_pool_parse("host xenlive-340a 169.254.1.10 480 self 0\n"
		      "serve enp0s3 169.254.3.4 dhcp\n"
		      "serve enp0s8 10.0.2.15 proxy\n"
		      "serve enp0s9 10.0.3.15 bogus\n"
		      "serve enp0s10\n", &p);
	CHECK(p.nhosts == 1 && p.nserves == 2);
	CHECK_STR(p.serves[0].nic, "enp0s3");
	CHECK_STR(p.serves[0].addr, "169.254.3.4");
	CHECK(p.serves[0].dhcp && !p.serves[1].dhcp);
	CHECK_STR(p.serves[1].addr, "10.0.2.15");
	CHECK(xt_pool_parse("serve enp0s3 169.254.3.4 dhcp\n", &p) == 0 && p.nserves == 1);
}

/* xenlive-pool serve as the xen backend runs it: a stand-in on PATH says
 * its one line on stdout, or its sentence on stderr with exit status 1. */
static void test_pool_serve_run(void)
{
	char bin[512], said[256], path[4096];
	snprintf(bin, sizeof bin, "%s/serve-bin", tmpdir);
	mkdir(bin, 0700);
	write_file(bin, "xenlive-pool",
		   "#!/bin/sh\n"
		   "case \"$*\" in\n"
		   "'serve') echo 'serving on enp0s3 (169.254.3.4): full DHCP, no DHCP server on this segment' ;;\n"
		   "'serve --stop') echo 'stopped serving' ;;\n"
		   "*) exit 2 ;;\n"
		   "esac\n");
	char script[600];
	snprintf(script, sizeof script, "%s/xenlive-pool", bin);
	chmod(script, 0700);
	const char *old = getenv("PATH");
	char *saved = old ? strdup(old) : NULL;
	snprintf(path, sizeof path, "%s:%s", bin, old ? old : "/usr/bin:/bin");
	setenv("PATH", path, 1);
	CHECK(xt_pool_serve_run(true, said, sizeof said) == 0);
	CHECK_STR(said, "serving on enp0s3 (169.254.3.4): full DHCP, no DHCP server on this segment");
	CHECK(xt_pool_serve_run(false, said, sizeof said) == 0);
	CHECK_STR(said, "stopped serving");
	/* A refusal: the sentence, without the program's name before it. */
	write_file(bin, "xenlive-pool",
		   "#!/bin/sh\necho 'xenlive-pool: this host is in no pool; join one first.' >&2\nexit 1\n");
	CHECK(xt_pool_serve_run(true, said, sizeof said) < 0);
	CHECK_STR(said, "this host is in no pool; join one first.");
	/* A crash: its last words, not a traceback's first line. */
	write_file(bin, "xenlive-pool", "#!/bin/sh\necho 'Traceback (most recent call last):' >&2\n"
		   "echo '  File x, line 1' >&2\necho 'OSError: no such device' >&2\necho >&2\nexit 1\n");
	CHECK(xt_pool_serve_run(true, said, sizeof said) < 0);
	CHECK_STR(said, "OSError: no such device");
	write_file(bin, "xenlive-pool", "#!/bin/sh\nexit 3\n");
	CHECK(xt_pool_serve_run(false, said, sizeof said) < 0);
	CHECK_STR(said, "xenlive-pool serve failed (exit status 3)");
	if (saved)
		setenv("PATH", saved, 1);
	else
		unsetenv("PATH");
	free(saved);
}

/* ---- the xen backend's readers of Domain-0's files and QEMU's QMP ---- */

static const char netdev_text[] =
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
	"    lo:  510716   91103    0    0    0     0          0         0   510716   91103    0    0    0     0       0          0\n"
	"vif3.0:    5000      40    1    2    0     0          0         0     7000      50    3    4    0     0       0          0\n"
	"vif12.1-emu: 12345678901 7 0 0 0 0 0 0 98765432109 8 0 0 0 0 0 0\n"
	"  web0:     100       1    0    0    0     0          0         0      200       2    0    0    0     0       0          0";

static void test_dom0_netdev_text(void)
{
	const char *pos = netdev_text;
	char name[XT_IFNAME];
	struct xt_net_sample c;
	CHECK(xt_netdev_next(&pos, name, &c));
	CHECK_STR(name, "lo");
	CHECK(c.rx_bytes == 510716 && c.rx_packets == 91103 && c.tx_bytes == 510716);
	CHECK(xt_netdev_next(&pos, name, &c));
	CHECK_STR(name, "vif3.0");
	CHECK(c.rx_bytes == 5000 && c.rx_packets == 40 && c.rx_errs == 1 && c.rx_drop == 2);
	CHECK(c.tx_bytes == 7000 && c.tx_packets == 50 && c.tx_errs == 3 && c.tx_drop == 4);
	CHECK(xt_netdev_next(&pos, name, &c));
	CHECK_STR(name, "vif12.1-emu");
	CHECK(c.rx_bytes == 12345678901ull && c.tx_bytes == 98765432109ull && c.tx_packets == 8);
	CHECK(xt_netdev_next(&pos, name, &c));   /* the last line, without its newline */
	CHECK_STR(name, "web0");
	CHECK(c.rx_bytes == 100 && c.tx_packets == 2);
	CHECK(!xt_netdev_next(&pos, name, &c));
	/* A short line takes no number from the next one. */
	pos = "a: 1 2\n9b: 3 4 5 6 7 8 9 10 11\n";
	CHECK(xt_netdev_next(&pos, name, &c) && c.rx_bytes == 1 && c.rx_packets == 2 && c.tx_bytes == 0);
	CHECK(xt_netdev_next(&pos, name, &c) && strcmp(name, "9b") == 0 && c.tx_bytes == 11);

	uint32_t domid;
	unsigned devid;
	CHECK(xt_vif_name("vif3.0", &domid, &devid) && domid == 3 && devid == 0);
	CHECK(xt_vif_name("vif12.1-emu", &domid, &devid) && domid == 12 && devid == 1);
	CHECK(!xt_vif_name("lo", &domid, &devid) && !xt_vif_name("xenbr0", &domid, &devid));
	CHECK(!xt_vif_name("vif3", &domid, &devid) && !xt_vif_name("vifx.0", &domid, &devid));

	CHECK(xt_meminfo_available("MemTotal:  100 kB\nMemFree:  50 kB\nMemAvailable:   70 kB\n") == 70 * 1024);
	CHECK(xt_meminfo_available("MemTotal:  100 kB\n") == 0);
}

/* The guests' networks from a /proc/net/dev of the test's own, read again
 * from the same open file; a renamed vif found by its nodename. */
static void test_dom0_vifs(void)
{
	char dir[512], netdev[600], sys[600], nodename[700];
	snprintf(dir, sizeof dir, "%s/dom0-net", tmpdir);
	snprintf(netdev, sizeof netdev, "%s/dev", dir);
	snprintf(sys, sizeof sys, "%s/class-net", dir);
	snprintf(nodename, sizeof nodename, "%s/web0/device", sys);
	char cmd[900];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", nodename);
	CHECK(system(cmd) == 0);
	write_file(nodename, "nodename", "backend/vif/7/1\n");
	write_file(dir, "dev", netdev_text);

	struct xt_vifs v;
	xt_vifs_init(&v, netdev, sys);
	CHECK(xt_vifs_read(&v) == 0 && v.n == 3);
	if (v.n == 3) {
		CHECK(v.vif[0].domid == 3 && v.vif[0].net.id == 0 && v.vif[0].net.rx_bytes == 5000);
		CHECK(v.vif[1].domid == 12 && v.vif[1].net.id == 1 && v.vif[1].net.tx_bytes == 98765432109ull);
		CHECK(v.vif[2].domid == 7 && v.vif[2].net.id == 1 && v.vif[2].net.tx_bytes == 200);
	}
	/* New counters through the same open file; what each line is, looked
	 * up once while the lines stay the same. */
	char *more = strdup(netdev_text);
	char *at = more ? strstr(more, "    5000") : NULL;
	if (at)
		memcpy(at, "    6000", 8);
	write_file(dir, "dev", more ? more : "");
	free(more);
	snprintf(cmd, sizeof cmd, "rm -f '%s/nodename'", nodename);
	CHECK(system(cmd) == 0);
	CHECK(xt_vifs_read(&v) == 0 && v.n == 3 && v.vif[0].net.rx_bytes == 6000 && v.vif[2].domid == 7);
	/* Another interface on web0's line: looked up again. */
	write_file(dir, "dev", "Inter-|\n face |\n  web0: 1 1 0 0 0 0 0 0 2 2 0 0 0 0 0 0\n");
	CHECK(xt_vifs_read(&v) == 0 && v.n == 0);
	xt_vifs_free(&v);

	xt_vifs_init(&v, "/nonexistent/net/dev", sys);
	CHECK(xt_vifs_read(&v) < 0 && v.n == 0);
	xt_vifs_free(&v);
}

static void make_vbd(const char *root, const char *name, const char *const counters[5])
{
	static const char *const files[5] = { "oo_req", "rd_req", "wr_req", "rd_sect", "wr_sect" };
	char dir[700], cmd[800];
	snprintf(dir, sizeof dir, "%s/%s/statistics", root, name);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
	CHECK(system(cmd) == 0);
	for (int i = 0; i < 5; i++)
		if (counters[i])
			write_file(dir, files[i], counters[i]);
}

static const struct xt_vbd_dir *vbd_of(const struct xt_blkback *b, uint32_t domid)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->dirs[i].domid == domid)
			return &b->dirs[i];
	return NULL;
}

/* blkback's counters from a sysfs-like tree of the test's own: listed
 * again each time, files kept open. */
static void test_dom0_blkback(void)
{
	uint32_t domid;
	unsigned dev;
	enum xt_vbd_kind kind;
	CHECK(xt_vbd_dir_name("vbd-3-51712", &domid, &dev, &kind) && domid == 3 && dev == 51712 && kind == XT_VBD_BLKBACK);
	CHECK(xt_vbd_dir_name("tap-4-768", &domid, &dev, &kind) && domid == 4 && dev == 768 && kind == XT_VBD_BLKTAP);
	CHECK(!xt_vbd_dir_name("vif-3-0", &domid, &dev, &kind) && !xt_vbd_dir_name("vbd3-1-2", &domid, &dev, &kind));
	CHECK(!xt_vbd_dir_name("console-3-0", &domid, &dev, &kind) && !xt_vbd_dir_name(".", &domid, &dev, &kind));

	char root[512], cmd[700];
	snprintf(root, sizeof root, "%s/xen-backend", tmpdir);
	make_vbd(root, "vbd-3-51712", (const char *const[5]){ "1\n", "20\n", "30\n", "400\n", "500\n" });
	make_vbd(root, "tap-4-768", (const char *const[5]){ "0\n", "1\n", "2\n", "3\n", NULL });
	make_vbd(root, "vif-3-0", (const char *const[5]){ NULL });

	struct xt_blkback b;
	xt_blkback_init(&b, root);
	CHECK(xt_blkback_read(&b) == 0 && b.n == 2);
	const struct xt_vbd_dir *d = vbd_of(&b, 3);
	CHECK(d && d->vbd.dev == 51712 && d->vbd.kind == XT_VBD_BLKBACK && !d->vbd.error);
	CHECK(d && d->vbd.oo == 1 && d->vbd.rd == 20 && d->vbd.wr == 30 && d->vbd.rd_sect == 400 && d->vbd.wr_sect == 500);
	d = vbd_of(&b, 4);
	CHECK(d && d->vbd.kind == XT_VBD_BLKTAP && d->vbd.error && d->vbd.rd == 0);

	/* New counters through the open files; the missing one, once there. */
	char stats[700];
	snprintf(stats, sizeof stats, "%s/vbd-3-51712/statistics", root);
	write_file(stats, "rd_sect", "401\n");
	snprintf(stats, sizeof stats, "%s/tap-4-768/statistics", root);
	write_file(stats, "wr_sect", "9\n");
	CHECK(xt_blkback_read(&b) == 0 && b.n == 2);
	d = vbd_of(&b, 3);
	CHECK(d && d->vbd.rd_sect == 401 && d->vbd.wr_sect == 500);
	d = vbd_of(&b, 4);
	CHECK(d && !d->vbd.error && d->vbd.wr_sect == 9 && d->vbd.rd_sect == 3);

	/* A detached disk is gone at the next read. */
	snprintf(cmd, sizeof cmd, "rm -r '%s/vbd-3-51712'", root);
	CHECK(system(cmd) == 0);
	CHECK(xt_blkback_read(&b) == 0 && b.n == 1 && !vbd_of(&b, 3) && vbd_of(&b, 4));
	xt_blkback_free(&b);

	xt_blkback_init(&b, "/nonexistent/xen-backend");
	CHECK(xt_blkback_read(&b) < 0 && b.n == 0);
	xt_blkback_free(&b);
}

/* What QEMU 7 answers, cut down: a parent's stats and timed stats to pass
 * over, a device without stats, one without a name. */
static const char blockstats_reply[] =
	"{\"return\": [{\"device\": \"ide-5632\", \"parent\": {\"stats\": {\"rd_bytes\": 1, \"wr_bytes\": 2}}, "
	"\"stats\": {\"unmap_operations\": 0, \"rd_bytes\": 1048576, \"timed_stats\": [{\"interval_length\": 1, "
	"\"min_rd_latency_ns\": 0}], \"wr_bytes\": 4096, \"rd_operations\": 30, \"wr_operations\": 2, "
	"\"account_invalid\": true, \"idle_time_ns\": 123}, \"qdev\": \"/machine/unattached/device[23]\", "
	"\"node-name\": \"#block147\"}, {\"device\": \"floppy0\"}, "
	"{\"device\": \"\", \"stats\": {\"rd_bytes\": 512, \"wr_bytes\": 0, \"rd_operations\": 1, \"wr_operations\": 0}}, "
	"{\"stats\": {\"rd_bytes\": 7}}, {\"device\": \"dq\\\"\\u00e9\", \"stats\": {}}]}";

static const char block_reply[] =
	"{\"return\": [{\"device\": \"floppy0\", \"locked\": false}, {\"device\": \"ide-5632\", \"inserted\": "
	"{\"image\": {\"filename\": \"x\"}, \"file\": \"\\/srv\\/caf\\u00e9 live.iso\", \"ro\": true}}, "
	"{\"device\": \"ide-768\", \"inserted\": {\"file\": \"/srv/\\ud83d\\ude00.img\"}}]}";

static void test_dom0_qmp_replies(void)
{
	struct xt_qmp_blockstat st[8];
	CHECK(xt_qmp_blockstats(blockstats_reply, st, 8) == 4);
	CHECK(st[0].named && strcmp(st[0].device, "ide-5632") == 0);
	CHECK(st[0].rd_bytes == 1048576 && st[0].wr_bytes == 4096 && st[0].rd_operations == 30 && st[0].wr_operations == 2);
	CHECK(st[1].named && st[1].device[0] == '\0' && st[1].rd_bytes == 512 && st[1].rd_operations == 1);
	CHECK(!st[2].named && st[2].rd_bytes == 7 && st[2].wr_bytes == 0);
	CHECK(st[3].named && strcmp(st[3].device, "dq\"\xc3\xa9") == 0 && st[3].rd_bytes == 0);
	CHECK(xt_qmp_blockstats(blockstats_reply, st, 1) == 4 && st[0].rd_operations == 30);
	CHECK(xt_qmp_blockstats("{\"error\": {\"class\": \"GenericError\"}}", st, 8) == 0);
	CHECK(xt_qmp_blockstats("{\"return\": [{\"device\": \"a\", \"stats\": {\"rd_bytes\": 1}}", st, 8) == 0);
	CHECK(xt_qmp_blockstats("{\"return\": []}", st, 8) == 0);
	CHECK(xt_qmp_blockstats(NULL, st, 8) == 0);

	char file[64];
	CHECK(xt_qmp_block_file(block_reply, "ide-5632", file, sizeof file));
	CHECK_STR(file, "/srv/caf\xc3\xa9 live.iso");
	CHECK(xt_qmp_block_file(block_reply, "ide-768", file, sizeof file));
	CHECK_STR(file, "/srv/\xf0\x9f\x98\x80.img");
	CHECK(!xt_qmp_block_file(block_reply, "floppy0", file, sizeof file));
	CHECK(!xt_qmp_block_file(block_reply, "ide-9", file, sizeof file));
	CHECK(!xt_qmp_block_file(block_reply, "ide-5632", file, 8));   /* does not fit */
	CHECK(!xt_qmp_block_file("{\"return\": [{\"device\": \"x\", \"inserted\": {\"file\": \"\\ud83d\"}}]}", "x", file,
				 sizeof file));
	CHECK(!xt_qmp_block_file("{\"return\": [{\"device\": \"x\", \"inserted\": {\"file\": \"a\\", "x", file, sizeof file));
	/* Nesting deeper than any reply is refused, not followed. */
	char deep[400] = "{\"return\": ";
	for (int i = 0; i < 100; i++)
		strcat(deep, "[");
	CHECK(xt_qmp_blockstats(deep, st, 8) == 0);
}

/* A QEMU of the test's own on a socket: the greeting, events between the
 * replies, a reply in two writes. */
static void fake_qemu(int listener)
{
	int fd = accept(listener, NULL, NULL);
	if (fd < 0)
		_exit(1);
	static const char greeting[] = "{\"QMP\": {\"version\": {\"qemu\": {\"major\": 7}}, \"capabilities\": []}}\r\n";
	if (write(fd, greeting, sizeof greeting - 1) < 0)
		_exit(1);
	char line[256];
	size_t len = 0;
	char c;
	while (read(fd, &c, 1) == 1) {
		if (c != '\n') {
			if (len < sizeof line - 1)
				line[len++] = c;
			continue;
		}
		line[len] = '\0';
		len = 0;
		const char *reply = "{\"error\": {\"class\": \"CommandNotFound\"}}\r\n";
		if (strstr(line, "qmp_capabilities"))
			reply = "{\"timestamp\": {\"seconds\": 1}, \"event\": \"RTC_CHANGE\", \"data\": {\"offset\": 0}}\r\n"
				"{\"return\": {}}\r\n";
		else if (strstr(line, "query-blockstats"))
			reply = blockstats_reply;
		size_t n = strlen(reply);
		if (write(fd, reply, n / 2) < 0)
			_exit(1);
		usleep(20000);
		if (write(fd, reply + n / 2, n - n / 2) < 0 || (reply == blockstats_reply && write(fd, "\r\n", 2) < 0))
			_exit(1);
	}
	_exit(0);
}

static void test_dom0_qmp_socket(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/qmp.sock", tmpdir);
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	CHECK(strlen(path) < sizeof addr.sun_path);
	memcpy(addr.sun_path, path, strlen(path) < sizeof addr.sun_path ? strlen(path) : 0);
	int listener = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(listener >= 0 && bind(listener, (struct sockaddr *)&addr, sizeof addr) == 0 && listen(listener, 1) == 0);
	pid_t child = fork();
	if (child == 0)
		fake_qemu(listener);
	struct xt_qmp q = XT_QMP_INIT;
	CHECK(xt_qmp_open(&q, path, 2000) == 0);
	const char *reply = xt_qmp_execute(&q, "query-blockstats", 2000);
	struct xt_qmp_blockstat st[8];
	CHECK(reply && xt_qmp_blockstats(reply, st, 8) == 4 && st[0].rd_bytes == 1048576);
	reply = xt_qmp_execute(&q, "query-nothing", 2000);
	CHECK(reply && strstr(reply, "CommandNotFound"));
	xt_qmp_close(&q);
	waitpid(child, NULL, 0);

	/* One that accepts and never answers costs the timeout, no more. */
	child = fork();
	if (child == 0) {
		int fd = accept(listener, NULL, NULL);
		usleep(1000000);
		_exit(fd < 0);
	}
	uint64_t t0 = xt_monotonic_ns();
	CHECK(xt_qmp_open(&q, path, 100) < 0);
	CHECK(xt_monotonic_ns() - t0 < 900000000ull);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(listener);
	unlink(path);
	CHECK(xt_qmp_open(&q, path, 100) < 0);   /* no socket */
	xt_qmp_free(&q);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s/xtop-unit-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	make_catalog();
	run("cpu and io rates over CLOCK_MONOTONIC", test_cpu_rate);
	run("id reuse starts a fresh domain", test_id_reuse);
	run("domains vanish; views stay sorted by id", test_vanish_and_order);
	run("cpu history keeps the last 60 samples", test_history_cap);
	run("long history rings: 120 samples, time span, reused for new domains", test_long_history);
	run("sorting by field, reverse, stable ties", test_sorting);
	run("column planning for wide and tiny terminals", test_columns);
	run("formatting helpers", test_formatting);
	run("numbers as typed: memory sizes with units, whole numbers, seconds", test_parse_numbers);
	run("option parsing and bad values", test_options);
	run("settings file: parse, errors with file:line, atomic save, path, command line first", test_settings);
	run("xentop 4.17 options and the renamed -n/-r", test_xentop_options);
	run("batch text: xentop's exact lines, widths and detail lines", test_batch_format);
	run("fake backend: per-device data adds up to the totals", test_fake_devices);
	run("catalogue parsing and errors with file:line", test_catalog_parse);
	run("catalogue directory loading", test_catalog_load);
	run("catalogue values as text, the build's check of a directory", test_catalog_values_and_check);
	run("fit check and instance naming", test_fit_and_names);
	run("xl create argument vector", test_xl_argv);
	run("control through xl: each action's argv, xl's words on failure", test_xl_control);
	run("a workload runs the installed program: the guest, the kind, the peer's address", test_workload_argv);
	run("launch flow through the fake backend", test_launch_flow);
	run("launches at once wait for each other (launch lock)", test_launch_lock);
	run("control on the fake backend: sched, memory, vCPUs, save, restore, migrate", test_fake_control);
	run("control checks: out-of-range values, no room, bad host, save and restore", test_control_checks);
	run("fake backend and batch output", test_fake_backend_and_batch);
	run("pool: xenlive-pool's batch lines, the migrate fit check", test_pool);
	run("pool: xenlive-pool serve's line or sentence, as the xen backend runs it", test_pool_serve_run);
	run("domain page: leases, console log tail, the fake's addresses and console", test_domain_page_backend);
	run("domain page: graph rows, disk names, the image a domain came from", test_domain_page_helpers);
	run("xen backend: /proc/net/dev lines, vif names, MemAvailable", test_dom0_netdev_text);
	run("xen backend: guests' networks from an open /proc/net/dev, renamed vifs", test_dom0_vifs);
	run("xen backend: blkback's counters, files kept open, disks come and go", test_dom0_blkback);
	run("xen backend: QMP's query-blockstats and query-block replies", test_dom0_qmp_replies);
	run("xen backend: a QMP exchange with greeting, events, split replies, timeout", test_dom0_qmp_socket);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("warning: could not remove %s\n", tmpdir);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
