#define _POSIX_C_SOURCE 200809L
#include "options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../launch/catalog.h"
#include "format.h"

const char xt_usage[] =
	"Usage: xtop [OPTION]...\n"
	"Real-time monitor and launcher for Xen domains.\n"
	"\n"
	"  -b, --batch            print one line per domain per iteration (xentop -b columns)\n"
	"      --json             with -b: one JSON object per iteration\n"
	"  -d, --delay SEC        refresh interval in seconds, fractions allowed (default 2)\n"
	"  -n, -i, --iterations N stop after N refreshes\n"
	"  -s, --sort FIELD       sort by name, id, state, cpu, vcpus, mem, maxmem, mempct,\n"
	"                         netrx, nettx, blkrd, blkwr or uptime\n"
	"  -r, --reverse          reverse the sort order\n"
	"      --cpu-mode MODE    pcpu (100% = one physical CPU), vcpu or host\n"
	"      --catalog DIR      guest catalogue for the launch menu (default " XT_CATALOG_DEFAULT_DIR ")\n"
	"      --xl PATH          the xl program to run (default $XL or xl)\n"
	"      --ascii            ASCII sparklines and ellipsis even in UTF-8 locales\n"
	"      --no-color         monochrome\n"
	"      --backend xen|fake data source (default xen)\n"
	"      --fake-script FILE fake backend: replay this scenario\n"
	"      --fake-domains N   fake backend: N synthetic domains\n"
	"      --fake-record FILE fake backend: append requested actions to FILE\n"
	"      --bench N          time N refreshes of the screen path and report\n"
	"  -h, --help             show this help\n"
	"  -V, --version          show the version\n";

enum { OPT_JSON = 256, OPT_BACKEND, OPT_FAKE_SCRIPT, OPT_FAKE_DOMAINS, OPT_FAKE_RECORD, OPT_CATALOG,
       OPT_XL, OPT_ASCII, OPT_NO_COLOR, OPT_CPU_MODE, OPT_BENCH };

int xt_parse_options(int argc, char **argv, struct xt_options *o, char *err, size_t errlen)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "sort", required_argument, NULL, 's' },
		{ "reverse", no_argument, NULL, 'r' },
		{ "cpu-mode", required_argument, NULL, OPT_CPU_MODE },
		{ "catalog", required_argument, NULL, OPT_CATALOG },
		{ "xl", required_argument, NULL, OPT_XL },
		{ "ascii", no_argument, NULL, OPT_ASCII },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "backend", required_argument, NULL, OPT_BACKEND },
		{ "fake-script", required_argument, NULL, OPT_FAKE_SCRIPT },
		{ "fake-domains", required_argument, NULL, OPT_FAKE_DOMAINS },
		{ "fake-record", required_argument, NULL, OPT_FAKE_RECORD },
		{ "bench", required_argument, NULL, OPT_BENCH },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->delay_s = 2.0;
	o->backend = XT_BACKEND_XEN;
	o->catalog_dir = XT_CATALOG_DEFAULT_DIR;
	const char *xl_env = getenv("XL");
	o->xl_path = xl_env && *xl_env ? xl_env : "xl";
	o->sort_field = XT_F_ID;
	bool backend_given = false;

	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":bd:n:i:s:rhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': o->batch = true; break;
		case OPT_JSON: o->json = true; break;
		case 'd':
			if (xt_parse_seconds(optarg, 0.0, 3600.0, &o->delay_s) < 0) {
				snprintf(err, errlen, "invalid delay '%s': give seconds between 0 and 3600, e.g. -d 0.5", optarg);
				return -1;
			}
			break;
		case 'n':
		case 'i':
			if (xt_parse_positive(optarg, 1000000000ul, &o->iterations) < 0) {
				snprintf(err, errlen, "invalid iteration count '%s': give a whole number above 0", optarg);
				return -1;
			}
			break;
		case 's': {
			int f = xt_field_by_name(optarg);
			if (f < 0 || f == XT_F_HISTORY) {
				snprintf(err, errlen, "unknown sort field '%s': see xtop --help for the list", optarg);
				return -1;
			}
			o->sort_field = (enum xt_field_id)f;
			break;
		}
		case 'r': o->sort_reverse = true; break;
		case OPT_CPU_MODE:
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
		case OPT_XL: o->xl_path = optarg; break;
		case OPT_ASCII: o->ascii = true; break;
		case OPT_NO_COLOR: o->no_color = true; break;
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
			if (xt_parse_positive(optarg, 100000ul, &o->fake_domains) < 0) {
				snprintf(err, errlen, "invalid domain count '%s': give a whole number from 1 to 100000", optarg);
				return -1;
			}
			break;
		case OPT_FAKE_RECORD: o->fake_record = optarg; break;
		case OPT_BENCH:
			if (xt_parse_positive(optarg, 1000000ul, &o->bench_refreshes) < 0) {
				snprintf(err, errlen, "invalid refresh count '%s': give a whole number above 0", optarg);
				return -1;
			}
			break;
		case 'h': o->help = true; break;
		case 'V': o->version = true; break;
		case ':':
			snprintf(err, errlen, "option '%s' needs a value; see xtop --help", argv[optind - 1]);
			return -1;
		default:
			snprintf(err, errlen, "unknown option '%s'; see xtop --help", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
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
	if (o->delay_s < 0.1 && !o->batch && !o->bench_refreshes) {
		snprintf(err, errlen, "the interactive refresh interval must be at least 0.1 seconds");
		return -1;
	}
	return 0;
}
