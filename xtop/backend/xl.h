/* The control half of the xen backend: each action runs Xen's own `xl`
 * (from an argument vector, never a shell).  Apart from xen.c so the unit
 * tests can drive it with a stand-in xl, where no Xen runs. */
#ifndef XTOP_XL_H
#define XTOP_XL_H

#include <stddef.h>
#include <stdint.h>

#include "backend.h"

#define XT_XL_ARGC_MAX 12

/* Fills argv (at least XT_XL_ARGC_MAX slots) with
 *   xl create [-c] CONFIG name="NAME" [memory=MB] [vcpus=N]
 * using buf (at least 3 * 64 + XT_NAME_MAX bytes) for the key=value words. */
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
int xt_xl_migrate(const char *xl, uint32_t id, const char *host, char *err, size_t errlen);

#endif
