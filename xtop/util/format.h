/* Small, pure text formatters shared by the screen and batch output. */
#ifndef XTOP_FORMAT_H
#define XTOP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 1024-based size with one unit letter: "49B", "512K", "1.5G", "12G". */
void xt_fmt_size(char *buf, size_t len, uint64_t bytes);
/* A rate in bytes/s, same style but bare below a KiB ("0", "1.2M"). */
void xt_fmt_rate(char *buf, size_t len, double bytes_per_s);
/* Durations: "42s", "5m07s", "3h04m", "12d03h". */
void xt_fmt_duration(char *buf, size_t len, double seconds);
/* xentop's six state letters, '-' when clear: "--b---". */
void xt_fmt_state(char *buf, size_t len, unsigned state);
/* Copies a domain name with control and non-ASCII bytes shown as '?'. */
void xt_sanitize(char *dst, size_t len, const char *src);
/* Fits text into width columns (ASCII text), ending in an ellipsis ("…"
 * when unicode, otherwise "~") when cut. */
void xt_ellipsize(char *dst, size_t len, const char *src, int width, bool unicode);
/* A sparkline of the last `width` values (0..100, scaled to max), one
 * column per value, UTF-8 blocks or ASCII. */
void xt_sparkline(char *dst, size_t len, const float *values, unsigned n, int width, double max,
		  bool unicode);
/* One row (0 = the top) of a graph `rows` high: a column per value, the
 * newest at the right edge of `width`, scaled to max, in eighths of a row
 * (UTF-8 blocks) or ASCII.  A value above 0 shows at least one eighth. */
void xt_graph_row(char *dst, size_t len, const float *values, unsigned n, int width, double max, int row,
		  int rows, bool unicode);
/* A virtual disk's Linux name from its device number: xvda, xvdb2, sda,
 * hdc, or "disk N" when the major is none of Xen's, SCSI's or IDE's. */
void xt_fmt_vbd_name(char *buf, size_t len, unsigned dev);
/* JSON string escaping into dst (always NUL-terminated). */
void xt_json_escape(char *dst, size_t len, const char *src);
/* xt_parse_seconds, once here, is with the other number parsers. */
#include "parse.h"

#endif
