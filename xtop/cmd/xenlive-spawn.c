/* xenlive-spawn: launch, list and destroy catalogue guests from a shell;
 * check the catalogue and read its settings (the build's scripts use it so
 * that the catalogue has one parser). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../backend/backend.h"
#include "../util/format.h"
#include "../util/parse.h"
#include "../model/catalog.h"
#include "../model/control.h"
#include "../model/launch.h"
#include "../model/media.h"

/* Xen Live's dnsmasq writes the first; the second is dnsmasq's default. */
#define DEFAULT_LEASES "/run/xenlive/dnsmasq.leases"
#define FALLBACK_LEASES "/var/lib/misc/dnsmasq.leases"

static const char usage[] =
	"Usage: xenlive-spawn IMAGE [--memory SIZE] [--vcpus N] [--count N] [--name NAME] [--console]\n"
	"       xenlive-spawn iso PATH [--disk SIZE] [--uefi] [--memory SIZE] [--vcpus N] [--name NAME] [--console]\n"
	"       xenlive-spawn list\n"
	"       xenlive-spawn images\n"
	"       xenlive-spawn destroy NAME | --all\n"
	"       xenlive-spawn save NAME | restore NAME | saved\n"
	"       xenlive-spawn load NAME cpu|memory|http PEER|stop\n"
	"       xenlive-spawn check-catalog | get IMAGE [KEY]\n"
	"Launches guests from the Xen Live catalogue with xl create and prints their names.\n"
	"(The older option forms --list, --images, --destroy NAME and --all still work.)\n"
	"\n"
	"  --memory SIZE     memory per guest: MiB, or with a unit K, M, G or T, such as\n"
	"                    512M or 1.5G (default from the catalogue)\n"
	"  --vcpus N         virtual CPUs per guest (default from the catalogue)\n"
	"  --count N         how many guests to launch (named IMAGE-1, IMAGE-2, ...)\n"
	"  --name NAME       explicit name for a single guest\n"
	"  --console         attach to the guest's console (xl create -c); leave with Ctrl-]\n"
	"  iso PATH          boot your own CD image (.iso) or disk image (.img) as an HVM\n"
	"                    guest (any PC operating system); it is never written to\n"
	"  --disk SIZE       with iso: also a fresh empty disk of SIZE (MiB, or 2G), kept\n"
	"                    in RAM\n"
	"  --uefi            with iso: boot it with UEFI firmware (OVMF), not the BIOS\n"
	"  --media-config F  the xl config iso starts from (default " XT_MEDIA_CONFIG_DEFAULT ")\n"
	"  list              list running guests with their addresses when known\n"
	"  images            list the catalogue's images\n"
	"  destroy NAME      destroy one guest\n"
	"  destroy --all     destroy every guest started from the catalogue\n"
	"  save NAME         save a running guest to RAM (xl save), refused without room\n"
	"  restore NAME      run a saved guest again where it stopped (xl restore)\n"
	"  saved             list the saved guests\n"
	"  load NAME WHAT    run a demo workload in a guest over ssh: cpu (a burner per\n"
	"                    vCPU), memory (fill half its free memory), http PEER (fetch\n"
	"                    PEER's page over and over) or stop (end them all)\n"
	"  check-catalog     check every file of the catalogue, also that each is named\n"
	"                    after its image (NAME.conf): one line per problem, exit 1\n"
	"  get IMAGE [KEY]   print the value IMAGE's file gives KEY (nothing when it\n"
	"                    leaves KEY unset), or without KEY every key it sets, one\n"
	"                    'key = value' line each\n"
	"  --save-dir DIR    where saved guests are kept (default " XT_SAVE_DIR_DEFAULT ")\n"
	"  --catalog DIR     read the catalogue from DIR (default " XT_CATALOG_DEFAULT_DIR ")\n"
	"  --leases FILE     dnsmasq leases for addresses (default " DEFAULT_LEASES ",\n"
	"                    else " FALLBACK_LEASES ")\n"
	"  --xl PATH         the xl program (default $XL or xl)\n"
	"  --backend xen|fake, --fake-script FILE, --fake-record FILE   for tests\n";

