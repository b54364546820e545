#define _POSIX_C_SOURCE 200809L
#include "catalog.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/parse.h"

#define MAX_FILE_BYTES (64 * 1024)

static bool valid_image_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

enum key_id { K_NAME, K_DISPLAY, K_CONFIG, K_KERNEL, K_RAMDISK, K_IMAGE, K_MEMORY, K_MIN_MEMORY, K_MAXMEM, K_VCPUS,
	      K_MAXVCPUS, K_TYPE, K_COUNT };

/* xt_image.set_keys has a bit per key. */
_Static_assert(K_COUNT <= 32, "too many catalogue keys for set_keys");

static const struct {
	const char *key;
	bool required;
} keys[K_COUNT] = {
	[K_NAME] = { "name", true },       [K_DISPLAY] = { "display", true },
	/* kernel: required unless type = hvm (the firmware boots the image) */
	[K_CONFIG] = { "config", true },   [K_KERNEL] = { "kernel", false },
	[K_RAMDISK] = { "ramdisk", false }, [K_IMAGE] = { "image", true },
	[K_MEMORY] = { "memory", true },   [K_MIN_MEMORY] = { "min_memory", false },
	[K_MAXMEM] = { "maxmem", false }, [K_VCPUS] = { "vcpus", true },
	[K_MAXVCPUS] = { "maxvcpus", false }, [K_TYPE] = { "type", false },
};

static int set_text(char *dst, size_t cap, const char *val, const char *file, unsigned line,
		    const char *key, char *err, size_t errlen)
{
	size_t n = strlen(val);
	if (n >= cap) {
		snprintf(err, errlen, "%s:%u: value of '%s' is too long (at most %zu characters)",
			 file, line, key, cap - 1);
		return -1;
	}
	memcpy(dst, val, n + 1);
	return 0;
}

static int set_value(struct xt_image *img, enum key_id k, const char *val, const char *file,
		     unsigned line, char *err, size_t errlen)
{
	unsigned long num;
	const char *key = keys[k].key;
	if (!*val) {
		snprintf(err, errlen, "%s:%u: '%s' has no value", file, line, key);
		return -1;
	}
	switch (k) {
	case K_NAME:
		if (!valid_image_name(val) || strlen(val) >= sizeof img->name) {
			snprintf(err, errlen, "%s:%u: name '%.40s' must be 1-%zu characters of a-z, 0-9 and '-'",
				 file, line, val, sizeof img->name - 1);
			return -1;
		}
		strcpy(img->name, val);
		return 0;
	case K_DISPLAY: return set_text(img->display, sizeof img->display, val, file, line, key, err, errlen);
	case K_CONFIG: return set_text(img->config, sizeof img->config, val, file, line, key, err, errlen);
	case K_KERNEL: return set_text(img->kernel, sizeof img->kernel, val, file, line, key, err, errlen);
	case K_RAMDISK: return set_text(img->ramdisk, sizeof img->ramdisk, val, file, line, key, err, errlen);
	case K_IMAGE: return set_text(img->image, sizeof img->image, val, file, line, key, err, errlen);
	case K_MEMORY:
		if (xt_parse_positive(val, XT_MEMORY_MAX_MIB, &num) < 0) {
			snprintf(err, errlen, "%s:%u: memory '%.40s' must be a whole number of MiB above 0",
				 file, line, val);
			return -1;
		}
		img->memory_mib = (unsigned)num;
		return 0;
	case K_MIN_MEMORY:
		if (xt_parse_positive(val, XT_MEMORY_MAX_MIB, &num) < 0) {
			snprintf(err, errlen, "%s:%u: min_memory '%.40s' must be a whole number of MiB above 0",
				 file, line, val);
			return -1;
		}
		img->min_memory_mib = (unsigned)num;
		return 0;
	case K_MAXMEM:
		if (xt_parse_positive(val, XT_MEMORY_MAX_MIB, &num) < 0) {
			snprintf(err, errlen, "%s:%u: maxmem '%.40s' must be a whole number of MiB above 0",
				 file, line, val);
			return -1;
		}
		img->maxmem_mib = (unsigned)num;
		return 0;
	case K_MAXVCPUS:
		if (xt_parse_positive(val, XT_VCPUS_MAX, &num) < 0) {
			snprintf(err, errlen, "%s:%u: maxvcpus '%.40s' must be a whole number from 1 to %d",
				 file, line, val, XT_VCPUS_MAX);
			return -1;
		}
		img->maxvcpus = (unsigned)num;
		return 0;
	case K_VCPUS:
		if (xt_parse_positive(val, XT_VCPUS_MAX, &num) < 0) {
			snprintf(err, errlen, "%s:%u: vcpus '%.40s' must be a whole number from 1 to %d",
				 file, line, val, XT_VCPUS_MAX);
			return -1;
		}
		img->vcpus = (unsigned)num;
		return 0;
	case K_TYPE:
		if (strcmp(val, "pv") == 0)
			img->type = XT_GUEST_PV;
		else if (strcmp(val, "pvh") == 0)
			img->type = XT_GUEST_PVH;
		else if (strcmp(val, "hvm") == 0)
			img->type = XT_GUEST_HVM;
		else {
			snprintf(err, errlen, "%s:%u: type '%.40s' must be pv, pvh or hvm", file, line, val);
			return -1;
		}
		return 0;
	case K_COUNT:
		break;
	}
	return -1;
}

