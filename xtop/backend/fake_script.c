/* The fake backend's scenario file (--fake-script), read into struct fake.
 * Lines:
 *   host cpus=N memory=MiB free=MiB version=STR [noise=1] [guests=pv[,pvh][,hvm]] [dom0free=MiB]
 *   domain ID NAME [vcpus=N] [memory=MiB] [maxmem=MiB|none] [load=F]
 *          [from=K] [until=K] [state=r|b|p] [net_rx=B/s] [net_tx=B/s]
 *          [blk_rd=B/s] [blk_wr=B/s] [uuid=HEX32]
 *          [nets=N] [vbds=N] [vbd_errors=N] [online=N]
 *          [cpu_time=S] [rx_bytes=B] [tx_bytes=B] [rd_sectors=N]
 *          [wr_sectors=N] [oo_reqs=N] [gone=crash|...] [type=pv|pvh|hvm]
 *          [addr=IP] [disk=PATH]
 * load is busy physical CPUs (0.5 = 50 %); the domain exists in samples
 * from..until-1 (0-based).  nets and vbds default to 1 when the domain has
 * that kind of traffic, else 0; traffic is split evenly over them, and the
 * last vbd_errors VBDs report read errors.  online is the number of vCPUs
 * online (default all).  cpu_time and the byte, sector and request counts
 * are what the counters start from, so a scenario with no load and no
 * traffic prints the same numbers every time.  addr is the first network's
 * address and disk the first disk's file, for the domain page.
 *   console NAME TEXT...
 * a line of that domain's console log (the domain page shows the last
 * ones); a domain with none has no log kept.
 *   fail ACTION NAME
 * makes that action (create, pause, unpause, shutdown, destroy, console,
 * sched, mem-set, vcpu-set, save, restore, migrate) on that domain fail.
 *   pool host NAME ADDRESS FREE_MIB self|up|lost NDOMAINS
 *   pool domain HOST NAME MEM_MIB VCPUS STATE
 *   pool serve NIC ADDRESS proxy|dhcp
 * a pool this host is in (as `xenlive-pool list --batch` prints it); a
 * migration to one of its hosts moves the domain into that host's list.
 * A serve line: the host serves the CD to the LAN from the start; serving
 * started from xtop adds one (enp0s3, full DHCP), stopping removes them,
 * and "fail pool-serve -" makes starting refused. */
#define _POSIX_C_SOURCE 200809L
#include "fake.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/parse.h"

/* Starting counters stay far enough below 2^64 that traffic cannot wrap them. */
#define COUNTER_MAX (1ul << 60)

static int parse_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

