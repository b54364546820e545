#define _POSIX_C_SOURCE 200809L
#include "control.h"
#include "launch.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define MIB ((uint64_t)1 << 20)
/* Room a save needs beyond the guest's memory: xl's headers and config. */
#define SAVE_SLACK_MIB 4

static bool refuse_dom0(const struct xt_domain_sample *d, const char *what, char *err, size_t errlen)
{
	if (d->id != 0)
		return false;
	snprintf(err, errlen, "%s is the control domain and cannot be %s", d->name, what);
	return true;
}

int xt_control_pause(struct xt_backend *be, uint32_t id, bool pause, char *err, size_t errlen)
{
	return be->ops->pause(be, id, pause, err, errlen);
}

int xt_control_shutdown(struct xt_backend *be, uint32_t id, char *err, size_t errlen)
{
	return be->ops->shutdown(be, id, err, errlen);
}

int xt_control_destroy(struct xt_backend *be, uint32_t id, char *err, size_t errlen)
{
	return be->ops->destroy(be, id, err, errlen);
}

int xt_control_console(struct xt_backend *be, uint32_t id, char *err, size_t errlen)
{
	return be->ops->console(be, id, err, errlen);
}

int xt_control_workload(struct xt_backend *be, uint32_t id, enum xt_workload kind, const char *peer, char *err,
			size_t errlen)
{
	return be->ops->workload(be, id, kind, peer, err, errlen);
}

int xt_control_sched(struct xt_backend *be, const struct xt_domain_sample *d, int weight, int cap, char *err,
		     size_t errlen)
{
	int max_cap = 100 * (int)(d->vcpus ? d->vcpus : 1);
	if (weight != XT_SCHED_KEEP && (weight < XT_WEIGHT_MIN || weight > XT_WEIGHT_MAX)) {
		snprintf(err, errlen, "weight %d is out of range: choose %d to %d (256 is the default)", weight,
			 XT_WEIGHT_MIN, XT_WEIGHT_MAX);
		return -1;
	}
	if (cap != XT_SCHED_KEEP && (cap < 0 || cap > max_cap)) {
		snprintf(err, errlen, "cap %d is out of range: choose 0 (no cap) to %d (%% of one CPU, 100 per vCPU)",
			 cap, max_cap);
		return -1;
	}
	return be->ops->set_sched(be, d->id, weight, cap, err, errlen);
}

void xt_control_memory_range(const struct xt_domain_sample *d, unsigned image_min_mib, unsigned long *min,
			     unsigned long *max)
{
	uint64_t max_mib = d->static_max_bytes ? d->static_max_bytes / MIB
			   : d->maxmem_bytes == XT_MEM_UNLIMITED ? UINT64_MAX : d->maxmem_bytes / MIB;
	*max = max_mib > XT_MEMORY_MAX_MIB ? XT_MEMORY_MAX_MIB : (unsigned long)max_mib;
	*min = d->id == 0 ? XT_DOM0_MIN_MEMORY_MIB : image_min_mib ? image_min_mib : 1;
}

int xt_control_memory(struct xt_backend *be, const struct xt_domain_sample *d, unsigned long mib, unsigned min_mib,
		      char *err, size_t errlen)
{
	unsigned long min, max;
	xt_control_memory_range(d, min_mib, &min, &max);
	bool limited = d->static_max_bytes || d->maxmem_bytes != XT_MEM_UNLIMITED;
	if (d->id == 0 && mib < min) {
		snprintf(err, errlen, "%s keeps at least %lu MiB (xl, xtop and the guests' device models run there): "
			 "choose %lu to %lu MiB", d->name, min, min, max);
		return -1;
	}
	if (mib < min || mib > max) {
		snprintf(err, errlen, "memory %lu MiB is out of range for %s: choose %lu to %lu MiB%s", mib, d->name, min,
			 max, limited ? " (its maxmem)" : "");
		return -1;
	}
	return be->ops->set_memory(be, d->id, (unsigned)mib, err, errlen);
}