enum { OPT_MEMORY = 256, OPT_VCPUS, OPT_COUNT, OPT_NAME, OPT_CONSOLE, OPT_LIST, OPT_IMAGES, OPT_DESTROY,
       OPT_ALL, OPT_CATALOG, OPT_LEASES, OPT_XL, OPT_BACKEND, OPT_FAKE_SCRIPT, OPT_FAKE_RECORD, OPT_HELP,
       OPT_SAVE_DIR, OPT_DISK, OPT_MEDIA_CONFIG, OPT_DISK_DIR, OPT_UEFI };

struct spawn_options {
	const char *image;
	const char *media;             /* iso PATH */
	unsigned long memory, vcpus, count, disk;
	const char *media_config, *disk_dir;
	bool uefi;
	const char *name;
	bool console, list, images, all, help;
	const char *destroy;
	const char *save, *restore;    /* guest names */
	const char *load, *load_peer;  /* load NAME WHAT [PEER] */
	int load_kind;
	bool saved, check_catalog;
	const char *get, *get_key;     /* get IMAGE [KEY] */
	const char *catalog, *leases, *xl, *save_dir;
	bool fake;
	const char *fake_script, *fake_record;
};

static int bad(const char *fmt, const char *arg)
{
	fputs("xenlive-spawn: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 2;
}

static int parse(int argc, char **argv, struct spawn_options *o)
{
	static const struct option longopts[] = {
		{ "memory", required_argument, NULL, OPT_MEMORY },   { "vcpus", required_argument, NULL, OPT_VCPUS },
		{ "count", required_argument, NULL, OPT_COUNT },     { "name", required_argument, NULL, OPT_NAME },
		{ "console", no_argument, NULL, OPT_CONSOLE },       { "list", no_argument, NULL, OPT_LIST },
		{ "images", no_argument, NULL, OPT_IMAGES },         { "destroy", required_argument, NULL, OPT_DESTROY },
		{ "all", no_argument, NULL, OPT_ALL },               { "catalog", required_argument, NULL, OPT_CATALOG },
		{ "leases", required_argument, NULL, OPT_LEASES },   { "xl", required_argument, NULL, OPT_XL },
		{ "backend", required_argument, NULL, OPT_BACKEND }, { "fake-script", required_argument, NULL, OPT_FAKE_SCRIPT },
		{ "fake-record", required_argument, NULL, OPT_FAKE_RECORD }, { "help", no_argument, NULL, OPT_HELP },
		{ "save-dir", required_argument, NULL, OPT_SAVE_DIR },
		{ "disk", required_argument, NULL, OPT_DISK }, { "media-config", required_argument, NULL, OPT_MEDIA_CONFIG },
		{ "disk-dir", required_argument, NULL, OPT_DISK_DIR }, { "uefi", no_argument, NULL, OPT_UEFI },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->catalog = XT_CATALOG_DEFAULT_DIR;
	o->leases = DEFAULT_LEASES;
	o->save_dir = XT_SAVE_DIR_DEFAULT;
	o->media_config = XT_MEDIA_CONFIG_DEFAULT;
	o->disk_dir = XT_MEDIA_DISK_DIR_DEFAULT;
	const char *xl_env = getenv("XL");
	o->xl = xl_env && *xl_env ? xl_env : "xl";
	opterr = 0;
	int c;
	char err[256];
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_MEMORY:
			if (xt_parse_mib("--memory", optarg, 1, XT_MEMORY_MAX_MIB, &o->memory, err, sizeof err) != 0)
				return bad("%s", err);
			break;
		case OPT_VCPUS:
			if (xt_parse_uint_range("--vcpus", optarg, 1, XT_VCPUS_MAX, &o->vcpus, err, sizeof err) != 0)
				return bad("%s", err);
			break;
		case OPT_COUNT:
			if (xt_parse_uint_range("--count", optarg, 1, XT_LAUNCH_MAX, &o->count, err, sizeof err) != 0)
				return bad("%s", err);
			break;
		case OPT_DISK:
			if (xt_parse_mib("--disk", optarg, 1, XT_MEDIA_DISK_MAX_MIB, &o->disk, err, sizeof err) != 0)
				return bad("%s", err);
			break;
		case OPT_MEDIA_CONFIG: o->media_config = optarg; break;
		case OPT_DISK_DIR: o->disk_dir = optarg; break;
		case OPT_UEFI: o->uefi = true; break;
		case OPT_NAME: o->name = optarg; break;
		case OPT_CONSOLE: o->console = true; break;
		case OPT_LIST: o->list = true; break;
		case OPT_IMAGES: o->images = true; break;
		case OPT_DESTROY: o->destroy = optarg; break;
		case OPT_ALL: o->all = true; break;
		case OPT_CATALOG: o->catalog = optarg; break;
		case OPT_LEASES: o->leases = optarg; break;
		case OPT_XL: o->xl = optarg; break;
		case OPT_SAVE_DIR: o->save_dir = optarg; break;
		case OPT_BACKEND:
			if (strcmp(optarg, "fake") == 0)
				o->fake = true;
			else if (strcmp(optarg, "xen") != 0)
				return bad("unknown backend '%s': use xen or fake", optarg);
			break;
		case OPT_FAKE_SCRIPT: o->fake_script = optarg; o->fake = true; break;
		case OPT_FAKE_RECORD: o->fake_record = optarg; break;
		case 'h':
		case OPT_HELP: o->help = true; break;
		case ':': return bad("option '%s' needs a value; see xenlive-spawn --help", argv[optind - 1]);
		default: return bad("unknown option '%s'; see xenlive-spawn --help", argv[optind - 1]);
		}
	}
	/* "--destroy --all": getopt took --all as the name. */
	if (o->destroy && strcmp(o->destroy, "--all") == 0) {
		o->destroy = NULL;
		o->all = true;
	}
	/* Verbs in xl's style; anything else first is an image. */
	if (optind < argc && strcmp(argv[optind], "list") == 0) {
		o->list = true;
		optind++;
	} else if (optind < argc && strcmp(argv[optind], "images") == 0) {
		o->images = true;
		optind++;
	} else if (optind < argc && strcmp(argv[optind], "destroy") == 0) {
		optind++;
		if (optind < argc)
			o->destroy = argv[optind++];
		else if (!o->all)
			return bad("%s", "destroy needs a guest's NAME or --all; see xenlive-spawn list");
	} else if (optind < argc && (strcmp(argv[optind], "save") == 0 || strcmp(argv[optind], "restore") == 0)) {
		bool save = argv[optind++][0] == 's';
		if (optind >= argc)
			return bad("%s needs a guest's NAME; see xenlive-spawn list and xenlive-spawn saved",
				   save ? "save" : "restore");
		*(save ? &o->save : &o->restore) = argv[optind++];
	} else if (optind < argc && strcmp(argv[optind], "load") == 0) {
		static const char *const kinds[XT_LOAD_COUNT] = { "cpu", "memory", "http", "stop" };
		optind++;
		if (argc - optind < 2)
			return bad("%s", "load needs a guest's NAME and one of cpu, memory, http PEER or stop");
		o->load = argv[optind++];
		o->load_kind = -1;
		for (int k = 0; k < XT_LOAD_COUNT; k++)
			if (strcmp(argv[optind], kinds[k]) == 0)
				o->load_kind = k;
		if (o->load_kind < 0)
			return bad("unknown workload '%s': use cpu, memory, http PEER or stop", argv[optind]);
		optind++;
		if (o->load_kind == XT_LOAD_HTTP) {
			if (optind >= argc)
				return bad("%s", "http needs the PEER guest whose page to fetch");
			o->load_peer = argv[optind++];
		}
	} else if (optind < argc && strcmp(argv[optind], "iso") == 0) {
		optind++;
		if (optind >= argc)
			return bad("%s", "iso needs the PATH of a CD image (.iso) or disk image (.img) to boot");
		o->media = argv[optind++];
	} else if (optind < argc && strcmp(argv[optind], "saved") == 0) {
		o->saved = true;
		optind++;
	} else if (optind < argc && strcmp(argv[optind], "check-catalog") == 0) {
		o->check_catalog = true;
		optind++;
	} else if (optind < argc && strcmp(argv[optind], "get") == 0) {
		optind++;
		if (optind >= argc)
			return bad("%s", "get needs an IMAGE, and optionally one of its KEYs such as memory; see "
				   "xenlive-spawn images");
		o->get = argv[optind++];
		if (optind < argc)
			o->get_key = argv[optind++];
	} else if (optind < argc) {
		o->image = argv[optind++];
	}
	if (optind < argc && o->get)
		return bad("unexpected argument '%s'; get takes an IMAGE and at most one KEY", argv[optind]);
	if (optind < argc)
		return bad("unexpected argument '%s'; launch one image per command (use --count for several)", argv[optind]);
	int modes = (o->image != NULL) + (o->media != NULL) + o->list + o->images + (o->destroy != NULL) + o->all + (o->save != NULL) +
		    (o->restore != NULL) + o->saved + (o->load != NULL) + o->check_catalog + (o->get != NULL);
	if (o->help)
		return 0;
	if (modes == 0)
		return bad("%s", "name an image to launch (see xenlive-spawn images), or use list or destroy NAME|--all");
	if (modes > 1)
		return bad("%s", "give one of IMAGE, list, images, destroy NAME|--all, save NAME, restore NAME, saved, iso PATH, "
			   "check-catalog or get IMAGE [KEY]");
	if (!o->image && !o->media && (o->memory || o->vcpus || o->count || o->name || o->console))
		return bad("%s", "--memory, --vcpus, --count, --name and --console only apply when launching an image");
	if (!o->media && (o->disk || o->uefi))
		return bad("%s", "--disk and --uefi only apply to iso PATH (your own medium); catalogue images bring "
			   "their own");
	if (o->media && o->count > 1)
		return bad("%s", "iso PATH starts one guest at a time; run it again for another");
	return 0;
}

