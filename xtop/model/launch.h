/* Launching guests from the catalogue: the fit check, instance naming and
 * an all-or-nothing create through the backend.  Shared by the xtop launch
 * dialog and xenlive-spawn. */
#ifndef XTOP_LAUNCH_H
#define XTOP_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../backend/backend.h"
#include "catalog.h"

#define XT_LAUNCH_MAX 64        /* instances per request */

struct xt_launch_request {
	const struct xt_image *image;
	unsigned memory_mib;        /* 0 = the image's default */
	unsigned vcpus;             /* 0 = the image's default */
	unsigned count;             /* 0 = 1 */
	bool console;               /* attach (xl create -c); count must be 1 */
	const char *name;           /* explicit instance name, or NULL */
	/* Held (flock) from the fit check to the last create, so launches
	 * started at once (two shells, xtop) see each other's guests: names
	 * stay unique and the last memory goes to one of them, the other gets
	 * the fit check's sentence.  NULL, or a file in a missing directory:
	 * no lock.  Not held for a console launch, which lasts a session. */
	const char *lock_path;
	/* Whole xl config lines for the create (a user's medium); NULL: none. */
	const char *extra[XT_CREATE_EXTRA];
};

#define XT_LAUNCH_LOCK_DEFAULT "/run/xenlive/launch.lock"

struct xt_launch_result {
	size_t n;
	char names[XT_LAUNCH_MAX][XT_NAME_MAX];
	char *tool_output;            /* xl's output when it failed (malloc'd) */
};

/* What Xen takes for a PV guest beyond its memory= (libxl's
 * libxl_domain_need_memory(): LIBXL_MAXMEM_CONSTANT plus
 * LIBXL_PV_EXTRA_MEMORY, 1 MiB each).  The fit check counts it so that the
 * last guest it allows really fits and xl create does not fail instead.
 * The one owner of this figure: the pool's migrate check reads this line
 * at build time (livecd/pool/install.sh), so it stays one #define. */
#define XT_GUEST_OVERHEAD_MIB 2
/* An HVM guest's: LIBXL_MAXMEM_CONSTANT and LIBXL_HVM_EXTRA_MEMORY (1 and
 * 2 MiB) and its paging structures (shadow_memkb, about 3 MiB for a small
 * guest); its video memory comes out of memory= itself. */
#define XT_HVM_OVERHEAD_MIB 6
/* Domain-0 keeps this much for itself beyond its HVM guests' device models. */
#define XT_DOM0_RESERVE_MIB 64

/* How many instances of memory_mib (plus the overhead) fit into free_bytes. */
unsigned xt_fit_count(uint64_t free_bytes, unsigned memory_mib);

/* 0 when count instances (each memory_mib plus the overhead) fit; otherwise -1 and
 * "needs X MiB, Xen has Y MiB free" style message. */
int xt_fit_check(unsigned count, unsigned memory_mib, uint64_t free_bytes, char *err, size_t errlen);

/* Picks count names "<base>-<n>" with the lowest n >= 1 not used by any
 * domain in `existing` (may be NULL).  0, or -1 when a name would not fit. */
int xt_instance_names(const char *base, unsigned count, const struct xt_sample *existing,
		      char names[][XT_NAME_MAX]);

/* Checks values and files, samples the backend for free memory and names,
 * creates each instance through the backend and, if any fails, destroys
 * every domain this call created.  0, or -1 with one sentence in err (and
 * the toolstack's output in result->tool_output when it gave some). */
int xt_launch(struct xt_backend *be, const struct xt_launch_request *req,
	      struct xt_launch_result *result, char *err, size_t errlen);
void xt_launch_result_free(struct xt_launch_result *);

/* True when name looks like an instance of image `base` ("base-N"). */
bool xt_is_instance_of(const char *name, const char *base);

/* The catalogue image a domain came from, or NULL: the image whose
 * instance its name is (debian-2, or the image's own name), else one whose
 * root image is one of its disks (a launch with --name).  info may be NULL. */
const struct xt_image *xt_image_of(const struct xt_catalog *, const char *name, const struct xt_domain_info *info);

#endif
