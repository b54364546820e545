/* The fake backend's own parts, shared by its files:
 *   fake.c         the simulated Xen: samples, and control actions that
 *                  change the scenario as xl would change Xen
 *   fake_script.c  the scenario file's parser (the format is described there)
 *   fake_gen.c     N synthetic domains (--fake-domains)
 * Nothing outside backend/fake*.c includes it. */
#ifndef XTOP_FAKE_H
#define XTOP_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "backend.h"

#define NEVER UINT32_MAX        /* the `until` of a domain that stays */

struct fake_domain {
	uint32_t id;
	char name[XT_NAME_MAX];
	uint8_t uuid[16];
	unsigned vcpus;
	uint64_t mem_mib, maxmem_mib;
	double load;
	uint32_t from, until;
	unsigned state;
	double net_rx, net_tx, blk_rd, blk_wr;
	unsigned nets, vbds, vbd_errors, online;
	bool nets_set, vbds_set, online_set;
	double cpu_time;        /* seconds already used when it appears */
	uint64_t rx0, tx0, rd0, wr0, oo0;
	uint64_t appeared_ns;
	int64_t start_time;
	bool dynamic;           /* launched through the backend */
	int weight, cap;        /* credit2 */
	char gone[16];          /* scenario: how it ends at `until` (crash, ...) */
	bool pv;                /* scenario type=pv */
	enum xt_guest_type type;        /* scenario type= (default: PV for Domain-0, PVH else) */
	char addr[48];          /* scenario addr=: the first network's */
	char disk[256];         /* scenario disk=: the first disk's file */
};

/* "fail ACTION NAME" scenario lines: that action on that domain fails as
 * the real toolstack would, so tests can reach every error path. */
struct fake_failure {
	char action[16];
	char name[XT_NAME_MAX];
};

struct fake {
	unsigned ncpus;
	uint64_t total_mib, free_mib;
	uint64_t dom0_free_mib; /* host dom0free=: Domain-0's available memory, less 40 per HVM guest */
	char version[32];
	unsigned guest_types;   /* guests=: what the host runs (default all) */
	struct fake_domain *doms;
	size_t n, cap;
	uint32_t index;         /* samples taken so far */
	unsigned uuid_counter;
	bool noise;             /* write to stderr like libxenstat does */
	FILE *record;
	struct fake_failure failures[16];
	size_t nfailures;
	char *pool_text;        /* the scenario's pool lines */
	size_t pool_len;
	struct xt_pool pool;
	char *console_text;     /* the scenario's console lines: "NAME TEXT\n"... */
	size_t console_len;
};

/* A new domain with the defaults (1 vCPU, 256 MiB, running, present
 * from the first sample on); NULL when out of memory. */
struct fake_domain *fake_add_domain(struct fake *);
/* Each fills f, or returns -1 with one sentence in err. */
int fake_load_script(struct fake *f, const char *path, char *err, size_t errlen);
int fake_synthesize(struct fake *f, unsigned n, char *err, size_t errlen);

#endif
