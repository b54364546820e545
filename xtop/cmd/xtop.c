/* xtop: real-time monitor and launcher for Xen domains. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../backend/backend.h"
#include "../ui/ui.h"
#include "batch.h"
#include "options.h"
#include "../model/settings.h"
#include "../model/stats.h"

#ifndef XTOP_VERSION
#define XTOP_VERSION "1.0"
#endif

static volatile sig_atomic_t stop_requested;

static void request_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Sleeps until the absolute monotonic time `deadline_ns`; false if a stop
 * was requested meanwhile. */
static bool sleep_until(uint64_t deadline_ns)
{
	struct timespec ts = { (time_t)(deadline_ns / 1000000000ull), (long)(deadline_ns % 1000000000ull) };
	while (!stop_requested) {
		int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		if (rc == 0)
			return true;
		if (rc != EINTR)
			return true;
	}
	return false;
}

static int run_batch(struct xt_backend *be, const struct xt_options *o)
{
	struct sigaction sa = { .sa_handler = request_stop };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	const struct xt_batch_format fmt = {
		.full_name = o->full_name, .networks = o->networks, .vbds = o->vbds, .vcpus = o->vcpus,
		.repeat_header = o->repeat_header,
		.sort = o->sort_given ? o->sort_field : XT_F_NAME, .reverse = o->sort_reverse,
	};
	struct xt_sample sample = { .want_devices = xt_batch_wants_devices(&fmt) };
	struct xt_stats st;
	xt_stats_init(&st);
	char err[256];
	int rc = 0;
	/* A priming sample, so even the first printed iteration has real
	 * rates measured over a full interval. */
	if (be->ops->sample(be, &sample, err, sizeof err) < 0 || xt_stats_update(&st, &sample) < 0) {
		fprintf(stderr, "xtop: %s\n", err);
		rc = 1;
		goto out;
	}
	uint64_t interval = (uint64_t)(o->delay_s * 1e9);
	uint64_t deadline = sample.mono_ns;
	for (unsigned long i = 0; !o->iterations || i < o->iterations; i++) {
		deadline += interval;
		if (!sleep_until(deadline))
			break;
		if (be->ops->sample(be, &sample, err, sizeof err) < 0 || xt_stats_update(&st, &sample) < 0) {
			fprintf(stderr, "xtop: %s\n", err);
			rc = 1;
			break;
		}
		if (o->json)
			xt_batch_print_json(stdout, &st);
		else
			xt_batch_print_text(stdout, &st, &fmt);
		if (fflush(stdout) != 0) {
			rc = 1;  /* reader went away */
			break;
		}
	}
out:
	xt_sample_free(&sample);
	xt_stats_free(&st);
	return rc;
}

int main(int argc, char **argv)
{
	struct xt_options opts;
	char err[512];
	if (xt_parse_options(argc, argv, &opts, err, sizeof err) < 0) {
		fprintf(stderr, "xtop: %s\n", err);
		return 2;
	}
	if (opts.help) {
		fputs(xt_usage, stdout);
		return 0;
	}
	if (opts.version) {
		printf("xtop %s\n", XTOP_VERSION);
		return 0;
	}
	/* The screen's saved settings; batch mode stays xentop's. */
	static struct xt_settings_file settings;
	xt_settings_setup(&settings, &opts);
	struct xt_backend *be;
	if (opts.backend == XT_BACKEND_FAKE) {
		struct xt_fake_options fo = { opts.fake_script, (unsigned)opts.fake_domains, opts.fake_record };
		be = xt_backend_fake_open(&fo, err, sizeof err);
	} else {
		be = xt_backend_xen_open(opts.xl_path, err, sizeof err);
	}
	if (!be) {
		fprintf(stderr, "xtop: %s\n", err);
		return 1;
	}
	be->xl_path = opts.xl_path;
	signal(SIGPIPE, SIG_IGN);
	int rc;
	if (opts.bench_refreshes)
		rc = xt_ui_bench(be, &opts);
	else if (opts.batch)
		rc = run_batch(be, &opts);
	else
		rc = xt_ui_run(be, &opts);
	xt_backend_close(be);
	return rc;
}
