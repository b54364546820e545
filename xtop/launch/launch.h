/* Launching guests from the catalogue: the fit check, instance naming, the
 * `xl create` argument vector and an all-or-nothing create.  Shared by the
 * xtop launch dialog and xenlive-spawn. */
#ifndef XTOP_LAUNCH_H
#define XTOP_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../backend/backend.h"
#include "catalog.h"

#define XT_LAUNCH_MAX 64        /* instances per request */
#define XT_CREATE_ARGC_MAX 10

struct xt_launch_request {
	const struct xt_image *image;
	unsigned memory_mib;        /* 0 = the image's default */
	unsigned vcpus;             /* 0 = the image's default */
	unsigned count;             /* 0 = 1 */
	bool console;               /* attach (xl create -c); count must be 1 */
	const char *name;           /* explicit instance name, or NULL */
};

struct xt_launch_result {
	size_t n;
	char names[XT_LAUNCH_MAX][XT_NAME_MAX];
	char *xl_output;            /* xl's output when it failed (malloc'd) */
};

/* What Xen takes for a PV guest beyond its memory= (libxl's
 * libxl_domain_need_memory(): LIBXL_MAXMEM_CONSTANT plus
 * LIBXL_PV_EXTRA_MEMORY, 1 MiB each).  The fit check counts it so that the
 * last guest it allows really fits and xl create does not fail instead. */
#define XT_GUEST_OVERHEAD_MIB 2

/* How many instances of memory_mib (plus the overhead) fit into free_bytes. */
unsigned xt_fit_count(uint64_t free_bytes, unsigned memory_mib);

/* 0 when count instances (each memory_mib plus the overhead) fit; otherwise -1 and
 * "needs X MiB, Xen has Y MiB free" style message. */
int xt_fit_check(unsigned count, unsigned memory_mib, uint64_t free_bytes, char *err, size_t errlen);

/* Picks count names "<base>-<n>" with the lowest n >= 1 not used by any
 * domain in `existing` (may be NULL).  0, or -1 when a name would not fit. */
int xt_instance_names(const char *base, unsigned count, const struct xt_sample *existing,
		      char names[][XT_NAME_MAX]);

/* Fills argv (at least XT_CREATE_ARGC_MAX slots) with
 *   xl create [-c] CONFIG name=INST memory=MB vcpus=N
 * using buf (at least 3 * 64 + XT_NAME_MAX bytes) for the key=value words. */
void xt_create_argv(const char *xl, const char *config, const char *inst, unsigned memory_mib,
		    unsigned vcpus, bool console, char *argv[], char *buf, size_t buflen);

/* Checks values and files, samples the backend for free memory and names,
 * runs `xl create` for each instance and, if any fails, destroys every
 * domain this call created.  0, or -1 with one sentence in err (and xl's
 * output in result->xl_output when xl failed). */
int xt_launch(struct xt_backend *be, const struct xt_launch_request *req,
	      struct xt_launch_result *result, char *err, size_t errlen);
void xt_launch_result_free(struct xt_launch_result *);

/* True when name looks like an instance of image `base` ("base-N"). */
bool xt_is_instance_of(const char *name, const char *base);

#endif
