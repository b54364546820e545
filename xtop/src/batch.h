/* Batch output: xentop -b compatible text, or one JSON object per line. */
#ifndef XTOP_BATCH_H
#define XTOP_BATCH_H

#include <stdio.h>

#include "stats.h"

/* One iteration: the header line, then one line per domain sorted by name,
 * with xentop -b's columns ("-" for CPU(%) until a domain has a rate). */
void xt_batch_print_text(FILE *out, const struct xt_stats *st);
/* One iteration as a single-line JSON object. */
void xt_batch_print_json(FILE *out, const struct xt_stats *st);

#endif
