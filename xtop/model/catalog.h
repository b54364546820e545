/* The guest catalogue: one `key = value` file per guest image in a
 * directory (default /etc/xenlive/guests.d, files ending in .conf). */
#ifndef XTOP_CATALOG_H
#define XTOP_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "../backend/backend.h"

#define XT_CATALOG_DEFAULT_DIR "/etc/xenlive/guests.d"
#define XT_IMAGE_NAME_MAX 32
#define XT_TEXT_MAX 128
#define XT_PATH_MAX 512

/* The largest values a guest setting may take, wherever it is typed:
 * catalogue, xenlive-spawn, the launch dialog, the control dialogs. */
#define XT_MEMORY_MAX_MIB (16ul * 1024 * 1024)   /* 16 TiB */
#define XT_VCPUS_MAX 512

struct xt_image {
	char name[XT_IMAGE_NAME_MAX];   /* [a-z0-9-]+ */
	char display[XT_TEXT_MAX];
	char config[XT_PATH_MAX];
	char kernel[XT_PATH_MAX];       /* "" for an HVM image */
	char ramdisk[XT_PATH_MAX];      /* "" when absent */
	char image[XT_PATH_MAX];        /* root image; an HVM image's boot CD or disk */
	enum xt_guest_type type;        /* `type = pv|pvh|hvm` (default pv), as its xl config */
	unsigned memory_mib;
	unsigned min_memory_mib;        /* 0 = no minimum; below it the kernel cannot boot */
	unsigned maxmem_mib;            /* what ballooning may grow it to (default: memory) */
	unsigned vcpus;
	unsigned maxvcpus;              /* what may come online (default: vcpus) */
	char source[XT_PATH_MAX];       /* the file it came from */
	unsigned set_keys;              /* bit i: the file sets xt_catalog_key(i) */
	bool user_medium;               /* a user's CD or disk image (model/media.h) */
	bool medium_is_disk;            /* ... a disk image, not a CD image */
};

struct xt_catalog {
	struct xt_image *images;
	size_t n;
	/* Files that could not be used (unreadable, malformed, a name already
	 * taken): skipped so that the good ones still work.  `skipped` is one
	 * sentence naming the first of them, what is wrong and what to do. */
	unsigned nskipped;
	char skipped[XT_PATH_MAX * 2 + 256];
};

/* Parses one file's text (need not be NUL-terminated).  `filename` only
 * labels error messages ("FILE:LINE: ...").  0 or -1 with err set. */
int xt_image_parse(const char *text, size_t len, const char *filename,
		   struct xt_image *out, char *err, size_t errlen);

/* Reads every *.conf in dir, sorted by file name.  A file that cannot be
 * read or parsed, or whose name an earlier file took, is skipped and
 * counted in nskipped (the first one's error in `skipped`); the rest load.
 * Fails (-1, err set) only when the directory itself cannot be read or
 * memory runs out.  An empty directory is not an error (n == 0). */
int xt_catalog_load(const char *dir, struct xt_catalog *out, char *err, size_t errlen);
void xt_catalog_free(struct xt_catalog *);
const struct xt_image *xt_catalog_find(const struct xt_catalog *, const char *name);

/* Checks every *.conf in dir as xt_catalog_load reads it, and more
 * strictly, as the build wants its own catalogue: each file is named after
 * its image (NAME.conf).  report() gets one sentence per file that fails
 * (FILE[:LINE]: what is wrong).  Returns how many failed (0: all good), or
 * -1 with err set when dir cannot be read or holds no .conf file. */
int xt_catalog_check(const char *dir, void (*report)(void *ctx, const char *sentence), void *ctx,
		     char *err, size_t errlen);

/* The catalogue's keys in their usual order: the i-th one's name, or NULL
 * past the last. */
const char *xt_catalog_key(unsigned i);
/* The value an image's file gives `key`, as text in the file's own terms
 * (numbers in decimal, type as pv, pvh or hvm) into buf, which holds
 * XT_PATH_MAX bytes: 1 when the file sets the key, 0 when it leaves it
 * unset (buf "", the default applies), -1 when `key` is no catalogue key. */
int xt_image_value(const struct xt_image *, const char *key, char *buf, size_t len);

/* "PV", "PVH" or "HVM". */
const char *xt_guest_type_name(enum xt_guest_type);
/* 0 when a host that runs `host_types` can run this image; otherwise -1
 * and one sentence saying why not and what to do. */
int xt_image_runs_here(const struct xt_image *, unsigned host_types, char *err, size_t errlen);

#endif