static int parse_uint(const char *s, unsigned long max, uint64_t *out)
{
	unsigned long v;
	if (strcmp(s, "0") == 0) {
		*out = 0;
		return 0;
	}
	if (xt_parse_positive(s, max, &v) < 0)
		return -1;
	*out = v;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_uuid(const char *s, uint8_t uuid[16])
{
	size_t j = 0;
	for (size_t i = 0; s[i] && j < 32; i++) {
		if (s[i] == '-')
			continue;
		int v = hexval(s[i]);
		if (v < 0)
			return -1;
		if (j % 2 == 0)
			uuid[j / 2] = (uint8_t)(v << 4);
		else
			uuid[j / 2] |= (uint8_t)v;
		j++;
	}
	return j == 32 ? 0 : -1;
}

static int domain_option(struct fake_domain *d, const char *key, const char *val)
{
	uint64_t u;
	if (strcmp(key, "vcpus") == 0 && parse_uint(val, 4096, &u) == 0 && u > 0)
		d->vcpus = (unsigned)u;
	else if (strcmp(key, "memory") == 0 && parse_uint(val, 1ul << 30, &u) == 0) {
		if (d->maxmem_mib == d->mem_mib)
			d->maxmem_mib = u;
		d->mem_mib = u;
	} else if (strcmp(key, "maxmem") == 0 && strcmp(val, "none") == 0)
		d->maxmem_mib = 0;
	else if (strcmp(key, "maxmem") == 0 && parse_uint(val, 1ul << 30, &u) == 0)
		d->maxmem_mib = u;
	else if (strcmp(key, "load") == 0 && parse_double(val, &d->load) == 0)
		;
	else if (strcmp(key, "from") == 0 && parse_uint(val, NEVER - 1, &u) == 0)
		d->from = (uint32_t)u;
	else if (strcmp(key, "until") == 0 && parse_uint(val, NEVER - 1, &u) == 0)
		d->until = (uint32_t)u;
	else if (strcmp(key, "state") == 0 && strlen(val) == 1 && strchr("rbp", val[0]))
		d->state = val[0] == 'r' ? XT_RUNNING : val[0] == 'b' ? XT_BLOCKED : XT_PAUSED;
	else if (strcmp(key, "net_rx") == 0 && parse_double(val, &d->net_rx) == 0)
		;
	else if (strcmp(key, "net_tx") == 0 && parse_double(val, &d->net_tx) == 0)
		;
	else if (strcmp(key, "blk_rd") == 0 && parse_double(val, &d->blk_rd) == 0)
		;
	else if (strcmp(key, "blk_wr") == 0 && parse_double(val, &d->blk_wr) == 0)
		;
	else if (strcmp(key, "uuid") == 0 && parse_uuid(val, d->uuid) == 0)
		;
	else if (strcmp(key, "nets") == 0 && parse_uint(val, 64, &u) == 0) {
		d->nets = (unsigned)u;
		d->nets_set = true;
	} else if (strcmp(key, "vbds") == 0 && parse_uint(val, 64, &u) == 0) {
		d->vbds = (unsigned)u;
		d->vbds_set = true;
	} else if (strcmp(key, "vbd_errors") == 0 && parse_uint(val, 64, &u) == 0)
		d->vbd_errors = (unsigned)u;
	else if (strcmp(key, "online") == 0 && parse_uint(val, 4096, &u) == 0) {
		d->online = (unsigned)u;
		d->online_set = true;
	} else if (strcmp(key, "cpu_time") == 0 && parse_double(val, &d->cpu_time) == 0 && d->cpu_time < 1e9)
		;
	else if (strcmp(key, "rx_bytes") == 0 && parse_uint(val, COUNTER_MAX, &d->rx0) == 0)
		;
	else if (strcmp(key, "tx_bytes") == 0 && parse_uint(val, COUNTER_MAX, &d->tx0) == 0)
		;
	else if (strcmp(key, "rd_sectors") == 0 && parse_uint(val, COUNTER_MAX, &d->rd0) == 0)
		;
	else if (strcmp(key, "wr_sectors") == 0 && parse_uint(val, COUNTER_MAX, &d->wr0) == 0)
		;
	else if (strcmp(key, "oo_reqs") == 0 && parse_uint(val, COUNTER_MAX, &d->oo0) == 0)
		;
	else if (strcmp(key, "type") == 0 && (strcmp(val, "pv") == 0 || strcmp(val, "pvh") == 0 ||
					      strcmp(val, "hvm") == 0)) {
		d->pv = strcmp(val, "pv") == 0;
		d->type = d->pv ? XT_GUEST_PV : strcmp(val, "pvh") == 0 ? XT_GUEST_PVH : XT_GUEST_HVM;
	}
	else if (strcmp(key, "gone") == 0 && strlen(val) < sizeof d->gone)
		strcpy(d->gone, val);
	else if (strcmp(key, "addr") == 0 && strlen(val) < sizeof d->addr)
		strcpy(d->addr, val);
	else if (strcmp(key, "disk") == 0 && strlen(val) < sizeof d->disk)
		strcpy(d->disk, val);
	else
		return -1;
	return 0;
}

/* guests=pv,pvh,hvm: the guest types a host without (or with part of)
 * VT-x/AMD-V runs. */
static int guest_types_option(struct fake *f, const char *val)
{
	char buf[64];
	if (strlen(val) >= sizeof buf)
		return -1;
	strcpy(buf, val);
	f->guest_types = 0;
	char *save = NULL;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "pv") == 0)
			f->guest_types |= XT_GUEST_PV;
		else if (strcmp(t, "pvh") == 0)
			f->guest_types |= XT_GUEST_PVH;
		else if (strcmp(t, "hvm") == 0)
			f->guest_types |= XT_GUEST_HVM;
		else
			return -1;
	}
	return 0;
}

