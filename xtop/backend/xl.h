/* The control half of the xen backend: each action runs Xen's own `xl`
 * (from an argument vector, never a shell).  Apart from xen.c so the unit
 * tests can drive it with a stand-in xl, where no Xen runs. */
#ifndef XTOP_XL_H
#define XTOP_XL_H

#include <stddef.h>
#include <stdint.h>

#include "backend.h"

#define XT_XL_ARGC_MAX 14

/* Fills argv (at least XT_XL_ARGC_MAX slots) with
 *   xl create [-c] CONFIG name="NAME" [memory=MB] [vcpus=N] [maxmem=MB] [maxvcpus=N]
 * using buf (at least 5 * 64 + XT_NAME_MAX bytes) for the key=value words. */
void xt_xl_create_argv(const char *xl, const struct xt_create_spec *spec, char *argv[], char *buf,
		       size_t buflen);

int xt_xl_create(const char *xl, const struct xt_create_spec *spec, char **tool_output, char *err,
		 size_t errlen);
int xt_xl_pause(const char *xl, uint32_t id, bool pause, char *err, size_t errlen);
int xt_xl_shutdown(const char *xl, uint32_t id, char *err, size_t errlen);
int xt_xl_destroy(const char *xl, uint32_t id, char *err, size_t errlen);
int xt_xl_console(const char *xl, uint32_t id, char *err, size_t errlen);
int xt_xl_set_sched(const char *xl, uint32_t id, int weight, int cap, char *err, size_t errlen);
int xt_xl_set_memory(const char *xl, uint32_t id, unsigned mib, char *err, size_t errlen);
int xt_xl_set_vcpus(const char *xl, uint32_t id, unsigned n, char *err, size_t errlen);
int xt_xl_save(const char *xl, uint32_t id, const char *path, char *err, size_t errlen);
int xt_xl_restore(const char *xl, const char *path, char *err, size_t errlen);
/* xenlive-pool join - with secret on its stdin; its own sentence on failure. */
int xt_pool_join_run(const char *secret, char *err, size_t errlen);
/* xenlive-pool serve, or serve --stop: 0 with its one line in said, or -1
 * with its sentence there. */
int xt_pool_serve_run(bool start, char *said, size_t len);
int xt_xl_migrate(const char *xl, uint32_t id, const char *host, char *err, size_t errlen);
/* The same, reporting xl's progress (progress may be NULL). */
int xt_xl_migrate_progress(const char *xl, uint32_t id, const char *host, xt_backend_progress_fn progress,
			   void *ctx, char *err, size_t errlen);

/* The program that starts or stops a workload inside a guest over dom0's
 * ssh (backend/guest-workload.sh, installed here by xtop.mk's tree). */
#define XT_GUEST_WORKLOAD "/usr/lib/xenlive/guest-workload"
#define XT_WORKLOAD_ARGC_MAX 5

/* Fills argv (XT_WORKLOAD_ARGC_MAX slots) with
 *   XT_GUEST_WORKLOAD NAME cpu|memory|http PEER_ADDR|stop
 * peer_addr is the address an HTTP load fetches from, NULL for the
 * others; -1 when the kind and the address do not go together. */
int xt_workload_argv(const char *name, enum xt_workload kind, const char *peer_addr, char *argv[]);

/* Runs XT_GUEST_WORKLOAD for guest `name`: it returns once the workload
 * has started in the guest (or stopped), never waiting on its output. */
int xt_ssh_workload(const char *name, enum xt_workload kind, const char *peer_addr, char *err, size_t errlen);

#endif
