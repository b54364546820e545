#include "ui.h"

#include <stdio.h>

int xt_ui_run(struct xt_backend *be, const struct xt_options *opts)
{
	(void)be;
	(void)opts;
	fprintf(stderr, "xtop: the interactive screen is not built yet; use -b\n");
	return 1;
}

int xt_ui_bench(struct xt_backend *be, const struct xt_options *opts)
{
	(void)be;
	(void)opts;
	return 1;
}