const char *xt_catalog_key(unsigned i)
{
	return i < K_COUNT ? keys[i].key : NULL;
}

int xt_image_value(const struct xt_image *img, const char *key, char *buf, size_t len)
{
	int k;
	for (k = 0; k < K_COUNT; k++)
		if (strcmp(key, keys[k].key) == 0)
			break;
	if (k == K_COUNT)
		return -1;
	buf[0] = '\0';
	if (!(img->set_keys & (1u << k)))
		return 0;
	switch ((enum key_id)k) {
	case K_NAME: snprintf(buf, len, "%s", img->name); break;
	case K_DISPLAY: snprintf(buf, len, "%s", img->display); break;
	case K_CONFIG: snprintf(buf, len, "%s", img->config); break;
	case K_KERNEL: snprintf(buf, len, "%s", img->kernel); break;
	case K_RAMDISK: snprintf(buf, len, "%s", img->ramdisk); break;
	case K_IMAGE: snprintf(buf, len, "%s", img->image); break;
	case K_MEMORY: snprintf(buf, len, "%u", img->memory_mib); break;
	case K_MIN_MEMORY: snprintf(buf, len, "%u", img->min_memory_mib); break;
	case K_MAXMEM: snprintf(buf, len, "%u", img->maxmem_mib); break;
	case K_VCPUS: snprintf(buf, len, "%u", img->vcpus); break;
	case K_MAXVCPUS: snprintf(buf, len, "%u", img->maxvcpus); break;
	case K_TYPE:
		snprintf(buf, len, "%s", img->type == XT_GUEST_HVM ? "hvm" : img->type == XT_GUEST_PVH ? "pvh" : "pv");
		break;
	case K_COUNT: break;
	}
	return 1;
}

const char *xt_guest_type_name(enum xt_guest_type t)
{
	return t == XT_GUEST_HVM ? "HVM" : t == XT_GUEST_PVH ? "PVH" : "PV";
}

int xt_image_runs_here(const struct xt_image *img, unsigned host_types, char *err, size_t errlen)
{
	if (host_types & img->type)
		return 0;
	snprintf(err, errlen, "%s is a %s guest, which needs the CPU's virtualization (Intel VT-x or AMD-V), "
		 "off or missing on this PC: start a PV image instead, or switch virtualization on in the "
		 "firmware setup", img->name, xt_guest_type_name(img->type));
	return -1;
}

