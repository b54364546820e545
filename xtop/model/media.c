#define _POSIX_C_SOURCE 200809L
#include "media.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#define SECTOR 2048
#define ISO_DESCRIPTORS 16   /* the first volume descriptor's sector */

static bool read_at(int fd, off_t offset, void *buf, size_t len)
{
	return pread(fd, buf, len, offset) == (ssize_t)len;
}

int xt_media_probe(const char *path, enum xt_media_kind *kind, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		snprintf(err, errlen, "%s does not exist (%s); give the path of a CD image (.iso) or disk image (.img)",
			 path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		snprintf(err, errlen, "%s is not a file; give the path of a CD image (.iso) or disk image (.img)", path);
		return -1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	/* A CD image: ISO 9660's "CD001" in its first volume descriptor; it
	 * boots when the next is El Torito's boot record.  A hybrid ISO also
	 * has a boot sector, but is meant to be a CD. */
	unsigned char pvd[8], boot[32], mbr[512];
	bool iso = read_at(fd, (off_t)ISO_DESCRIPTORS * SECTOR, pvd, sizeof pvd) && memcmp(pvd + 1, "CD001", 5) == 0;
	bool el_torito = iso && read_at(fd, (off_t)(ISO_DESCRIPTORS + 1) * SECTOR, boot, sizeof boot) &&
			 boot[0] == 0 && memcmp(boot + 1, "CD001", 5) == 0 &&
			 memcmp(boot + 7, "EL TORITO SPECIFICATION", 23) == 0;
	bool boot_sector = read_at(fd, 0, mbr, sizeof mbr) && mbr[510] == 0x55 && mbr[511] == 0xaa;
	close(fd);
	if (el_torito) {
		*kind = XT_MEDIA_CD;
		return 0;
	}
	if (iso) {
		snprintf(err, errlen, "%s is a CD image without a boot record (El Torito), so no PC can boot it; "
			 "give a bootable CD image", path);
		return -1;
	}
	if (boot_sector) {
		*kind = XT_MEDIA_DISK;
		return 0;
	}
	snprintf(err, errlen, "%s is not bootable: it is neither a CD image with a boot record nor a disk image "
		 "with a boot sector", path);
	return -1;
}

size_t xt_media_append(struct xt_catalog *cat, const char *lister, const char *config)
{
	char *output = xt_list_media(lister), err[256];
	if (!output)
		return 0;
	size_t added = 0;
	for (char *line = strtok(output, "\n"); line; line = strtok(NULL, "\n")) {
		enum xt_media_kind kind;
		if (line[0] != '/' || xt_media_probe(line, &kind, err, sizeof err) < 0)
			continue;
		struct xt_image *grown = realloc(cat->images, (cat->n + 1) * sizeof *grown);
		if (!grown)
			break;
		cat->images = grown;
		struct xt_image *img = &cat->images[cat->n];
		xt_media_image(line, config, img);
		img->medium_is_disk = kind == XT_MEDIA_DISK;
		if (xt_catalog_find(cat, img->name)) {
			size_t l = strlen(img->name);
			snprintf(img->name + (l > XT_IMAGE_NAME_MAX - 7 ? XT_IMAGE_NAME_MAX - 7 : l), 7, "-media");
		}
		if (xt_catalog_find(cat, img->name))
			continue;   /* two files of one name: the first is offered */
		cat->n++;
		added++;
	}
	free(output);
	return added;
}

void xt_media_image(const char *path, const char *config, struct xt_image *out)
{
	memset(out, 0, sizeof *out);
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	/* The name: the file's, up to its first dot, lower case, with every
	 * run of other characters as one '-'; "media" when nothing is left. */
	size_t n = 0;
	for (const char *p = base; *p && *p != '.' && n < XT_IMAGE_NAME_MAX - 8; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (ok)
			out->name[n++] = c;
		else if (n && out->name[n - 1] != '-')
			out->name[n++] = '-';
	}
	while (n && out->name[n - 1] == '-')
		n--;
	out->name[n] = '\0';
	if (!n)
		snprintf(out->name, sizeof out->name, "media");
	snprintf(out->display, sizeof out->display, "%.*s (HVM, your own medium)", XT_TEXT_MAX - 32, base);
	snprintf(out->config, sizeof out->config, "%s", config);
	snprintf(out->image, sizeof out->image, "%s", path);
	snprintf(out->source, sizeof out->source, "%s", path);
	out->type = XT_GUEST_HVM;
	out->user_medium = true;
	out->memory_mib = out->maxmem_mib = XT_MEDIA_MEMORY_DEFAULT_MIB;
	out->vcpus = out->maxvcpus = 1;
}

/* A path xl's config syntax can carry in a double-quoted string. */
static bool xl_safe(const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
			return false;
	return true;
}

int xt_media_disk_line(const char *path, enum xt_media_kind kind, const char *disk_path, char *line, size_t len,
		       char *err, size_t errlen)
{
	const char *bad = !xl_safe(path) ? path : disk_path && !xl_safe(disk_path) ? disk_path : NULL;
	if (bad) {
		snprintf(err, errlen, "the path %s holds a quote, backslash or control character, which an xl "
			 "configuration cannot carry; rename the file or copy it", bad);
		return -1;
	}
	/* The medium first (hda: the first disk; hdc: the first CD drive,
	 * where SeaBIOS and OVMF look), the empty disk second. */
	int n = kind == XT_MEDIA_CD ?
		snprintf(line, len, "disk=[\"format=raw,vdev=hdc,access=ro,devtype=cdrom,target=%s\"%s%s%s]", path,
			 disk_path ? ",\"format=raw,vdev=hda,access=rw,target=" : "", disk_path ? disk_path : "",
			 disk_path ? "\"" : "") :
		snprintf(line, len, "disk=[\"format=raw,vdev=hda,access=rw,target=%s\"%s%s%s]", path,
			 disk_path ? ",\"format=raw,vdev=hdb,access=rw,target=" : "", disk_path ? disk_path : "",
			 disk_path ? "\"" : "");
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "the path %s is too long", path);
		return -1;
	}
	return 0;
}