int xt_control_vcpus(struct xt_backend *be, const struct xt_domain_sample *d, unsigned long n, char *err,
		     size_t errlen)
{
	if (refuse_dom0(d, "changed from here", err, errlen))
		return -1;
	if (n < 1 || n > d->vcpus) {
		snprintf(err, errlen, "%lu vCPUs is out of range for %s: choose 1 to %u (its maxvcpus)", n, d->name,
			 d->vcpus);
		return -1;
	}
	return be->ops->set_vcpus(be, d->id, (unsigned)n, err, errlen);
}

static int save_path(char *buf, size_t len, const char *dir, const char *name, const char *suffix)
{
	return (size_t)snprintf(buf, len, "%s/%s%s%s", dir, name, XT_SAVE_SUFFIX, suffix) < len ? 0 : -1;
}

int xt_control_save(struct xt_backend *be, const struct xt_domain_sample *d, const char *dir, char *err,
		    size_t errlen)
{
	char path[1024], part[1100];
	struct stat st;
	if (refuse_dom0(d, "saved", err, errlen))
		return -1;
	if (save_path(path, sizeof path, dir, d->name, "") < 0 || save_path(part, sizeof part, dir, d->name, ".part") < 0) {
		snprintf(err, errlen, "the save directory %s is too long a path", dir);
		return -1;
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot make the save directory %s: %s", dir, strerror(errno));
		return -1;
	}
	if (stat(path, &st) == 0) {
		snprintf(err, errlen, "%s is already saved; restore or delete that image first", d->name);
		return -1;
	}
	struct statvfs fs;
	if (statvfs(dir, &fs) < 0) {
		snprintf(err, errlen, "cannot check the room in %s: %s", dir, strerror(errno));
		return -1;
	}
	uint64_t room = (uint64_t)fs.f_bavail * fs.f_frsize, need = d->mem_bytes + SAVE_SLACK_MIB * MIB;
	if (room < need) {
		snprintf(err, errlen, "not enough room to save %s: it needs %" PRIu64 " MiB, %s has %" PRIu64
			 " MiB free; free some or stop a guest", d->name, need / MIB, dir, room / MIB);
		return -1;
	}
	if (be->ops->save(be, d->id, part, err, errlen) < 0) {
		unlink(part);
		return -1;
	}
	if (rename(part, path) < 0) {
		snprintf(err, errlen, "saved %s but cannot name its image %s: %s", d->name, path, strerror(errno));
		return -1;
	}
	return 0;
}

int xt_control_restore(struct xt_backend *be, const char *dir, const char *name, const struct xt_sample *now,
		       char *err, size_t errlen)
{
	char path[1024];
	struct stat st;
	if (save_path(path, sizeof path, dir, name, "") < 0 || stat(path, &st) < 0) {
		snprintf(err, errlen, "no saved guest is named '%s' (in %s)", name, dir);
		return -1;
	}
	for (size_t i = 0; i < now->ndomains; i++)
		if (strcmp(now->domains[i].name, name) == 0) {
			snprintf(err, errlen, "a domain named '%s' is running; destroy it before restoring the saved one",
				 name);
			return -1;
		}
	/* The image holds the guest's memory pages: it needs about its size. */
	uint64_t need = (uint64_t)st.st_size;
	if (need > now->free_mem_bytes) {
		snprintf(err, errlen, "not enough memory to restore %s: it needs about %" PRIu64 " MiB, Xen has %" PRIu64
			 " MiB free; stop a guest first", name, need / MIB + 1, now->free_mem_bytes / MIB);
		return -1;
	}
	if (be->ops->restore(be, path, err, errlen) < 0)
		return -1;
	unlink(path);   /* it runs again: the image in RAM is spent */
	return 0;
}

/* A host name or address xl can hand to ssh: letters, digits, '.', '-',
 * ':' (IPv6); never an option (no leading '-'). */