int xt_image_parse(const char *text, size_t len, const char *filename,
		   struct xt_image *out, char *err, size_t errlen)
{
	bool seen[K_COUNT] = { false };
	memset(out, 0, sizeof *out);
	out->type = XT_GUEST_PV;
	if (len > MAX_FILE_BYTES) {
		snprintf(err, errlen, "%s: file is larger than %d bytes", filename, MAX_FILE_BYTES);
		return -1;
	}
	size_t pos = 0;
	unsigned lineno = 0;
	char line[1024];
	while (pos < len) {
		size_t start = pos;
		while (pos < len && text[pos] != '\n')
			pos++;
		size_t n = pos - start;
		if (pos < len)
			pos++;  /* skip the newline */
		lineno++;
		if (n >= sizeof line) {
			snprintf(err, errlen, "%s:%u: line is longer than %zu characters", filename, lineno,
				 sizeof line - 1);
			return -1;
		}
		memcpy(line, text + start, n);
		line[n] = '\0';
		if (memchr(line, '\0', n)) {
			snprintf(err, errlen, "%s:%u: line contains a NUL byte", filename, lineno);
			return -1;
		}
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *content = xt_trim(line);
		if (!*content)
			continue;
		char *eq = strchr(content, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%u: expected 'key = value'", filename, lineno);
			return -1;
		}
		*eq = '\0';
		char *key = xt_trim(content), *val = xt_trim(eq + 1);
		int k;
		for (k = 0; k < K_COUNT; k++)
			if (strcmp(key, keys[k].key) == 0)
				break;
		if (k == K_COUNT) {
			snprintf(err, errlen, "%s:%u: unknown key '%.40s'", filename, lineno, key);
			return -1;
		}
		if (seen[k]) {
			snprintf(err, errlen, "%s:%u: '%s' is set twice", filename, lineno, keys[k].key);
			return -1;
		}
		seen[k] = true;
		out->set_keys |= 1u << k;
		if (set_value(out, (enum key_id)k, val, filename, lineno, err, errlen) < 0)
			return -1;
	}
	for (int k = 0; k < K_COUNT; k++) {
		if (keys[k].required && !seen[k]) {
			snprintf(err, errlen, "%s: required key '%s' is missing", filename, keys[k].key);
			return -1;
		}
	}
	if (out->type != XT_GUEST_HVM && !seen[K_KERNEL]) {
		snprintf(err, errlen, "%s: required key 'kernel' is missing (only a type = hvm image, "
			 "which its firmware boots, has none)", filename);
		return -1;
	}
	if (out->min_memory_mib > out->memory_mib) {
		snprintf(err, errlen, "%s: memory %u is below min_memory %u; raise memory", filename,
			 out->memory_mib, out->min_memory_mib);
		return -1;
	}
	if (out->maxmem_mib && out->maxmem_mib < out->memory_mib) {
		snprintf(err, errlen, "%s: maxmem %u is below memory %u; raise maxmem or drop it", filename,
			 out->maxmem_mib, out->memory_mib);
		return -1;
	}
	if (out->maxvcpus && out->maxvcpus < out->vcpus) {
		snprintf(err, errlen, "%s: maxvcpus %u is below vcpus %u; raise maxvcpus or drop it", filename,
			 out->maxvcpus, out->vcpus);
		return -1;
	}
	if (!out->maxmem_mib)
		out->maxmem_mib = out->memory_mib;
	if (!out->maxvcpus)
		out->maxvcpus = out->vcpus;
	set_text(out->source, sizeof out->source, filename, filename, 0, "source", err, errlen);
	return 0;
}

static int read_file(const char *path, char **text, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	char *buf = malloc(MAX_FILE_BYTES + 1);
	if (!buf) {
		fclose(f);
		snprintf(err, errlen, "out of memory reading %s", path);
		return -1;
	}
	size_t n = fread(buf, 1, MAX_FILE_BYTES + 1, f);
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		snprintf(err, errlen, "cannot read %s", path);
		return -1;
	}
	*text = buf;
	*len = n;
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void xt_catalog_free(struct xt_catalog *c)
{
	free(c->images);
	c->images = NULL;
	c->n = 0;
	c->nskipped = 0;
	c->skipped[0] = '\0';
}

