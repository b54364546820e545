#define _POSIX_C_SOURCE 200809L
#include "launch.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "../util/parse.h"
#include "media.h"

#define MIB (1024ull * 1024ull)

unsigned xt_fit_count(uint64_t free_bytes, unsigned memory_mib)
{
	if (memory_mib == 0)
		return 0;
	uint64_t n = (free_bytes / MIB) / ((uint64_t)memory_mib + XT_GUEST_OVERHEAD_MIB);
	return n > UINT32_MAX ? UINT32_MAX : (unsigned)n;
}

int xt_fit_check(unsigned count, unsigned memory_mib, uint64_t free_bytes, char *err, size_t errlen)
{
	uint64_t need = (uint64_t)count * ((uint64_t)memory_mib + XT_GUEST_OVERHEAD_MIB);
	uint64_t have = free_bytes / MIB;
	if (need <= have)
		return 0;
	if (count == 1)
		snprintf(err, errlen,
			 "not enough memory: the guest needs %" PRIu64 " MiB (with Xen's overhead), Xen has %" PRIu64
			 " MiB free; choose less memory or stop a guest",
			 need, have);
	else
		snprintf(err, errlen,
			 "not enough memory: %u guests of %u MiB need %" PRIu64 " MiB (with Xen's overhead), Xen has %" PRIu64
			 " MiB free (room for %u); launch fewer or smaller guests",
			 count, memory_mib, need, have, xt_fit_count(free_bytes, memory_mib));
	return -1;
}

bool xt_is_instance_of(const char *name, const char *base)
{
	size_t bl = strlen(base);
	if (strncmp(name, base, bl) != 0 || name[bl] != '-')
		return false;
	unsigned long n;
	return xt_parse_positive(name + bl + 1, 1000000, &n) == 0 && name[bl + 1] != '0';
}

const struct xt_image *xt_image_of(const struct xt_catalog *c, const char *name, const struct xt_domain_info *info)
{
	for (size_t i = 0; i < c->n; i++)
		if (xt_is_instance_of(name, c->images[i].name) || strcmp(name, c->images[i].name) == 0)
			return &c->images[i];
	for (size_t i = 0; info && i < c->n; i++)
		for (size_t j = 0; j < info->ndisks; j++)
			if (c->images[i].image[0] && strcmp(info->disks[j].target, c->images[i].image) == 0)
				return &c->images[i];
	return NULL;
}

