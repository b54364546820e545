/* A user's own boot medium (a CD image or a disk image on a stick or a
 * disk) as an HVM guest: checking the file and making the catalogue-style
 * image and xl config lines that boot it.  The medium is never written:
 * a CD is read-only, and every disk of these guests runs with QEMU's
 * -snapshot (etc/xen/hvm-media.cfg), which keeps the guest's writes in a
 * temporary file in dom0's RAM. */
#ifndef XTOP_MEDIA_H
#define XTOP_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"

#define XT_MEDIA_CONFIG_DEFAULT "/etc/xen/hvm-media.cfg"
#define XT_MEDIA_MEMORY_DEFAULT_MIB 256
/* The empty disk a guest may get (--disk MB) lives in dom0's RAM. */
#define XT_MEDIA_DISK_DIR_DEFAULT "/run/xenlive/disks"
#define XT_MEDIA_DISK_MAX_MIB (64u * 1024)

enum xt_media_kind { XT_MEDIA_CD, XT_MEDIA_DISK };

/* Whether `path` is a file an emulated PC can boot: a CD image with an El
 * Torito boot record, or a disk image with a boot sector (MBR or GPT).
 * 0 with *kind set, or -1 and one sentence naming what is wrong. */
int xt_media_probe(const char *path, enum xt_media_kind *kind, char *err, size_t errlen);

/* The image to launch `path` as: type hvm, the given xl config, a name from
 * the file's name ("debian-12-netinst" from debian-12.iso... lower case,
 * [a-z0-9-]), default memory and one vCPU. */
void xt_media_image(const char *path, const char *config, struct xt_image *out);

/* The xl config line that attaches `path` (as the first CD drive, or the
 * first disk), and with disk_path the second one, an empty disk.  0, or -1
 * when a path cannot be written into an xl config (quotes, backslashes,
 * control characters: one sentence in err). */
int xt_media_disk_line(const char *path, enum xt_media_kind kind, const char *disk_path, char *line, size_t len,
		       char *err, size_t errlen);

/* The program that lists the users' media on attached disks and sticks
 * (one PATH a line), mounting them read-only: livecd's xenlive-media. */
#define XT_MEDIA_LISTER_DEFAULT "xenlive-media"

/* Appends to cat an image for each bootable medium `lister list` prints
 * (the others are skipped), named after its file (with "-media" when a
 * catalogue image has that name).  Returns how many it added; a lister
 * that cannot run adds none. */
size_t xt_media_append(struct xt_catalog *cat, const char *lister, const char *config);

#endif