/* Whether `file` (a directory entry, NAME.conf) is named after `image`. */
static bool named_after(const char *file, const char *image)
{
	size_t n = strlen(image);
	return strncmp(file, image, n) == 0 && strcmp(file + n, ".conf") == 0;
}

/* xt_catalog_load, and with `strict` also the build's rule that each file
 * is named after its image; report (when set) hears of each skipped file. */
static int load(const char *dir, bool strict, struct xt_catalog *out, void (*report)(void *, const char *),
		void *ctx, char *err, size_t errlen)
{
	out->images = NULL;
	out->n = 0;
	out->nskipped = 0;
	out->skipped[0] = '\0';
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "cannot open the guest catalogue %s: %s", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t nnames = 0, cap = 0;
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l < 6 || strcmp(de->d_name + l - 5, ".conf") != 0)
			continue;
		if (nnames == cap) {
			cap = cap ? cap * 2 : 8;
			char **grown = realloc(names, cap * sizeof *names);
			if (!grown) {
				rc = -1;
				break;
			}
			names = grown;
		}
		names[nnames] = strdup(de->d_name);
		if (!names[nnames]) {
			rc = -1;
			break;
		}
		nnames++;
	}
	closedir(d);
	if (rc < 0) {
		snprintf(err, errlen, "out of memory reading %s", dir);
		goto out;
	}
	if (nnames) {
		/* Not for an empty directory: qsort must not be given NULL. */
		qsort(names, nnames, sizeof *names, compare_names);
		out->images = calloc(nnames, sizeof *out->images);
		if (!out->images) {
			snprintf(err, errlen, "out of memory reading %s", dir);
			rc = -1;
			goto out;
		}
	}
	for (size_t i = 0; i < nnames; i++) {
		char path[XT_PATH_MAX], why[XT_PATH_MAX * 2 + 128];
		char *text = NULL;
		size_t len;
		struct xt_image *img = &out->images[out->n];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= sizeof path) {
			snprintf(why, sizeof why, "%s/%s: path is too long", dir, names[i]);
		} else if (read_file(path, &text, &len, why, sizeof why) == 0 &&
			   xt_image_parse(text, len, path, img, why, sizeof why) == 0) {
			const struct xt_image *dup = xt_catalog_find(out, img->name);
			if (strict && !named_after(names[i], img->name)) {
				snprintf(why, sizeof why, "%s: name '%s' is not the file's; rename the file %s.conf or "
					 "change the name", path, img->name, img->name);
			} else if (!dup) {
				free(text);
				out->n++;
				continue;
			} else {
				snprintf(why, sizeof why, "%s: image name '%s' is already used by %s", path, img->name,
					 dup->source);
			}
		}
		free(text);
		memset(img, 0, sizeof *img);
		if (report)
			report(ctx, why);
		if (out->nskipped++ == 0)
			snprintf(out->skipped, sizeof out->skipped, "%s; that catalogue file is skipped: fix or remove it",
				 why);
	}
	if (out->nskipped > 1) {
		size_t l = strlen(out->skipped);
		snprintf(out->skipped + l, sizeof out->skipped - l, " (%u files are skipped)", out->nskipped);
	}
out:
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (rc < 0)
		xt_catalog_free(out);
	return rc;
}

int xt_catalog_load(const char *dir, struct xt_catalog *out, char *err, size_t errlen)
{
	return load(dir, false, out, NULL, NULL, err, errlen);
}

int xt_catalog_check(const char *dir, void (*report)(void *ctx, const char *sentence), void *ctx,
		     char *err, size_t errlen)
{
	struct xt_catalog cat;
	if (load(dir, true, &cat, report, ctx, err, errlen) < 0)
		return -1;
	unsigned bad = cat.nskipped;
	size_t files = cat.n + cat.nskipped;
	xt_catalog_free(&cat);
	if (files == 0) {
		snprintf(err, errlen, "the guest catalogue %s has no .conf files; name the right directory", dir);
		return -1;
	}
	return (int)bad;
}

const struct xt_image *xt_catalog_find(const struct xt_catalog *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->images[i].name, name) == 0)
			return &c->images[i];
	return NULL;
}
