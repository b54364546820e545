/* xtop --bench: the cost of one refresh (sample, rates, sort, draw) on a
 * curses screen that goes to /dev/null. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>

#include "screens.h"
#include "ui.h"

int xt_ui_bench(struct xt_backend *be, const struct xt_options *opts)
{
	setlocale(LC_CTYPE, "");
	FILE *null_out = fopen("/dev/null", "w");
	FILE *null_in = fopen("/dev/null", "r");
	if (!null_out || !null_in) {
		fprintf(stderr, "xtop: cannot open /dev/null\n");
		return 1;
	}
	SCREEN *scr = newterm("xterm-256color", null_out, null_in);
	if (!scr) {
		fprintf(stderr, "xtop: no terminfo entry for xterm-256color\n");
		return 1;
	}
	set_term(scr);
	resizeterm(50, 200);
	struct ui ui;
	ui_init_state(&ui, be, opts);
	ui_setup_colors(&ui);
	int rc = ui_take_sample(&ui);
	struct rusage before, after;
	getrusage(RUSAGE_SELF, &before);
	uint64_t start = xt_monotonic_ns();
	for (unsigned long i = 0; rc == 0 && i < opts->bench_refreshes; i++) {
		rc = ui_take_sample(&ui);
		ui_rebuild_rows(&ui);
		ui_draw(&ui);
	}
	uint64_t wall = xt_monotonic_ns() - start;
	getrusage(RUSAGE_SELF, &after);
	endwin();
	delscreen(scr);
	fclose(null_out);
	fclose(null_in);
	double cpu_us = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1e6 +
			(double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) +
			(double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e6 +
			(double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec);
	printf("domains=%zu refreshes=%lu cpu_us_per_refresh=%.1f wall_us_per_refresh=%.1f\n", ui.stats.n,
	       opts->bench_refreshes, cpu_us / (double)opts->bench_refreshes,
	       (double)wall / 1e3 / (double)opts->bench_refreshes);
	ui_free_state(&ui);
	return rc == 0 ? 0 : 1;
}
