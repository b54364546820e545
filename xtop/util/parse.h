/* Strict parsing of numbers typed by users (options, dialogs, files).
 * What a person types is taken whole or refused: a value is never made of
 * part of the text. */
#ifndef XTOP_PARSE_H
#define XTOP_PARSE_H

#include <stddef.h>

/* Strict decimal parse of a positive integer no larger than max:
 * no sign, no spaces, no suffix.  0 on success, -1 otherwise. */
int xt_parse_positive(const char *s, unsigned long max, unsigned long *out);

/* The functions below ignore blanks around the text (a trailing space in a
 * dialog is invisible) and return 0 for a value from min to max; -1 for text
 * that is not such a number at all (empty, a sign, a stray letter, too
 * many digits); XT_PARSE_RANGE for a well-formed value outside min..max,
 * which is still stored in *out, so that a caller can explain the range
 * in its own words.  On either failure err gets one sentence, "invalid
 * WHAT 'TEXT': give ..." naming the form and the range. */
#define XT_PARSE_RANGE (-2)

/* A whole decimal number: digits only ("1.5", "-5", "1e3" are refused). */
int xt_parse_uint_range(const char *what, const char *s, unsigned long min, unsigned long max,
			unsigned long *out, char *err, size_t errlen);

/* An amount of memory in MiB: a plain number is MiB; a unit K, M, G or T
 * (any case, then optionally "i", "iB" or "B"; all 1024-based, as xl
 * takes them) may follow, with or without a blank.  Decimals are allowed
 * when the result is a whole number of MiB: "1.5G" is 1536, "1.5" and
 * "1000K" are refused. */
int xt_parse_mib(const char *what, const char *s, unsigned long min, unsigned long max, unsigned long *out,
		 char *err, size_t errlen);

/* Seconds: digits with at most one '.', optionally followed by "s" ("0.5",
 * "2", "2s"); no sign, exponent, "inf" or "nan".  0 on success, -1 when
 * malformed or outside min..max. */
int xt_parse_seconds(const char *s, double min, double max, double *out);

/* Cuts blanks (and a CR) from both ends, in place; returns the start. */
char *xt_trim(char *s);

#endif
