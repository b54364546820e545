/* The interactive screen.  Screens (table, help, launch dialog, confirm)
 * each have *_draw() and *_key() functions; app.c owns the loop and calls
 * them through its screen table. */
#ifndef XTOP_UI_H
#define XTOP_UI_H

#include "../backend/backend.h"
#include "../model/options.h"

/* Runs the curses interface until the user quits.  Returns the exit
 * status; the terminal is restored on every path. */
int xt_ui_run(struct xt_backend *be, const struct xt_options *opts);

/* Measures opts->bench_refreshes refreshes (sample, rates, sort, draw to
 * a curses screen on /dev/null) and prints CPU time per refresh. */
int xt_ui_bench(struct xt_backend *be, const struct xt_options *opts);

#endif