bool xt_valid_host(const char *host)
{
	size_t n = strlen(host);
	return n > 0 && n < 254 && host[0] != '-' &&
	       host[strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")] == '\0';
}

int xt_control_pool_join(struct xt_backend *be, const char *secret, char *err, size_t errlen)
{
	size_t n = strlen(secret);
	bool printable = true;
	for (size_t i = 0; i < n; i++)
		if (secret[i] <= ' ' || secret[i] > '~')
			printable = false;
	if (n < 8 || n > 63 || !printable) {
		snprintf(err, errlen, "the secret must be 8 to 63 printable characters without spaces; type it again");
		return -1;
	}
	if (!be->ops->pool_join) {
		snprintf(err, errlen, "this backend cannot join a pool");
		return -1;
	}
	return be->ops->pool_join(be, secret, err, errlen);
}

int xt_control_pool_serve(struct xt_backend *be, bool start, char *said, size_t len)
{
	if (!be->ops->pool_serve) {
		snprintf(said, len, "this backend cannot serve the CD to the network");
		return -1;
	}
	return be->ops->pool_serve(be, start, said, len);
}

int xt_control_migrate_fits(const struct xt_pool *pool, const struct xt_domain_sample *d, const char *host,
			    char *err, size_t errlen)
{
	const struct xt_pool_host *h = pool ? xt_pool_find(pool, host) : NULL;
	if (!h || h->self)
		return 0;
	if (!h->up) {
		snprintf(err, errlen, "%s has not been heard from lately (xenlive-pool list); is it running?", host);
		return -1;
	}
	unsigned long need = (unsigned long)(d->mem_bytes / (1024 * 1024)) + XT_GUEST_OVERHEAD_MIB;
	if (h->free_mib >= 0 && (unsigned long)h->free_mib < need) {
		snprintf(err, errlen, "%s has %ld MiB free and %s needs %lu MiB; free memory there first", host,
			 h->free_mib, d->name, need);
		return -1;
	}
	return 0;
}

int xt_control_migrate(struct xt_backend *be, const struct xt_domain_sample *d, const char *host,
		       xt_backend_progress_fn progress, void *progress_ctx, char *err, size_t errlen)
{
	if (refuse_dom0(d, "migrated", err, errlen))
		return -1;
	if (d->pv) {
		snprintf(err, errlen, "%s is a PV guest, and this Xen (Debian's, built without shadow paging) can live-migrate "
			 "only PVH ones: start a PVH guest (the centos-pvh or debian-pvh image) to move it", d->name);
		return -1;
	}
	if (!xt_valid_host(host)) {
		snprintf(err, errlen, "'%s' is not a host name; give a name or address such as localhost", host);
		return -1;
	}
	be->progress = progress;
	be->progress_ctx = progress_ctx;
	int rc = be->ops->migrate(be, d->id, host, err, errlen);
	be->progress = NULL;
	be->progress_ctx = NULL;
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct xt_saved *)a)->name, ((const struct xt_saved *)b)->name);
}

int xt_saved_list(const char *dir, struct xt_saved **out, size_t *n, char *err, size_t errlen)
{
	*out = NULL;
	*n = 0;
	DIR *dh = opendir(dir);
	if (!dh) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot read the save directory %s: %s", dir, strerror(errno));
		return -1;
	}
	size_t cap = 0;
	struct dirent *e;
	size_t suffix = strlen(XT_SAVE_SUFFIX);
	while ((e = readdir(dh))) {
		size_t len = strlen(e->d_name);
		if (len <= suffix || len - suffix >= XT_NAME_MAX || strcmp(e->d_name + len - suffix, XT_SAVE_SUFFIX) != 0)
			continue;
		char path[1200];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (*n == cap) {
			size_t grown_cap = cap ? cap * 2 : 8;
			struct xt_saved *grown = realloc(*out, grown_cap * sizeof *grown);
			if (!grown) {
				closedir(dh);
				free(*out);
				*out = NULL;
				*n = 0;
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			*out = grown;
			cap = grown_cap;
		}
		struct xt_saved *s = &(*out)[(*n)++];
		memcpy(s->name, e->d_name, len - suffix);
		s->name[len - suffix] = '\0';
		s->bytes = (uint64_t)st.st_size;
		s->mtime = st.st_mtime;
	}
	closedir(dh);
	if (*n)
		qsort(*out, *n, sizeof **out, by_name);
	return 0;
}

int xt_saved_delete(const char *dir, const char *name, char *err, size_t errlen)
{
	char path[1024];
	if (save_path(path, sizeof path, dir, name, "") < 0 || unlink(path) < 0) {
		snprintf(err, errlen, "cannot delete the saved image of %s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}