/* The address dnsmasq leased to `name`, if any ("" otherwise). */
static void lookup_address(const char *leases, const char *name, char *addr, size_t len)
{
	addr[0] = '\0';
	FILE *f = fopen(leases, "r");
	if (!f && strcmp(leases, DEFAULT_LEASES) == 0)
		f = fopen(FALLBACK_LEASES, "r");
	if (!f)
		return;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		char expiry[32], mac[64], ip[64], host[XT_NAME_MAX];
		if (sscanf(line, "%31s %63s %63s %127s", expiry, mac, ip, host) == 4 && strcmp(host, name) == 0)
			snprintf(addr, len, "%s", ip);
	}
	fclose(f);
}

static struct xt_backend *open_backend(const struct spawn_options *o, char *err, size_t errlen)
{
	struct xt_backend *be;
	if (o->fake) {
		struct xt_fake_options fo = { o->fake_script, 1, o->fake_record };
		be = xt_backend_fake_open(&fo, err, errlen);
	} else {
		be = xt_backend_xen_open(o->xl, err, errlen);
	}
	if (be)
		be->xl_path = o->xl;
	return be;
}

static int list_images(const struct spawn_options *o)
{
	struct xt_catalog cat;
	char err[512];
	if (xt_catalog_load(o->catalog, &cat, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < cat.n; i++)
		printf("%-12s %5u MiB %2u vCPU  %s\n", cat.images[i].name, cat.images[i].memory_mib,
		       cat.images[i].vcpus, cat.images[i].display);
	if (cat.nskipped)
		fprintf(stderr, "xenlive-spawn: %s\n", cat.skipped);
	else if (cat.n == 0)
		fprintf(stderr, "xenlive-spawn: the catalogue %s has no images\n", o->catalog);
	xt_catalog_free(&cat);
	return 0;
}

static int list_guests(struct xt_backend *be, const struct spawn_options *o)
{
	struct xt_sample s = { 0 };
	char err[256];
	if (be->ops->sample(be, &s, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		xt_sample_free(&s);
		return 1;
	}
	printf("%-24s %5s %-6s %8s %5s  %s\n", "NAME", "ID", "STATE", "MEM(MiB)", "VCPUS", "ADDRESS");
	for (size_t i = 0; i < s.ndomains; i++) {
		const struct xt_domain_sample *d = &s.domains[i];
		char name[XT_NAME_MAX], state[8], addr[64];
		xt_sanitize(name, sizeof name, d->name);
		xt_fmt_state(state, sizeof state, d->state);
		lookup_address(o->leases, d->name, addr, sizeof addr);
		printf("%-24s %5u %-6s %8llu %5u  %s\n", name, d->id, state,
		       (unsigned long long)(d->mem_bytes / (1024 * 1024)), d->vcpus, addr[0] ? addr : "-");
	}
	xt_sample_free(&s);
	return 0;
}

static int destroy_guests(struct xt_backend *be, const struct spawn_options *o)
{
	struct xt_catalog cat = { 0 };
	char err[512];
	if (o->all && xt_catalog_load(o->catalog, &cat, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		return 1;
	}
	struct xt_sample s = { 0 };
	int rc = 0;
	if (be->ops->sample(be, &s, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		rc = 1;
		goto out;
	}
	unsigned destroyed = 0, matched = 0;
	for (size_t i = 0; i < s.ndomains; i++) {
		const struct xt_domain_sample *d = &s.domains[i];
		bool wanted = false;
		if (o->destroy)
			wanted = strcmp(d->name, o->destroy) == 0;
		else
			for (size_t k = 0; k < cat.n && !wanted; k++)
				wanted = xt_is_instance_of(d->name, cat.images[k].name);
		if (!wanted)
			continue;
		matched++;
		if (d->id == 0) {
			fprintf(stderr, "xenlive-spawn: %s is the control domain (Domain-0) and cannot be destroyed\n", d->name);
			rc = 2;
			continue;
		}
		if (be->ops->destroy(be, d->id, err, sizeof err) < 0) {
			fprintf(stderr, "xenlive-spawn: %s\n", err);
			rc = 1;
			continue;
		}
		printf("destroyed %s\n", d->name);
		destroyed++;
	}
	if (o->destroy && !matched) {
		fprintf(stderr, "xenlive-spawn: no domain is named '%s'; see xenlive-spawn --list\n", o->destroy);
		rc = 1;
	}
	if (o->all && destroyed == 0 && rc == 0)
		printf("no catalogue guests are running\n");
out:
	xt_sample_free(&s);
	xt_catalog_free(&cat);
	return rc;
}

static int list_saved(const struct spawn_options *o)
{
	struct xt_saved *list;
	size_t n;
	char err[512];
	if (xt_saved_list(o->save_dir, &list, &n, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		return 1;
	}
	printf("%-24s %8s  %s\n", "NAME", "MEM(MiB)", "FILE");
	for (size_t i = 0; i < n; i++)
		printf("%-24s %8llu  %s/%s%s\n", list[i].name, (unsigned long long)(list[i].bytes >> 20), o->save_dir,
		       list[i].name, XT_SAVE_SUFFIX);
	free(list);
	return 0;
}

/* save NAME / restore NAME, with model/control.c's checks. */
static int save_or_restore(struct xt_backend *be, const struct spawn_options *o)
{
	struct xt_sample s = { 0 };
	char err[512];
	int rc = 0;
	if (be->ops->sample(be, &s, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		xt_sample_free(&s);
		return 1;
	}
	if (o->restore) {
		if (xt_control_restore(be, o->save_dir, o->restore, &s, err, sizeof err) < 0)
			rc = 1;
		else
			printf("restored %s\n", o->restore);
	} else {
		const struct xt_domain_sample *d = NULL;
		for (size_t i = 0; i < s.ndomains && !d; i++)
			if (strcmp(s.domains[i].name, o->save) == 0)
				d = &s.domains[i];
		if (!d) {
			snprintf(err, sizeof err, "no domain is named '%s'; see xenlive-spawn list", o->save);
			rc = 1;
		} else if (xt_control_save(be, d, o->save_dir, err, sizeof err) < 0) {
			rc = 1;
		} else {
			printf("saved %s to %s/%s%s\n", o->save, o->save_dir, o->save, XT_SAVE_SUFFIX);
		}
	}
	if (rc)
		fprintf(stderr, "xenlive-spawn: %s\n", err);
	xt_sample_free(&s);
	return rc;
}

static int run_load(struct xt_backend *be, const struct spawn_options *o)
{
	struct xt_sample s = { 0 };
	char err[512];
	int rc = 1;
	if (be->ops->sample(be, &s, err, sizeof err) == 0) {
		const struct xt_domain_sample *d = NULL;
		for (size_t i = 0; i < s.ndomains && !d; i++)
			if (strcmp(s.domains[i].name, o->load) == 0)
				d = &s.domains[i];
		if (!d)
			snprintf(err, sizeof err, "no domain is named '%s'; see xenlive-spawn list", o->load);
		else if (d->id == 0)
			snprintf(err, sizeof err, "%s is the control domain; workloads run in guests", d->name);
		else if (o->load_peer && !xt_valid_host(o->load_peer))
			snprintf(err, sizeof err, "'%s' is not a guest's name; see xenlive-spawn list", o->load_peer);
		else if (be->ops->workload(be, d->id, (enum xt_workload)o->load_kind, o->load_peer, err, sizeof err) == 0)
			rc = 0;
	}
	if (rc)
		fprintf(stderr, "xenlive-spawn: %s\n", err);
	else
		printf("%s: %s %s\n", o->load, o->load_kind == XT_LOAD_STOP ? "stopped" : "started",
		       o->load_kind == XT_LOAD_STOP ? "every workload" : o->load_peer ? o->load_peer : "");
	xt_sample_free(&s);
	return rc;
}

/* The empty disk a guest of the user's medium asked for: one sparse file
 * per size, shared by every such guest since none writes it (QEMU's
 * -snapshot keeps each guest's writes apart, in dom0's RAM). */
static int empty_disk(const struct spawn_options *o, char *path, size_t len, char *err, size_t errlen)
{
	if (mkdir(o->disk_dir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot make %s for the empty disk: %s", o->disk_dir, strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(path, len, "%s/empty-%luM.img", o->disk_dir, o->disk) >= len) {
		snprintf(err, errlen, "the disk directory %s is too long a path", o->disk_dir);
		return -1;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)o->disk << 20) < 0) {
		snprintf(err, errlen, "cannot make the empty disk %s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return -1;
	}
	close(fd);
	return 0;
}

/* iso PATH: the user's own medium as an HVM guest. */
static int launch_media_at(struct xt_backend *be, const struct spawn_options *o, const char *media,
			   enum xt_media_kind kind);

static int launch_media(struct xt_backend *be, const struct spawn_options *o)
{
	char err[512];
	enum xt_media_kind kind;
	if (xt_media_probe(o->media, &kind, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		return 2;
	}
	/* xl and the device model run elsewhere: the path must be absolute. */
	char *media = realpath(o->media, NULL);
	if (!media) {
		fprintf(stderr, "xenlive-spawn: cannot resolve %s: %s\n", o->media, strerror(errno));
		return 2;
	}
	int rc = launch_media_at(be, o, media, kind);
	free(media);
	return rc;
}

static int launch_media_at(struct xt_backend *be, const struct spawn_options *o, const char *media,
			   enum xt_media_kind kind)
{
	char err[1024], line[2 * XT_PATH_MAX + 200], disk[XT_PATH_MAX];
	struct xt_image img;
	xt_media_image(media, o->media_config, &img);
	if (o->disk) {
		/* Its writes live in Domain-0's RAM: they must fit there. */
		struct xt_sample s = { 0 };
		if (be->ops->sample(be, &s, err, sizeof err) == 0 && s.dom0_avail_bytes) {
			unsigned long room = (unsigned long)(s.dom0_avail_bytes >> 20);
			room = room > XT_HVM_DEVICE_MODEL_MIB + XT_DOM0_RESERVE_MIB ?
				       room - XT_HVM_DEVICE_MODEL_MIB - XT_DOM0_RESERVE_MIB : 0;
			if (o->disk > room) {
				fprintf(stderr, "xenlive-spawn: --disk %lu MiB would not fit: what the guest writes to it "
					"is kept in Domain-0's memory, which has room for %lu MiB; ask for less\n",
					o->disk, room);
				xt_sample_free(&s);
				return 2;
			}
		}
		xt_sample_free(&s);
	}
	if ((o->disk && empty_disk(o, disk, sizeof disk, err, sizeof err) < 0) ||
	    xt_media_disk_line(media, kind, o->disk ? disk : NULL, line, sizeof line, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		return 2;
	}
	struct xt_launch_request req = {
		.image = &img, .memory_mib = (unsigned)o->memory, .vcpus = (unsigned)o->vcpus,
		.count = 1, .console = o->console, .name = o->name, .lock_path = XT_LAUNCH_LOCK_DEFAULT,
		.extra = { line, o->uefi ? "bios=\"ovmf\"" : NULL },
	};
	struct xt_launch_result res;
	if (xt_launch(be, &req, &res, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		if (res.tool_output && *res.tool_output)
			fprintf(stderr, "--- xl output ---\n%s%s", res.tool_output,
				res.tool_output[strlen(res.tool_output) - 1] == '\n' ? "" : "\n");
		xt_launch_result_free(&res);
		return 1;
	}
	for (size_t i = 0; i < res.n; i++)
		printf("%s\n", res.names[i]);
	xt_launch_result_free(&res);
	return 0;
}

/* The catalogue entry `name` from the loaded catalogue, or NULL after one
 * sentence saying why there is none. */
static const struct xt_image *find_image(const struct xt_catalog *cat, const char *name)
{
	const struct xt_image *img = xt_catalog_find(cat, name);
	if (!img && cat->nskipped) {
		/* The image may be the skipped file's: its error is the news. */
		fprintf(stderr, "xenlive-spawn: no good catalogue entry for '%s': %s\n", name, cat->skipped);
		return NULL;
	}
	if (cat->nskipped)
		fprintf(stderr, "xenlive-spawn: warning: %s\n", cat->skipped);
	if (!img) {
		char names[512] = "";
		for (size_t i = 0; i < cat->n; i++) {
			size_t l = strlen(names);
			snprintf(names + l, sizeof names - l, "%s%s", i ? ", " : "", cat->images[i].name);
		}
		fprintf(stderr, "xenlive-spawn: unknown image '%s'; choose one of: %s (see --images)\n", name,
			cat->n ? names : "none, the catalogue is empty");
	}
	return img;
}

static void report_problem(void *ctx, const char *sentence)
{
	(void)ctx;
	fprintf(stderr, "xenlive-spawn: %s\n", sentence);
}

/* check-catalog: catalog.c's rules, one line per file that breaks one. */
static int check_catalog(const struct spawn_options *o)
{
	char err[1024];
	int bad_files = xt_catalog_check(o->catalog, report_problem, NULL, err, sizeof err);
	if (bad_files < 0)
		fprintf(stderr, "xenlive-spawn: %s\n", err);
	return bad_files != 0;
}

/* get IMAGE [KEY]: what the catalogue file says, for scripts. */
static int get_value(const struct spawn_options *o)
{
	struct xt_catalog cat;
	char err[1024], value[XT_PATH_MAX];
	if (xt_catalog_load(o->catalog, &cat, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		return 1;
	}
	const struct xt_image *img = find_image(&cat, o->get);
	int rc = img ? 0 : 2;
	if (img && o->get_key) {
		int set = xt_image_value(img, o->get_key, value, sizeof value);
		if (set > 0) {
			printf("%s\n", value);
		} else if (set < 0) {
			char names[256] = "";
			for (unsigned i = 0; xt_catalog_key(i); i++) {
				size_t l = strlen(names);
				snprintf(names + l, sizeof names - l, "%s%s", i ? ", " : "", xt_catalog_key(i));
			}
			fprintf(stderr, "xenlive-spawn: '%s' is no catalogue key; use one of: %s\n", o->get_key, names);
			rc = 2;
		}
	} else if (img) {
		for (unsigned i = 0; xt_catalog_key(i); i++)
			if (xt_image_value(img, xt_catalog_key(i), value, sizeof value) > 0)
				printf("%s = %s\n", xt_catalog_key(i), value);
	}
	xt_catalog_free(&cat);
	return rc;
}

static int launch(struct xt_backend *be, const struct spawn_options *o)
{
	struct xt_catalog cat;
	char err[1024];
	if (xt_catalog_load(o->catalog, &cat, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		return 1;
	}
	const struct xt_image *img = find_image(&cat, o->image);
	if (!img) {
		xt_catalog_free(&cat);
		return 2;
	}
	struct xt_launch_request req = {
		.image = img, .memory_mib = (unsigned)o->memory, .vcpus = (unsigned)o->vcpus,
		.count = (unsigned)o->count, .console = o->console, .name = o->name,
		.lock_path = XT_LAUNCH_LOCK_DEFAULT,
	};
	struct xt_launch_result res;
	int rc = 0;
	if (xt_launch(be, &req, &res, err, sizeof err) < 0) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		if (res.tool_output && *res.tool_output)
			fprintf(stderr, "--- xl output ---\n%s%s", res.tool_output,
				res.tool_output[strlen(res.tool_output) - 1] == '\n' ? "" : "\n");
		rc = 1;
	} else {
		for (size_t i = 0; i < res.n; i++) {
			char addr[64];
			lookup_address(o->leases, res.names[i], addr, sizeof addr);
			if (addr[0])
				printf("%s %s\n", res.names[i], addr);
			else
				printf("%s\n", res.names[i]);
		}
	}
	xt_launch_result_free(&res);
	xt_catalog_free(&cat);
	return rc;
}

int main(int argc, char **argv)
{
	struct spawn_options o;
	int rc = parse(argc, argv, &o);
	if (rc)
		return rc;
	if (o.help) {
		fputs(usage, stdout);
		return 0;
	}
	if (o.images)
		return list_images(&o);
	if (o.saved)
		return list_saved(&o);
	if (o.check_catalog)
		return check_catalog(&o);
	if (o.get)
		return get_value(&o);
	char err[512];
	struct xt_backend *be = open_backend(&o, err, sizeof err);
	if (!be) {
		fprintf(stderr, "xenlive-spawn: %s\n", err);
		return 1;
	}
	if (o.list)
		rc = list_guests(be, &o);
	else if (o.image)
		rc = launch(be, &o);
	else if (o.media)
		rc = launch_media(be, &o);
	else if (o.save || o.restore)
		rc = save_or_restore(be, &o);
	else if (o.load)
		rc = run_load(be, &o);
	else
		rc = destroy_guests(be, &o);
	xt_backend_close(be);
	return rc;
}
