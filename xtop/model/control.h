/* Resource control, save/restore and migration as xtop and xenlive-spawn
 * offer them: the checks a user's value must pass (one sentence when it
 * does not), then one backend call.  Saved guests live in RAM as files
 * NAME.save in a directory (default /run/xenlive/saved, a tmpfs). */
#ifndef XTOP_CONTROL_H
#define XTOP_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../backend/backend.h"

#define XT_SAVE_DIR_DEFAULT "/run/xenlive/saved"
#define XT_SAVE_SUFFIX ".save"

/* The actions with no value to check: one backend call each, here so that
 * the screens reach the backend's control only through this module. */
int xt_control_pause(struct xt_backend *, uint32_t id, bool pause, char *err, size_t errlen);
int xt_control_shutdown(struct xt_backend *, uint32_t id, char *err, size_t errlen);
int xt_control_destroy(struct xt_backend *, uint32_t id, char *err, size_t errlen);
/* The caller gives up its screen first: the console takes the terminal
 * until the user leaves it (Ctrl-]). */
int xt_control_console(struct xt_backend *, uint32_t id, char *err, size_t errlen);
/* peer: the guest an HTTP load fetches from (NULL for the others). */
int xt_control_workload(struct xt_backend *, uint32_t id, enum xt_workload, const char *peer, char *err,
			size_t errlen);

/* weight 1..65535 and cap 0 (none) .. 100 per vCPU; XT_SCHED_KEEP keeps one. */
int xt_control_sched(struct xt_backend *, const struct xt_domain_sample *, int weight, int cap, char *err,
		     size_t errlen);
/* Domain-0's memory target never goes below this: xl, xtop, the console
 * and the HVM guests' device models run there, and the live system's files
 * are in its RAM. */
#define XT_DOM0_MIN_MEMORY_MIB 256
/* The memory targets d takes, in MiB: from Domain-0's floor, else the
 * image's minimum (image_min_mib, 0 when none), else 1; up to its maxmem,
 * else XT_MEMORY_MAX_MIB. */
void xt_control_memory_range(const struct xt_domain_sample *d, unsigned image_min_mib, unsigned long *min,
			     unsigned long *max);
/* A balloon target within xt_control_memory_range(). */
int xt_control_memory(struct xt_backend *, const struct xt_domain_sample *, unsigned long mib, unsigned min_mib,
		      char *err, size_t errlen);
/* 1 .. the domain's vCPUs. */
int xt_control_vcpus(struct xt_backend *, const struct xt_domain_sample *, unsigned long n, char *err,
		     size_t errlen);
/* Saves to dir/NAME.save when dir's filesystem has room for the memory;
 * a failure leaves no file. */
int xt_control_save(struct xt_backend *, const struct xt_domain_sample *, const char *dir, char *err,
		    size_t errlen);
/* Restores dir/NAME.save when Xen has room for it (free_bytes) and no domain
 * has the name; the file is removed once the guest runs again. */
int xt_control_restore(struct xt_backend *, const char *dir, const char *name, const struct xt_sample *now,
		       char *err, size_t errlen);
/* A host name or address xl may hand to ssh (never an option). */
bool xt_valid_host(const char *host);
/* Before a migration to a host of this host's pool: refuses, in one
 * sentence, a host not heard from lately or one with too little free
 * memory for the guest (its memory plus Xen's overhead).  0 for a host
 * outside the pool (xl decides) or one that fits. */
/* Joins a pool: the secret 8 to 63 printable characters without spaces
 * (xtop's field; xenlive-pool takes up to 256), else one sentence. */
int xt_control_pool_join(struct xt_backend *, const char *secret, char *err, size_t errlen);
/* Starts (start) or stops serving the CD to the LAN's other PCs, so they
 * boot Xen Live from the network and join this pool (xenlive-pool serve
 * [--stop]): 0 with the tool's one line in said, or -1 with its sentence. */
int xt_control_pool_serve(struct xt_backend *, bool start, char *said, size_t len);
int xt_control_migrate_fits(const struct xt_pool *pool, const struct xt_domain_sample *d, const char *host,
			    char *err, size_t errlen);
/* progress (NULL: none) hears how the migration goes, about once a second. */
int xt_control_migrate(struct xt_backend *, const struct xt_domain_sample *, const char *host,
		       xt_backend_progress_fn progress, void *progress_ctx, char *err, size_t errlen);

struct xt_saved {
	char name[XT_NAME_MAX];
	uint64_t bytes;
	int64_t mtime;
};

/* The saved guests in dir, sorted by name (a missing dir has none).
 * *out is malloc'd.  0, or -1 with a sentence in err. */
int xt_saved_list(const char *dir, struct xt_saved **out, size_t *n, char *err, size_t errlen);
int xt_saved_delete(const char *dir, const char *name, char *err, size_t errlen);

#endif
