/* Saved settings: what a user sets on the screen (sort column and
 * direction, CPU% mode, refresh interval, the optional columns) and the
 * colour choice, kept as `key = value` lines in
 * $XDG_CONFIG_HOME/xtop/xtoprc (else ~/.config/xtop/xtoprc), htop's habit.
 * The interactive screen reads the file at start, the command line
 * overriding it, and rewrites it whole (a temporary file renamed over it)
 * when one of them changes.  Batch mode never reads it: its output stays
 * xentop's. */
#ifndef XTOP_SETTINGS_H
#define XTOP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "fields.h"
#include "options.h"
#include "stats.h"

#define XT_SETTINGS_PATH_MAX 1024

struct xt_settings {
	enum xt_field_id sort_field;
	bool sort_reverse;
	enum xt_cpu_mode cpu_mode;
	double delay_s;
	bool all_columns;           /* WEIGHT, CAP and TARGET too (key o) */
	bool color;
};

/* The file as the screen starts with it. */
struct xt_settings_file {
	char path[XT_SETTINGS_PATH_MAX];    /* "" when settings are not kept */
	struct xt_settings saved;           /* what it holds, else the defaults */
	char error[XT_SETTINGS_PATH_MAX + 256];  /* why it was ignored; "" */
};

void xt_settings_defaults(struct xt_settings *);
/* Parses a file's text (need not be NUL-terminated); `filename` labels
 * the error ("FILE:LINE: what is wrong").  0, or -1 with one sentence in
 * err and *out left as it was. */
int xt_settings_parse(const char *text, size_t len, const char *filename, struct xt_settings *out, char *err,
		      size_t errlen);
/* Reads the file into *out: 1 when read, 0 when there is none (*out the
 * defaults), -1 when it cannot be read or is not valid (*out the defaults,
 * one sentence in err naming the file, as label says it, and the line). */
int xt_settings_load(const char *path, const char *label, struct xt_settings *out, char *err, size_t errlen);
/* Writes the file, making its directories: a temporary file in the same
 * directory renamed over it, so a reader never sees half of it.  0, or -1
 * with one sentence in err. */
int xt_settings_save(const char *path, const struct xt_settings *, char *err, size_t errlen);
/* $XDG_CONFIG_HOME/xtop/xtoprc when that is an absolute path, else
 * $HOME/.config/xtop/xtoprc; -1 when neither is set. */
int xt_settings_path(char *buf, size_t len);
/* Copies into *file each setting that differs between *before and *now
 * (the screen's, at two moments); true when *file changed. */
bool xt_settings_follow(struct xt_settings *file, const struct xt_settings *before, const struct xt_settings *now);
/* For the interactive screen (not batch, bench or --no-config): finds and
 * reads the file into *sf, and gives every option the command line left
 * out the file's value; then sets o->settings to sf. */
void xt_settings_setup(struct xt_settings_file *sf, struct xt_options *o);

#endif