static int host_option(struct fake *f, const char *key, const char *val)
{
	uint64_t u;
	if (strcmp(key, "cpus") == 0 && parse_uint(val, 4096, &u) == 0 && u > 0)
		f->ncpus = (unsigned)u;
	else if (strcmp(key, "memory") == 0 && parse_uint(val, 1ul << 30, &u) == 0)
		f->total_mib = u;
	else if (strcmp(key, "free") == 0 && parse_uint(val, 1ul << 30, &u) == 0)
		f->free_mib = u;
	else if (strcmp(key, "noise") == 0 && strcmp(val, "1") == 0)
		f->noise = true;
	else if (strcmp(key, "version") == 0 && strlen(val) < sizeof f->version)
		strcpy(f->version, val);
	else if (strcmp(key, "guests") == 0)
		return guest_types_option(f, val);
	else if (strcmp(key, "dom0free") == 0 && parse_uint(val, 1ul << 30, &u) == 0)
		f->dom0_free_mib = u;
	else
		return -1;
	return 0;
}

int fake_load_script(struct fake *f, const char *path, char *err, size_t errlen)
{
	FILE *in = fopen(path, "r");
	if (!in) {
		snprintf(err, errlen, "cannot read the fake scenario %s: %s", path, strerror(errno));
		return -1;
	}
	char line[1024];
	unsigned lineno = 0;
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof line, in)) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *save = NULL, *word = strtok_r(line, " \t\r\n", &save);
		if (!word)
			continue;
		struct fake_domain *d = NULL;
		if (strcmp(word, "domain") == 0) {
			char *id = strtok_r(NULL, " \t\r\n", &save), *name = strtok_r(NULL, " \t\r\n", &save);
			uint64_t v;
			if (!id || !name || parse_uint(id, 65535, &v) < 0 || strlen(name) >= XT_NAME_MAX ||
			    !(d = fake_add_domain(f))) {
				rc = -1;
				break;
			}
			d->id = (uint32_t)v;
			strcpy(d->name, name);
		} else if (strcmp(word, "fail") == 0) {
			char *action = strtok_r(NULL, " \t\r\n", &save), *name = strtok_r(NULL, " \t\r\n", &save);
			if (!action || !name || f->nfailures == sizeof f->failures / sizeof f->failures[0] ||
			    strlen(action) >= sizeof f->failures[0].action || strlen(name) >= XT_NAME_MAX) {
				rc = -1;
				break;
			}
			strcpy(f->failures[f->nfailures].action, action);
			strcpy(f->failures[f->nfailures++].name, name);
			continue;
		} else if (strcmp(word, "console") == 0) {
			/* Kept as "NAME TEXT" lines, the text as written. */
			char *name = strtok_r(NULL, " \t\r\n", &save);
			const char *text = save ? save + strspn(save, " \t") : "";
			size_t tl = strcspn(text, "\r\n"), n = name ? strlen(name) : 0;
			char *grown = name ? realloc(f->console_text, f->console_len + n + tl + 3) : NULL;
			if (!grown) {
				rc = -1;
				break;
			}
			f->console_text = grown;
			f->console_len += (size_t)sprintf(grown + f->console_len, "%s %.*s\n", name, (int)tl, text);
			continue;
		} else if (strcmp(word, "pool") == 0) {
			/* The rest of the line, for xt_pool_parse once all is read. */
			size_t n = strlen(save);
			char *grown = realloc(f->pool_text, f->pool_len + n + 2);
			if (!grown) {
				rc = -1;
				break;
			}
			f->pool_text = grown;
			memcpy(f->pool_text + f->pool_len, save, n);
			f->pool_len += n;
			if (!n || f->pool_text[f->pool_len - 1] != '\n')
				f->pool_text[f->pool_len++] = '\n';
			f->pool_text[f->pool_len] = '\0';
			continue;
		} else if (strcmp(word, "host") != 0) {
			rc = -1;
			break;
		}
		while (rc == 0 && (word = strtok_r(NULL, " \t\r\n", &save))) {
			char *eq = strchr(word, '=');
			if (!eq) {
				rc = -1;
				break;
			}
			*eq = '\0';
			rc = d ? domain_option(d, word, eq + 1) : host_option(f, word, eq + 1);
		}
	}
	fclose(in);
	if (rc < 0)
		snprintf(err, errlen, "%s:%u: not a valid fake scenario line", path, lineno);
	else if (f->pool_text)
		xt_pool_parse(f->pool_text, &f->pool);
	return rc;
}