static bool name_taken(const char *name, const struct xt_sample *existing,
		       char names[][XT_NAME_MAX], unsigned nnames)
{
	if (existing)
		for (size_t i = 0; i < existing->ndomains; i++)
			if (strcmp(existing->domains[i].name, name) == 0)
				return true;
	for (unsigned i = 0; i < nnames; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

int xt_instance_names(const char *base, unsigned count, const struct xt_sample *existing,
		      char names[][XT_NAME_MAX])
{
	unsigned n = 1;
	for (unsigned i = 0; i < count; i++) {
		for (;; n++) {
			if ((size_t)snprintf(names[i], XT_NAME_MAX, "%s-%u", base, n) >= XT_NAME_MAX)
				return -1;
			if (!name_taken(names[i], existing, names, i))
				break;
		}
		n++;
	}
	return 0;
}

/* What a guest name may hold: safe in xl's quoted strings and in host names. */
#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"

static int check_file(const char *path, const char *what, const struct xt_image *img, char *err,
		      size_t errlen)
{
	if (access(path, R_OK) == 0)
		return 0;
	snprintf(err, errlen, "the %s of image '%s' (%s) is missing or unreadable: %s; install the guest images or fix %s",
		 what, img->name, path, strerror(errno), img->source[0] ? img->source : "the catalogue");
	return -1;
}

static const struct xt_domain_sample *find_by_name(const struct xt_sample *s, const char *name)
{
	for (size_t i = 0; i < s->ndomains; i++)
		if (strcmp(s->domains[i].name, name) == 0)
			return &s->domains[i];
	return NULL;
}

/* Destroys every domain named in names[0..n) that exists now. */
static void roll_back(struct xt_backend *be, char names[][XT_NAME_MAX], size_t n)
{
	struct xt_sample now = { 0 };
	char err[256];
	if (be->ops->sample(be, &now, err, sizeof err) < 0) {
		xt_sample_free(&now);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct xt_domain_sample *d = find_by_name(&now, names[i]);
		if (d)
			be->ops->destroy(be, d->id, err, sizeof err);
	}
	xt_sample_free(&now);
}

static int launch_locked(struct xt_backend *be, const struct xt_launch_request *req, unsigned memory,
			 unsigned vcpus, unsigned count, struct xt_launch_result *result, char *err, size_t errlen);

/* The launch lock's descriptor, or -1 when there is none to take. */
static int take_lock(const struct xt_launch_request *req)
{
	if (!req->lock_path || req->console)
		return -1;
	int fd = open(req->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
		;
	return fd;
}

void xt_launch_result_free(struct xt_launch_result *r)
{
	free(r->tool_output);
	r->tool_output = NULL;
}

int xt_launch(struct xt_backend *be, const struct xt_launch_request *req,
	      struct xt_launch_result *result, char *err, size_t errlen)
{
	const struct xt_image *img = req->image;
	unsigned memory = req->memory_mib ? req->memory_mib : img->memory_mib;
	unsigned vcpus = req->vcpus ? req->vcpus : img->vcpus;
	unsigned count = req->count ? req->count : 1;
	memset(result, 0, sizeof *result);

	if (count > XT_LAUNCH_MAX) {
		snprintf(err, errlen, "at most %d guests can be launched at once; ask for fewer", XT_LAUNCH_MAX);
		return -1;
	}
	if (req->console && count > 1) {
		snprintf(err, errlen, "the console can attach to only one guest; use a count of 1 or drop the console");
		return -1;
	}
	if (req->name && count > 1) {
		snprintf(err, errlen, "an explicit name is for one guest; drop the name or use a count of 1");
		return -1;
	}
	if (memory < img->min_memory_mib) {
		snprintf(err, errlen, "%u MiB is too little for a %s guest: it needs at least %u MiB to boot",
			 memory, img->name, img->min_memory_mib);
		return -1;
	}
	if (req->name && req->name[0] && strlen(req->name) < XT_NAME_MAX &&
	    req->name[strspn(req->name, NAME_CHARS)] != '\0') {
		snprintf(err, errlen, "the guest name '%s' may hold only letters, digits, '.', '_' and '-'", req->name);
		return -1;
	}
	if (check_file(img->config, "xl config", img, err, errlen) < 0 ||
	    (img->kernel[0] && check_file(img->kernel, "kernel", img, err, errlen) < 0) ||
	    (img->ramdisk[0] && check_file(img->ramdisk, "ramdisk", img, err, errlen) < 0) ||
	    check_file(img->image, img->type == XT_GUEST_HVM ? "boot image" : "root image", img, err, errlen) < 0)
		return -1;

	/* A user's medium from the launch menu: attach it (xenlive-spawn iso
	 * brings its own line, with its empty disk). */
	char medium_line[2 * XT_PATH_MAX + 200];
	struct xt_launch_request with_medium;
	if (img->user_medium && !req->extra[0]) {
		enum xt_media_kind kind;
		if (xt_media_probe(img->image, &kind, err, errlen) < 0 ||
		    xt_media_disk_line(img->image, kind, NULL, medium_line, sizeof medium_line, err, errlen) < 0)
			return -1;
		with_medium = *req;
		with_medium.extra[0] = medium_line;
		req = &with_medium;
	}
	int lock = take_lock(req);
	int rc = launch_locked(be, req, memory, vcpus, count, result, err, errlen);
	if (lock >= 0)
		close(lock);   /* releases the flock */
	return rc;
}

/* The part of xt_launch that must not interleave with another launch. */
static int launch_locked(struct xt_backend *be, const struct xt_launch_request *req, unsigned memory,
			 unsigned vcpus, unsigned count, struct xt_launch_result *result, char *err, size_t errlen)
{
	const struct xt_image *img = req->image;
	struct xt_sample now = { 0 };
	char why[512];
	if (be->ops->sample(be, &now, why, sizeof why) < 0) {
		snprintf(err, errlen, "cannot read Xen's state: %s", why);
		xt_sample_free(&now);
		return -1;
	}
	int rc = xt_image_runs_here(img, now.guest_types, err, errlen);
	bool hvm = img->type == XT_GUEST_HVM;
	/* The fit check counts an HVM guest's larger overhead as memory. */
	if (rc == 0)
		rc = xt_fit_check(count, hvm ? memory + XT_HVM_OVERHEAD_MIB - XT_GUEST_OVERHEAD_MIB : memory,
				  now.free_mem_bytes, err, errlen);
	if (rc == 0 && hvm && now.dom0_avail_bytes) {
		uint64_t avail = now.dom0_avail_bytes / MIB, need = (uint64_t)count * XT_HVM_DEVICE_MODEL_MIB;
		if (avail < need + XT_DOM0_RESERVE_MIB) {
			snprintf(err, errlen,
				 "Domain-0 has %" PRIu64 " MiB of memory available, and each HVM guest's device model "
				 "(QEMU) runs there and needs about %d MiB of it, with %d MiB kept for Domain-0 itself: "
				 "stop an HVM guest first, or give Domain-0 more memory (dom0_mem= on Xen's command line)",
				 avail, XT_HVM_DEVICE_MODEL_MIB, XT_DOM0_RESERVE_MIB);
			rc = -1;
		}
	}
	if (rc == 0 && req->name) {
		if (strlen(req->name) >= XT_NAME_MAX || !req->name[0]) {
			snprintf(err, errlen, "the guest name must be 1-%d characters", XT_NAME_MAX - 1);
			rc = -1;
		} else if (req->name[strspn(req->name, NAME_CHARS)] != '\0') {
			snprintf(err, errlen, "the guest name '%s' may hold only letters, digits, '.', '_' and '-'",
				 req->name);
			rc = -1;
		} else if (find_by_name(&now, req->name)) {
			snprintf(err, errlen, "a domain named '%s' already exists; choose another name or destroy it first",
				 req->name);
			rc = -1;
		} else {
			strcpy(result->names[0], req->name);
		}
	} else if (rc == 0 && xt_instance_names(img->name, count, &now, result->names) < 0) {
		snprintf(err, errlen, "cannot form instance names for '%s'", img->name);
		rc = -1;
	}
	xt_sample_free(&now);
	if (rc < 0)
		return -1;

	for (unsigned i = 0; i < count; i++) {
		/* Room to grow (ballooning, vCPU hotplug) as the catalogue says,
		 * and never below what this launch asks for. */
		unsigned maxmem = img->maxmem_mib > memory ? img->maxmem_mib : memory;
		/* An HVM guest's memory is fixed (no balloon driver to give back
		 * what maxmem would populate on demand). */
		if (img->type == XT_GUEST_HVM)
			maxmem = memory;
		unsigned maxvcpus = img->maxvcpus > vcpus ? img->maxvcpus : vcpus;
		struct xt_create_spec spec = { .config = img->config, .name = result->names[i], .memory_mib = memory,
					       .vcpus = vcpus, .maxmem_mib = maxmem, .maxvcpus = maxvcpus,
					       .console = req->console, .type = img->type };
		for (size_t k = 0; k < XT_CREATE_EXTRA; k++)
			spec.extra[k] = req->extra[k];
		char *output = NULL;
		if (be->ops->create(be, &spec, &output, why, sizeof why) < 0) {
			snprintf(err, errlen, "%s; nothing was left running", why);
			result->tool_output = output;
			roll_back(be, result->names, i + 1);
			result->n = 0;
			return -1;
		}
		free(output);
		result->n = i + 1;
	}
	return 0;
}
