#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sizes say "B" below a KiB; rates stay bare numbers, as in xentop. */
static void scaled(char *buf, size_t len, double v, const char *bytes)
{
	static const char units[] = "BKMGTPE";
	int u = 0;
	while (v >= 1023.95 && u < 6) {
		v /= 1024.0;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%.0f%s", v, bytes);
	else if (v < 9.95)
		snprintf(buf, len, "%.1f%c", v, units[u]);
	else
		snprintf(buf, len, "%.0f%c", v, units[u]);
}

void xt_fmt_size(char *buf, size_t len, uint64_t bytes)
{
	scaled(buf, len, (double)bytes, "B");
}

void xt_fmt_rate(char *buf, size_t len, double bytes_per_s)
{
	scaled(buf, len, bytes_per_s < 0 ? 0 : bytes_per_s, "");
}

void xt_fmt_duration(char *buf, size_t len, double seconds)
{
	if (seconds < 0 || !isfinite(seconds)) {
		snprintf(buf, len, "-");
		return;
	}
	unsigned long long s = (unsigned long long)seconds;
	if (s < 60)
		snprintf(buf, len, "%llus", s);
	else if (s < 3600)
		snprintf(buf, len, "%llum%02llus", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, len, "%lluh%02llum", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, len, "%llud%02lluh", s / 86400, s % 86400 / 3600);
}

void xt_fmt_state(char *buf, size_t len, unsigned state)
{
	/* xentop's order: dying, shutdown, blocked, crashed, paused, running. */
	static const char letters[] = "dsbcpr";
	char out[7];
	for (int i = 0; i < 6; i++)
		out[i] = (state & (1u << i)) ? letters[i] : '-';
	out[6] = '\0';
	snprintf(buf, len, "%s", out);
}

void xt_sanitize(char *dst, size_t len, const char *src)
{
	size_t i = 0;
	if (!len)
		return;
	for (; src[i] && i + 1 < len; i++) {
		unsigned char c = (unsigned char)src[i];
		dst[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	dst[i] = '\0';
}

void xt_ellipsize(char *dst, size_t len, const char *src, int width, bool unicode)
{
	size_t n = strlen(src);
	if (width <= 0 || len == 0) {
		if (len)
			dst[0] = '\0';
		return;
	}
	if (n <= (size_t)width) {
		snprintf(dst, len, "%s", src);
		return;
	}
	int keep = width - 1;
	snprintf(dst, len, "%.*s%s", keep, src, unicode ? "\u2026" : "~");
}

void xt_sparkline(char *dst, size_t len, const float *values, unsigned n, int width, double max,
		  bool unicode)
{
	static const char *blocks[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
					"\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = " .:-=+*#@";
	size_t pos = 0;
	if (len == 0)
		return;
	dst[0] = '\0';
	if (width <= 0)
		return;
	unsigned shown = n < (unsigned)width ? n : (unsigned)width;
	/* Right-align: the newest sample sits at the right edge. */
	for (int i = 0; i < width - (int)shown; i++) {
		if (pos + 2 > len)
			return;
		dst[pos++] = ' ';
	}
	for (unsigned i = n - shown; i < n; i++) {
		double v = max > 0 ? values[i] / max : 0;
		int level = v <= 0 ? 0 : (int)ceil(v * 8);
		if (level > 8)
			level = 8;
		const char *glyph = blocks[level];
		size_t gl = unicode ? strlen(glyph) : 1;
		if (pos + gl + 1 > len)
			break;
		if (unicode)
			memcpy(dst + pos, glyph, gl);
		else
			dst[pos] = ascii[level];
		pos += gl;
	}
	dst[pos] = '\0';
}

void xt_graph_row(char *dst, size_t len, const float *values, unsigned n, int width, double max, int row,
		  int rows, bool unicode)
{
	static const char *blocks[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
					"\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = " .:-=+*##";
	size_t pos = 0;
	if (len == 0)
		return;
	dst[0] = '\0';
	if (width <= 0 || rows <= 0 || row < 0 || row >= rows)
		return;
	unsigned shown = n < (unsigned)width ? n : (unsigned)width;
	for (int i = 0; i < width - (int)shown && pos + 2 <= len; i++)
		dst[pos++] = ' ';
	int base = (rows - 1 - row) * 8;
	for (unsigned i = n - shown; i < n; i++) {
		double v = max > 0 ? values[i] / max : 0;
		int height = v <= 0 ? 0 : (int)ceil(v * rows * 8);
		int level = height - base;
		level = level < 0 ? 0 : level > 8 ? 8 : level;
		size_t gl = unicode ? strlen(blocks[level]) : 1;
		if (pos + gl + 1 > len)
			break;
		if (unicode)
			memcpy(dst + pos, blocks[level], gl);
		else
			dst[pos] = ascii[level];
		pos += gl;
	}
	dst[pos] = '\0';
}

void xt_fmt_vbd_name(char *buf, size_t len, unsigned dev)
{
	unsigned major = dev >> 8, minor = dev & 0xff, disk, part;
	const char *prefix;
	if (dev & (1u << 28)) {         /* Xen's extended form, for xvdq and beyond */
		prefix = "xvd";
		disk = (dev >> 8) & 0xfffff;
		part = dev & 0xff;
	} else if (major == 202) {      /* xvd: 16 minors a disk */
		prefix = "xvd";
		disk = minor >> 4;
		part = minor & 15;
	} else if (major == 8) {        /* sd: 16 minors a disk */
		prefix = "sd";
		disk = minor >> 4;
		part = minor & 15;
	} else if (major == 3 || major == 22) {   /* hda, hdb on 3; hdc, hdd on 22 */
		prefix = "hd";
		disk = (major == 22 ? 2 : 0) + (minor >> 6);
		part = minor & 63;
	} else {
		snprintf(buf, len, "disk %u", dev);
		return;
	}
	char letters[4];
	/* a..z, then aa..zz as Linux names them. */
	if (disk < 26)
		snprintf(letters, sizeof letters, "%c", 'a' + (int)disk);
	else
		snprintf(letters, sizeof letters, "%c%c", 'a' + (int)(disk / 26 - 1) % 26, 'a' + (int)(disk % 26));
	if (part)
		snprintf(buf, len, "%s%s%u", prefix, letters, part);
	else
		snprintf(buf, len, "%s%s", prefix, letters);
}

void xt_json_escape(char *dst, size_t len, const char *src)
{
	size_t pos = 0;
	if (!len)
		return;
	for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
		char tmp[8];
		const char *piece = tmp;
		if (*p == '"')
			piece = "\\\"";
		else if (*p == '\\')
			piece = "\\\\";
		else if (*p < 0x20 || *p >= 0x7f)
			snprintf(tmp, sizeof tmp, "\\u%04x", *p);
		else {
			tmp[0] = (char)*p;
			tmp[1] = '\0';
		}
		size_t pl = strlen(piece);
		if (pos + pl + 1 > len)
			break;
		memcpy(dst + pos, piece, pl);
		pos += pl;
	}
	dst[pos] = '\0';
}
