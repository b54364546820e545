#define _POSIX_C_SOURCE 200809L
#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/parse.h"
#include "../model/catalog.h"
#include "../model/media.h"
#include "../model/control.h"
#include "../util/format.h"

const char xt_usage[] =
	"Usage: xtop [OPTION]...\n"
	"Real-time monitor and launcher for Xen domains.\n"
	"\n"
	"Batch mode takes every option of Xen 4.17's xentop with xentop's meaning:\n"
	"  -b, --batch            print xentop -b's lines, no screen\n"
	"  -d, --delay SEC        seconds between iterations, fractions allowed\n"
	"                         (default 2)\n"
	"  -i, --iterations N     stop after N iterations\n"
	"  -f, --full-name        with -b: whole domain names (else cut to 10)\n"
	"  -n, --networks         with -b: a line per network of each domain\n"
	"  -x, --vbds             with -b: a line per virtual block device\n"
	"  -v, --vcpus            with -b: the seconds used by each vCPU\n"
	"  -r, --repeat-header    with -b: the header before every domain\n"
	"  -h, --help             show this help\n"
	"  -V, --version          show the version\n"
	"(-n and -r once meant xtop's iteration count and reverse sort: use -i N\n"
	"and --reverse.)\n"
	"\n"
	"xtop's own options:\n"
	"      --json             with -b: one JSON object per iteration (xtop's format)\n"
	"  -s, --sort FIELD       sort by name, id, state, cpu, vcpus, mem, maxmem,\n"
	"                         mempct, netrx, nettx, blkrd, blkwr or uptime\n"
	"                         (-b: name, like xentop)\n"
	"      --reverse          reverse the sort order\n"
	"      --cpu-mode MODE    pcpu (100% = one physical CPU), vcpu or host\n"
	"      --catalog DIR      guest catalogue for the launch menu\n"
	"                         (default " XT_CATALOG_DEFAULT_DIR ")\n"
	"      --media-lister CMD lists CD/disk images on attached disks and sticks\n"
	"                         for the launch menu (default " XT_MEDIA_LISTER_DEFAULT ",\n"
	"                         which mounts them read-only)\n"
	"      --media-config F   the xl config they boot with\n"
	"                         (default " XT_MEDIA_CONFIG_DEFAULT ")\n"
	"      --save-dir DIR     where guests are saved to and restored from (default\n"
	"                         " XT_SAVE_DIR_DEFAULT ", in RAM)\n"
	"      --xl PATH          the xl program to run (default $XL or xl)\n"
	"      --hint TEXT        show TEXT (up to two lines) above the key bar\n"
	"      --ascii            ASCII sparklines and ellipsis even in UTF-8 locales\n"
	"      --no-color         monochrome\n"
	"      --no-config        neither read nor write the settings file, xtoprc\n"
	"      --backend xen|fake data source (default xen)\n"
	"      --fake-script FILE fake backend: replay this scenario\n"
	"      --fake-domains N   fake backend: N synthetic domains\n"
	"      --fake-record FILE fake backend: append requested actions to FILE\n"
	"      --bench N          time N refreshes of the screen path and report\n";

enum { OPT_JSON = 256, OPT_BACKEND, OPT_FAKE_SCRIPT, OPT_FAKE_DOMAINS, OPT_FAKE_RECORD, OPT_CATALOG, OPT_MEDIA_LISTER, OPT_MEDIA_CONFIG,
       OPT_XL, OPT_ASCII, OPT_NO_COLOR, OPT_CPU_MODE, OPT_BENCH, OPT_REVERSE, OPT_HINT, OPT_SAVE_DIR, OPT_NO_CONFIG };

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The option character getopt stopped at.  argv[optind - 1] is wrong in
 * the middle of a cluster such as -bq, so the character is named. */
static void unknown_option(char *err, size_t errlen, char **argv, int optopt_char, bool after_n)
{
	const char *prev = argv[optind - 1];
	if (optopt_char && strncmp(prev, "--", 2) == 0 && strchr(prev, '='))
		snprintf(err, errlen, "option '%.*s' takes no value; see xtop --help", (int)(strchr(prev, '=') - prev), prev);
	else if (after_n && optopt_char >= '0' && optopt_char <= '9')  /* -n3, the old iteration count */
		snprintf(err, errlen, "unknown option '-%c'; the iteration count is -i N now (-n shows networks, as in xentop)",
			 optopt_char);
	else if (optopt_char)
		snprintf(err, errlen, "unknown option '-%c'; see xtop --help", optopt_char);
	else
		snprintf(err, errlen, "unknown option '%s'; see xtop --help", prev);
}

