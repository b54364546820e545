#include "parse.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int xt_parse_positive(const char *s, unsigned long max, unsigned long *out)
{
	if (!s || !*s)
		return -1;
	unsigned long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		unsigned digit = (unsigned)(*p - '0');
		if (v > (max - digit) / 10)
			return -1;
		v = v * 10 + digit;
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The text without the blanks around it: [*begin, *begin + *len). */
static void trim(const char *s, const char **begin, size_t *len)
{
	while (blank(*s))
		s++;
	size_t n = strlen(s);
	while (n && blank(s[n - 1]))
		n--;
	*begin = s;
	*len = n;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits [p, p + n) as a number; -1 when one is not a digit or the value
 * passes UINT64_MAX. */
static int digits_value(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!digit(p[i]))
			return -1;
		unsigned d = (unsigned)(p[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* The text as the person typed it, cut when long: a sentence stays one. */
static void quoted(char *buf, size_t len, const char *s)
{
	size_t n = strlen(s);
	if (n > 24)
		snprintf(buf, len, "%.20s...", s);
	else
		snprintf(buf, len, "%s", s);
}

/* One sentence: "invalid WHAT 'TEXT': give ..." or "WHAT is empty: give ...". */
static int refuse(int rc, const char *what, const char *s, size_t len, char *err, size_t errlen,
		  const char *give)
{
	char text[32];
	quoted(text, sizeof text, s);
	if (err && len == 0)
		snprintf(err, errlen, "%s is empty: give %s", what, give);
	else if (err)
		snprintf(err, errlen, "invalid %s '%s': give %s", what, text, give);
	return rc;
}

int xt_parse_uint_range(const char *what, const char *s, unsigned long min, unsigned long max,
			unsigned long *out, char *err, size_t errlen)
{
	char give[96];
	snprintf(give, sizeof give, "a whole number from %lu to %lu", min, max);
	const char *p;
	size_t n;
	trim(s ? s : "", &p, &n);
	uint64_t v;
	if (n == 0 || digits_value(p, n, &v) < 0 || v > ULONG_MAX)
		return refuse(-1, what, s ? s : "", n, err, errlen, give);
	*out = (unsigned long)v;
	if (v < min || v > max)
		return refuse(XT_PARSE_RANGE, what, s, n, err, errlen, give);
	return 0;
}

/* A unit's size in KiB for its letter; 0 when the letter is not one. */
static uint64_t unit_kib(char c)
{
	switch (c) {
	case 'k': case 'K': return 1;
	case 'm': case 'M': return 1024;
	case 'g': case 'G': return 1024 * 1024;
	case 't': case 'T': return 1024 * 1024 * 1024;
	default: return 0;
	}
}

int xt_parse_mib(const char *what, const char *s, unsigned long min, unsigned long max, unsigned long *out,
		 char *err, size_t errlen)
{
	char give[160];
	snprintf(give, sizeof give, "whole MiB from %lu to %lu, or a size with K, M, G or T such as 512M or 1.5G",
		 min, max);
	const char *p;
	size_t n;
	trim(s ? s : "", &p, &n);
	const char *end = p + n, *q = p;
	const char *int_part = q;
	while (q < end && digit(*q))
		q++;
	size_t int_len = (size_t)(q - int_part);
	const char *frac = q;
	size_t frac_len = 0;
	if (q < end && *q == '.') {
		frac = ++q;
		while (q < end && digit(*q))
			q++;
		frac_len = (size_t)(q - frac);
	}
	while (q < end && blank(*q))
		q++;
	uint64_t unit = 1024;   /* a plain number is MiB */
	if (q < end) {
		unit = unit_kib(*q++);
		if (q < end && (*q == 'i' || *q == 'I'))
			q++;
		if (q < end && (*q == 'b' || *q == 'B'))
			q++;
	}
	if (n == 0 || int_len + frac_len == 0 || unit == 0 || q != end)
		return refuse(-1, what, s ? s : "", n, err, errlen, give);
	/* Trailing zeros of the fraction change nothing ("1.50G"). */
	while (frac_len && frac[frac_len - 1] == '0')
		frac_len--;
	uint64_t whole, fraction = 0, scale = 1;
	if (digits_value(int_part, int_len, &whole) < 0 || digits_value(frac, frac_len, &fraction) < 0)
		return refuse(-1, what, s, n, err, errlen, give);
	for (size_t i = 0; i < frac_len; i++) {
		if (scale > UINT64_MAX / 10)
			return refuse(-1, what, s, n, err, errlen, give);
		scale *= 10;
	}
	/* (whole + fraction / scale) * unit KiB, exactly, in whole MiB. */
	if (whole > (UINT64_MAX - fraction) / scale)
		return refuse(-1, what, s, n, err, errlen, give);
	uint64_t num = whole * scale + fraction;
	if (num > UINT64_MAX / unit)
		return refuse(-1, what, s, n, err, errlen, give);
	uint64_t kib_scaled = num * unit;
	if (kib_scaled % scale != 0 || (kib_scaled / scale) % 1024 != 0)
		return refuse(-1, what, s, n, err, errlen, give);
	uint64_t mib = kib_scaled / scale / 1024;
	if (mib > ULONG_MAX)
		return refuse(-1, what, s, n, err, errlen, give);
	*out = (unsigned long)mib;
	if (mib < min || mib > max)
		return refuse(XT_PARSE_RANGE, what, s, n, err, errlen, give);
	return 0;
}

int xt_parse_seconds(const char *s, double min, double max, double *out)
{
	const char *p;
	size_t n;
	trim(s ? s : "", &p, &n);
	/* A unit a person may add: "2s", "0.5 s". */
	if (n && (p[n - 1] == 's' || p[n - 1] == 'S')) {
		n--;
		while (n && blank(p[n - 1]))
			n--;
	}
	/* Digits with at most one '.', nothing else: no sign, exponent, hex,
	 * "inf" or "nan". */
	char buf[64];
	int dots = 0, digits = 0;
	if (n == 0 || n >= sizeof buf)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '.')
			dots++;
		else if (digit(p[i]))
			digits++;
		else
			return -1;
	}
	if (dots > 1 || digits == 0)
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	double v = strtod(buf, NULL);
	if (!(v >= min && v <= max))
		return -1;
	*out = v;
	return 0;
}

char *xt_trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}
