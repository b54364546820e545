/* The field table that drives the domain table: header, width, compare and
 * print per column (xentop's idea, without its globals). */
#ifndef XTOP_FIELDS_H
#define XTOP_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "stats.h"

enum xt_field_id {
	XT_F_NAME, XT_F_ID, XT_F_STATE, XT_F_TYPE, XT_F_CPU, XT_F_VCPUS, XT_F_MEM, XT_F_MAXMEM, XT_F_MEMPCT,
	XT_F_NETRX, XT_F_NETTX, XT_F_BLKRD, XT_F_BLKWR, XT_F_UPTIME,
	XT_F_WEIGHT, XT_F_CAP, XT_F_TARGET,   /* optional: resource control */
	XT_F_HISTORY, XT_F_COUNT
};

struct xt_fmt_ctx {
	enum xt_cpu_mode cpu_mode;
	const struct xt_host_view *host;
	int64_t now;                /* wall clock, for uptimes */
	bool unicode;
};

struct xt_field {
	enum xt_field_id id;
	const char *header;
	const char *key_name;       /* for --sort and the help screen */
	int width;                  /* columns (NAME and HISTORY stretch) */
	bool left_align;
	bool descending;            /* natural sort order is biggest first */
	int drop_order;             /* narrow terminals drop higher numbers first */
	bool optional;              /* shown only when asked for (key o) */
	int (*compare)(const struct xt_domain_view *, const struct xt_domain_view *,
		       const struct xt_fmt_ctx *);
	void (*print)(char *buf, size_t len, const struct xt_domain_view *, const struct xt_fmt_ctx *);
};

extern const struct xt_field xt_fields[XT_F_COUNT];

/* Field by --sort name ("cpu", "name", ...), or -1. */
int xt_field_by_name(const char *name);

/* Sorts an array of views by a field; reverse flips its natural order.
 * Ties are broken by domain id so the order never jitters. */
void xt_sort_views(const struct xt_domain_view **views, size_t n, enum xt_field_id field,
		   bool reverse, const struct xt_fmt_ctx *ctx);

/* Plans columns for a terminal width: sets shown[i] and the NAME and
 * HISTORY widths.  `longest_name` is the longest name to show in full;
 * optional columns take part only when `optional` is set. */
void xt_plan_columns(int term_width, int longest_name, bool optional, bool shown[XT_F_COUNT],
		     int widths[XT_F_COUNT]);

#endif