int xt_parse_options(int argc, char **argv, struct xt_options *o, char *err, size_t errlen)
{
	static const struct option longopts[] = {
		/* xentop's, with its letters and meanings. */
		{ "batch", no_argument, NULL, 'b' },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'i' },
		{ "full-name", no_argument, NULL, 'f' },
		{ "networks", no_argument, NULL, 'n' },
		{ "vbds", no_argument, NULL, 'x' },
		{ "vcpus", no_argument, NULL, 'v' },
		{ "repeat-header", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		/* xtop's own. */
		{ "json", no_argument, NULL, OPT_JSON },
		{ "sort", required_argument, NULL, 's' },
		{ "reverse", no_argument, NULL, OPT_REVERSE },
		{ "cpu-mode", required_argument, NULL, OPT_CPU_MODE },
		{ "catalog", required_argument, NULL, OPT_CATALOG },
		{ "media-lister", required_argument, NULL, OPT_MEDIA_LISTER },
		{ "media-config", required_argument, NULL, OPT_MEDIA_CONFIG },
		{ "xl", required_argument, NULL, OPT_XL },
		{ "save-dir", required_argument, NULL, OPT_SAVE_DIR },
		{ "hint", required_argument, NULL, OPT_HINT },
		{ "ascii", no_argument, NULL, OPT_ASCII },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
		{ "backend", required_argument, NULL, OPT_BACKEND },
		{ "fake-script", required_argument, NULL, OPT_FAKE_SCRIPT },
		{ "fake-domains", required_argument, NULL, OPT_FAKE_DOMAINS },
		{ "fake-record", required_argument, NULL, OPT_FAKE_RECORD },
		{ "bench", required_argument, NULL, OPT_BENCH },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->delay_s = 2.0;
	o->backend = XT_BACKEND_XEN;
	o->catalog_dir = XT_CATALOG_DEFAULT_DIR;
	o->media_lister = XT_MEDIA_LISTER_DEFAULT;
	o->media_config = XT_MEDIA_CONFIG_DEFAULT;
	o->save_dir = XT_SAVE_DIR_DEFAULT;
	const char *xl_env = getenv("XL");
	o->xl_path = xl_env && *xl_env ? xl_env : "xl";
	o->sort_field = XT_F_ID;
	bool backend_given = false;

	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":bd:i:fnxvrs:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': o->batch = true; break;
		case OPT_JSON: o->json = true; break;
		case 'd':
			if (xt_parse_seconds(optarg, 0.0, 3600.0, &o->delay_s) < 0) {
				snprintf(err, errlen, "invalid delay '%s': give seconds from 0 to 3600 (0.1 on the screen), "
					 "fractions allowed, e.g. -d 0.5", optarg);
				return -1;
			}
			o->delay_given = true;
			break;
		case 'i':
			if (xt_parse_uint_range("iteration count", optarg, 1, 1000000000ul, &o->iterations, err, errlen) != 0)
				return -1;
			break;
		case 's': {
			int f = xt_field_by_name(optarg);
			if (f < 0 || f == XT_F_HISTORY) {
				snprintf(err, errlen, "unknown sort field '%s': see xtop --help for the list", optarg);
				return -1;
			}
			o->sort_field = (enum xt_field_id)f;
			o->sort_given = true;
			break;
		}
		case OPT_REVERSE: o->sort_reverse = true; break;
		case 'f': o->full_name = true; break;
		case 'n': o->networks = true; break;
		case 'x': o->vbds = true; break;
		case 'v': o->vcpus = true; break;
		case 'r': o->repeat_header = true; break;
		case OPT_CPU_MODE:
			o->cpu_mode_given = true;
			if (strcmp(optarg, "pcpu") == 0)
				o->cpu_mode = XT_CPU_PCPU;
			else if (strcmp(optarg, "vcpu") == 0)
				o->cpu_mode = XT_CPU_VCPU;
			else if (strcmp(optarg, "host") == 0)
				o->cpu_mode = XT_CPU_HOST;
			else {
				snprintf(err, errlen, "unknown CPU mode '%s': use pcpu, vcpu or host", optarg);
				return -1;
			}
			break;
		case OPT_CATALOG: o->catalog_dir = optarg; break;
		case OPT_MEDIA_LISTER: o->media_lister = optarg; break;
		case OPT_MEDIA_CONFIG: o->media_config = optarg; break;
		case OPT_XL: o->xl_path = optarg; break;
		case OPT_SAVE_DIR: o->save_dir = optarg; break;
		case OPT_HINT: o->hint = optarg; break;
		case OPT_ASCII: o->ascii = true; break;
		case OPT_NO_COLOR: o->no_color = true; break;
		case OPT_NO_CONFIG: o->no_config = true; break;
		case OPT_BACKEND:
			backend_given = true;
			if (strcmp(optarg, "xen") == 0)
				o->backend = XT_BACKEND_XEN;
			else if (strcmp(optarg, "fake") == 0)
				o->backend = XT_BACKEND_FAKE;
			else {
				snprintf(err, errlen, "unknown backend '%s': use xen or fake", optarg);
				return -1;
			}
			break;
		case OPT_FAKE_SCRIPT: o->fake_script = optarg; break;
		case OPT_FAKE_DOMAINS:
			if (xt_parse_uint_range("domain count", optarg, 1, 100000ul, &o->fake_domains, err, errlen) != 0)
				return -1;
			break;
		case OPT_FAKE_RECORD: o->fake_record = optarg; break;
		case OPT_BENCH:
			if (xt_parse_uint_range("refresh count", optarg, 1, 1000000ul, &o->bench_refreshes, err, errlen) != 0)
				return -1;
			break;
		case 'h': o->help = true; break;
		case 'V': o->version = true; break;
		case ':':
			snprintf(err, errlen, "option '%s' needs a value; see xtop --help", argv[optind - 1]);
			return -1;
		default:
			unknown_option(err, errlen, argv, optopt, o->networks);
			return -1;
		}
	}
	if (optind < argc) {
		/* `-n 3` was xtop's iteration count before -n took xentop's meaning. */
		if (all_digits(argv[optind]) && o->networks)
			snprintf(err, errlen, "unexpected argument '%s'; the iteration count is -i %s now (-n shows networks, as in xentop)",
				 argv[optind], argv[optind]);
		else
			snprintf(err, errlen, "unexpected argument '%s'; see xtop --help", argv[optind]);
		return -1;
	}
	if ((o->fake_script || o->fake_domains || o->fake_record) && !backend_given)
		o->backend = XT_BACKEND_FAKE;
	if ((o->fake_script || o->fake_domains) && o->backend != XT_BACKEND_FAKE) {
		snprintf(err, errlen, "--fake-script and --fake-domains need --backend fake");
		return -1;
	}
	if (o->fake_script && o->fake_domains) {
		snprintf(err, errlen, "give either --fake-script or --fake-domains, not both");
		return -1;
	}
	if (o->json && !o->batch) {
		snprintf(err, errlen, "--json is an output format for batch mode; add -b");
		return -1;
	}
	bool xentop_format = o->full_name || o->networks || o->vbds || o->vcpus || o->repeat_header;
	if (o->repeat_header && !o->batch) {
		snprintf(err, errlen, "-r repeats the batch header, as in xentop, so it needs -b; to reverse the sort order use --reverse");
		return -1;
	}
	if (xentop_format && !o->batch) {
		snprintf(err, errlen, "-f, -n, -x and -v change xentop's batch lines; add -b");
		return -1;
	}
	if (xentop_format && o->json) {
		snprintf(err, errlen, "-f, -n, -x, -v and -r change xentop's text lines, not --json; drop one or the other");
		return -1;
	}
	if (o->delay_s < 0.1 && !o->batch && !o->bench_refreshes) {
		snprintf(err, errlen, "invalid delay '%g' for the screen: give 0.1 to 3600 seconds (below 0.1 only with -b)",
			 o->delay_s);
		return -1;
	}
	return 0;
}
