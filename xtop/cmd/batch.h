/* Batch output: xentop -b's text, byte for byte, or xtop's own JSON. */
#ifndef XTOP_BATCH_H
#define XTOP_BATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "../model/fields.h"
#include "../model/stats.h"

/* xentop -b's display options, plus the order of the domain lines. */
struct xt_batch_format {
	bool full_name;         /* -f: names grow the column instead of being cut to 10 */
	bool networks;          /* -n: a "NetN RX: ... TX: ..." line per network */
	bool vbds;              /* -x: a "VBD ..." line per virtual block device */
	bool vcpus;             /* -v: a "VCPUs(sec):" line of per-vCPU seconds */
	bool repeat_header;     /* -r: the header before every domain, not once */
	enum xt_field_id sort;  /* XT_F_NAME, like xentop */
	bool reverse;
};

/* True when the format shows per-device lines, so a sample must collect
 * them (xt_sample.want_devices). */
bool xt_batch_wants_devices(const struct xt_batch_format *);
/* One iteration as xentop -b prints it: the header, then one line per
 * domain with its -v, -n and -x lines after it.  No domains, no output. */
void xt_batch_print_text(FILE *out, const struct xt_stats *st, const struct xt_batch_format *fmt);
/* One iteration as a single-line JSON object (xtop's own format). */
void xt_batch_print_json(FILE *out, const struct xt_stats *st);

#endif
