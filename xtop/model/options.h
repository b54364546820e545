/* What xtop was told: its options, as the command line (cmd/options.c)
 * and the settings file set them, read by every layer above. */
#ifndef XTOP_OPTIONS_H
#define XTOP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "fields.h"
#include "stats.h"

enum xt_backend_kind { XT_BACKEND_XEN, XT_BACKEND_FAKE };

struct xt_settings_file;

struct xt_options {
	bool batch, json, help, version;
	/* xentop -b's display options: -f, -n, -x, -v, -r. */
	bool full_name, networks, vbds, vcpus, repeat_header;
	double delay_s;             /* refresh interval */
	unsigned long iterations;   /* 0 = forever */
	enum xt_backend_kind backend;
	const char *fake_script;
	unsigned long fake_domains;
	const char *fake_record;
	const char *catalog_dir;
	const char *media_lister;   /* lists users' media for the launch menu */
	const char *media_config;   /* the xl config they start from */
	const char *save_dir;       /* saved guests (NAME.save), in RAM */
	const char *xl_path;
	const char *hint;           /* a line or two for newcomers above the key bar */
	bool ascii, no_color;
	enum xt_cpu_mode cpu_mode;
	enum xt_field_id sort_field;
	bool sort_reverse;
	bool sort_given;            /* -s: batch lines leave xentop's name order */
	unsigned long bench_refreshes;  /* >0: measure the refresh path */
	/* The settings file (model/settings.c): given on the command line,
	 * these options win over it; --no-config neither reads nor writes it. */
	bool delay_given, cpu_mode_given, no_config;
	bool all_columns;           /* WEIGHT, CAP and TARGET from the start */
	const struct xt_settings_file *settings;   /* the screen's; NULL: none */
};

#endif
