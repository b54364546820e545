/* The real backend.  A refresh asks Xen once for every domain
 * (xc_domain_getinfolist) and once for the host (xc_physinfo), and reads
 * Domain-0's counters of the guests' networks and disks (backend/dom0.c)
 * from files kept open.  What xenstore says of a domain (its name, type,
 * start time, memory limits, the disks QEMU serves) is read when the
 * domain first shows and again only when a watch reports a change under
 * it.  The figures are libxenstat's (xentop's), from the same sources.
 * Every action runs `xl` (backend/xl.c), so devices come and go exactly
 * as xl does it. */
#define _GNU_SOURCE
#include "backend.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenstore.h>

#include "dom0.h"
#include "xl.h"
#include "../util/proc.h"

/* Where libxl has each device model listen for libxenstat's QMP
 * connections (Debian's XEN_RUN_DIR), and how long a refresh waits for
 * one to answer. */
#define QMP_SOCKET_DIR "/var/run/xen"
#define QMP_TIMEOUT_MS 100
/* The domain list is bounced through hypercall memory, which libxencall
 * keeps for reuse a page at a time and maps anew for anything larger:
 * asked for a page's worth of domains at a time, a refresh maps nothing. */
#define INFO_CHUNK (XC_PAGE_SIZE / sizeof(xc_domaininfo_t))

/* One of a domain's disks that QEMU serves, as xenstore has it. */
struct qdisk {
	unsigned dev;
	unsigned sector_size;   /* what QEMU wrote there; 512 when absent */
	char *file;             /* its params past "FORMAT:": the file QMP says is inserted */
};

/* A device name of QEMU's and the disk it is (dev 0: none matched). */
struct qmp_device {
	char name[XT_QMP_DEVICE];
	unsigned dev, sector_size;
};

/* What xenstore says of one domain. */
struct dom_info {
	uint32_t id;
	uint8_t uuid[16];
	bool moved;             /* taken over by this refresh's entry of the domain */
	bool known;             /* read since xenstore last changed under the domain */
	bool named;             /* libxl has written its name and not yet taken the domain apart */
	char name[XT_NAME_MAX];
	int64_t start_time;     /* 0 when unknown */
	enum xt_guest_type type;        /* 0 when unknown */
	uint64_t static_max_bytes, target_bytes;
	bool qdisk;             /* QEMU serves some of its disks: their counters come over QMP */
	struct qdisk *qdisks;
	size_t nqdisks;
	struct qmp_device *devices;     /* QEMU's device names seen so far */
	size_t ndevices, devices_cap;
};

struct xen {
	xc_interface *xc;
	struct xs_handle *xs;
	bool watching;          /* xenstore reports its changes, so dom_info can be kept */
	xc_domaininfo_t *info;  /* this refresh's domains, in Xen's order */
	size_t ninfo, info_cap;
	struct dom_info *doms;  /* doms[i] is info[i]'s */
	size_t ndoms, doms_cap;
	struct dom_info *last;  /* the last refresh's, while they are taken over */
	size_t nlast, last_cap;
	int meminfo_fd, uptime_fd;
	struct xt_vifs vifs;
	struct xt_blkback blkback;
	struct xt_qmp qmp;
	struct xt_qmp_blockstat *blockstats;
	size_t blockstats_cap;
	int64_t dom0_start_time;        /* from the first refresh's uptime */
	unsigned guest_types;   /* from Xen's physinfo, read once */
	char xen_version[32];   /* read once: it cannot change while Xen runs */
};

/* ---- Xen: the domains and the host ---- */

/* Every domain: one hypercall for a page's worth of them. */
static int read_domain_list(struct xen *x)
{
	x->ninfo = 0;
	for (;;) {
		if (!xt_grow((void **)&x->info, &x->info_cap, x->ninfo + INFO_CHUNK, sizeof *x->info)) {
			errno = ENOMEM;
			return -1;
		}
		uint32_t first = x->ninfo ? x->info[x->ninfo - 1].domain + 1u : 0;
		int got = xc_domain_getinfolist(x->xc, first, (unsigned)INFO_CHUNK, x->info + x->ninfo);
		if (got < 0)
			return -1;
		x->ninfo += (size_t)got;
		if ((size_t)got < INFO_CHUNK)
			return 0;
	}
}

/* The host: Xen's physinfo, and Domain-0's own uptime and available
 * memory, from files kept open. */
static int read_node(struct xen *x, struct xt_sample *out)
{
	xc_physinfo_t info = { 0 };
	if (xc_physinfo(x->xc, &info) < 0)
		return -1;
	out->ncpus = info.nr_cpus;
	out->cpu_hz = (uint64_t)info.cpu_khz * 1000;
	out->total_mem_bytes = (uint64_t)info.total_pages * XC_PAGE_SIZE;
	out->free_mem_bytes = (uint64_t)info.free_pages * XC_PAGE_SIZE;
	_Static_assert(sizeof out->xen_version == sizeof x->xen_version, "one size for Xen's version");
	memcpy(out->xen_version, x->xen_version, sizeof out->xen_version);
	out->guest_types = x->guest_types;
	/* MemAvailable is on /proc/meminfo's third line. */
	char text[256];
	out->dom0_avail_bytes = xt_pread_head(x->meminfo_fd, text, sizeof text) > 0 ? xt_meminfo_available(text) : 0;
	out->host_uptime_s = xt_pread_head(x->uptime_fd, text, sizeof text) > 0 ? strtod(text, NULL) : 0;
	return 0;
}

/* Xen's version as xentop shows it: MAJOR.MINOR and the extra version. */
static void read_xen_version(struct xen *x)
{
	xen_extraversion_t extra = "";
	int v = xc_version(x->xc, XENVER_version, NULL);
	if (v < 0 || xc_version(x->xc, XENVER_extraversion, &extra) < 0) {
		snprintf(x->xen_version, sizeof x->xen_version, "?");
		return;
	}
	extra[sizeof extra - 1] = '\0';
	snprintf(x->xen_version, sizeof x->xen_version, "%d.%d%s", (v >> 16) & 0xFFFF, v & 0xFFFF, extra);
}

static unsigned domain_state(uint32_t flags)
{
	bool shutdown = flags & XEN_DOMINF_shutdown;
	bool crashed = shutdown && ((flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask) == SHUTDOWN_crash;
	return (flags & XEN_DOMINF_dying ? XT_DYING : 0) | (shutdown && !crashed ? XT_SHUTDOWN : 0) |
	       (flags & XEN_DOMINF_blocked ? XT_BLOCKED : 0) | (crashed ? XT_CRASHED : 0) |
	       (flags & XEN_DOMINF_paused ? XT_PAUSED : 0) | (flags & XEN_DOMINF_running ? XT_RUNNING : 0);
}

/* What the domain list says of a domain, in libxenstat's units. */
static void fill_from_xen(struct xt_domain_sample *s, const xc_domaininfo_t *in)
{
	s->id = in->domain;
	memcpy(s->uuid, in->handle, sizeof s->uuid);
	s->cpu_ns = in->cpu_time;
	s->vcpus = in->max_vcpu_id + 1;
	s->vcpus_online = in->nr_online_vcpus;
	s->mem_bytes = in->tot_pages * XC_PAGE_SIZE;
	s->maxmem_bytes = in->max_pages == UINT_MAX ? XT_MEM_UNLIMITED : in->max_pages * XC_PAGE_SIZE;
	s->ssid = in->ssidref;
	s->state = domain_state(in->flags);
	s->pv = s->id != 0 && !(in->flags & XEN_DOMINF_hvm_guest);
}

/* With want_control: credit2's weight and cap, one hypercall. */
static void read_sched(struct xen *x, struct xt_domain_sample *s)
{
	struct xen_domctl_sched_credit2 sdom;
	if (xc_sched_credit2_domain_get(x->xc, s->id, &sdom) == 0) {
		s->weight = sdom.weight;
		s->cap = sdom.cap;
	}
}

/* With want_devices: each vCPU's state and time, a hypercall each; false
 * when the domain went away meanwhile. */
static bool read_vcpus(struct xen *x, uint32_t id, struct xt_vcpu_sample *v, unsigned n)
{
	for (unsigned j = 0; j < n; j++) {
		xc_vcpuinfo_t info;
		if (xc_vcpu_getinfo(x->xc, id, j, &info) != 0)
			return false;
		v[j] = (struct xt_vcpu_sample){ info.online != 0, info.cpu_time };
	}
	return true;
}

/* ---- xenstore: read once, kept until it changes ---- */

/* The value at a path (printf-style), malloc'd; NULL when absent. */
__attribute__((format(printf, 2, 3))) static char *xs_get(struct xen *x, const char *fmt, ...)
{
	char path[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	unsigned int len;
	return x->xs ? xs_read(x->xs, XBT_NULL, path, &len) : NULL;
}

/* libxl's record of a domain's type (/libxl/ID/type: pv, pvh or hvm);
 * 0 when it has none (a domain not made by libxl). */
static enum xt_guest_type xs_guest_type(struct xen *x, uint32_t id)
{
	char *value = xs_get(x, "/libxl/%u/type", id);
	enum xt_guest_type t = !value ? 0 : strcmp(value, "hvm") == 0 ? XT_GUEST_HVM :
				 strcmp(value, "pvh") == 0 ? XT_GUEST_PVH : strcmp(value, "pv") == 0 ? XT_GUEST_PV : 0;
	free(value);
	return t;
}

/* /local/domain/ID/memory/KEY in KiB, 0 when absent. */
static uint64_t xs_kib(struct xen *x, uint32_t id, const char *key)
{
	char *value = xs_get(x, "/local/domain/%u/memory/%s", id, key);
	uint64_t kib = value ? strtoull(value, NULL, 10) : 0;
	free(value);
	return kib;
}

/* When libxl started the domain (/vm/UUID/start_time), 0 when unknown. */
static int64_t xs_start_time(struct xen *x, uint32_t id)
{
	char *vm = xs_get(x, "/local/domain/%u/vm", id);
	char *start = vm ? xs_get(x, "%s/start_time", vm) : NULL;
	int64_t t = start ? (int64_t)strtoll(start, NULL, 10) : 0;
	free(start);
	free(vm);
	return t;
}

/* Domain-0 has no /vm entry: it started with this kernel. */
static int64_t dom0_start_time(struct xen *x, const struct xt_sample *out)
{
	if (!x->dom0_start_time && out->host_uptime_s > 0)
		x->dom0_start_time = (int64_t)(out->wall_time - (time_t)out->host_uptime_s);
	return x->dom0_start_time;
}

/* The disks QEMU serves for the domain (Domain-0's backend/qdisk/ID), if
 * any: the counters come over QMP and are matched to these by file. */
static void read_qdisks(struct xen *x, struct dom_info *d)
{
	char dir[64];
	unsigned n = 0;
	snprintf(dir, sizeof dir, "/local/domain/0/backend/qdisk/%u", d->id);
	char **ids = x->xs ? xs_directory(x->xs, XBT_NULL, dir, &n) : NULL;
	d->qdisk = ids != NULL;
	d->qdisks = n ? calloc(n, sizeof *d->qdisks) : NULL;
	for (unsigned i = 0; d->qdisks && i < n; i++) {
		char *params = xs_get(x, "%s/%s/params", dir, ids[i]);
		char *size = params ? xs_get(x, "%s/%s/sector-size", dir, ids[i]) : NULL;
		const char *file = params ? strchr(params, '/') : NULL;
		unsigned long sector_size = size ? strtoul(size, NULL, 10) : 0;
		struct qdisk *q = &d->qdisks[d->nqdisks];
		q->file = params ? strdup(file ? file : params) : NULL;
		q->dev = (unsigned)strtoul(ids[i], NULL, 10);
		q->sector_size = sector_size ? (unsigned)sector_size : 512;
		d->nqdisks += q->file != NULL;
		free(size);
		free(params);
	}
	free(ids);
}

/* Empties what is kept of a domain but its id and uuid. */
static void clear_info(struct dom_info *d)
{
	for (size_t i = 0; i < d->nqdisks; i++)
		free(d->qdisks[i].file);
	free(d->qdisks);
	free(d->devices);
	struct dom_info kept = { .id = d->id, .moved = d->moved };
	memcpy(kept.uuid, d->uuid, sizeof kept.uuid);
	*d = kept;
}

/* Everything xenstore says of the domain.  One without a name is one libxl
 * has not finished making, or has already taken apart. */
static void read_info(struct xen *x, struct dom_info *d, const xc_domaininfo_t *in, const struct xt_sample *out)
{
	clear_info(d);
	d->known = true;
	char *name = xs_get(x, "/local/domain/%u/name", d->id);
	d->named = name != NULL;
	snprintf(d->name, sizeof d->name, "%s", name ? name : "");
	free(name);
	d->static_max_bytes = xs_kib(x, d->id, "static-max") * 1024;
	d->target_bytes = xs_kib(x, d->id, "target") * 1024;
	/* PVH and HVM look alike to Xen (both "hvm_guest"); libxl keeps the
	 * type it created the domain as.  Domain-0 is PV here. */
	d->type = d->id == 0 || !(in->flags & XEN_DOMINF_hvm_guest) ? XT_GUEST_PV : xs_guest_type(x, d->id);
	d->start_time = d->id == 0 ? dom0_start_time(x, out) : xs_start_time(x, d->id);
	if (d->id != 0)
		read_qdisks(x, d);
}

/* The domain is to be read again. */
static void mark_changed(struct xen *x, uint32_t id)
{
	for (size_t i = 0; i < x->ndoms; i++)
		if (x->doms[i].id == id)
			x->doms[i].known = false;
}

/* What a change at `path` makes out of date: the domain whose tree it is
 * in (/local/domain/ID/...: name, memory, ...), or whose device it is
 * (/local/domain/BACKEND/backend/KIND/ID/...); any other path (the
 * watch's first event names /local/domain itself), every domain. */
static void note_change(struct xen *x, const char *path)
{
	unsigned backend, id;
	if (sscanf(path, "/local/domain/%u/backend/%*[^/]/%u", &backend, &id) == 2 ||
	    sscanf(path, "/local/domain/%u", &id) == 1) {
		mark_changed(x, id);
		return;
	}
	for (size_t i = 0; i < x->ndoms; i++)
		x->doms[i].known = false;
}

/* The changes xenstore reported since the last refresh. */
static void note_xenstore_changes(struct xen *x)
{
	char **event;
	while ((event = xs_check_watch(x->xs))) {
		note_change(x, event[XS_WATCH_PATH]);
		free(event);
	}
	/* Not "none pending": the watch is lost, and nothing can be kept. */
	if (errno != EAGAIN)
		x->watching = false;
}

/* The last refresh's entry of this domain (the same id and uuid), taken
 * over, or false.  The search starts at *hint, where the domains' order
 * (Xen's, by id) puts it. */
static bool take_last_info(struct xen *x, const xc_domaininfo_t *in, size_t *hint, struct dom_info *to)
{
	for (size_t k = 0; k < x->nlast; k++) {
		size_t i = (*hint + k) % x->nlast;
		struct dom_info *d = &x->last[i];
		if (!d->moved && d->id == in->domain && memcmp(d->uuid, in->handle, sizeof d->uuid) == 0) {
			*to = *d;
			*d = (struct dom_info){ .moved = true };
			*hint = i + 1;
			return true;
		}
	}
	return false;
}

/* doms[i] for info[i]: the domain's entry from the last refresh, or a new
 * one to read.  0, or -1 when out of memory (then nothing is kept). */
static int match_infos(struct xen *x)
{
	struct dom_info *spare = x->last;
	size_t spare_cap = x->last_cap;
	x->last = x->doms;
	x->last_cap = x->doms_cap;
	x->nlast = x->ndoms;
	x->doms = spare;
	x->doms_cap = spare_cap;
	x->ndoms = 0;
	bool room = xt_grow((void **)&x->doms, &x->doms_cap, x->ninfo ? x->ninfo : 1, sizeof *x->doms);
	size_t hint = 0;
	for (size_t i = 0; room && i < x->ninfo; i++) {
		const xc_domaininfo_t *in = &x->info[i];
		struct dom_info *d = &x->doms[x->ndoms++];
		if (!take_last_info(x, in, &hint, d)) {
			*d = (struct dom_info){ .id = in->domain };
			memcpy(d->uuid, in->handle, sizeof d->uuid);
		}
		d->known &= x->watching;
	}
	for (size_t i = 0; i < x->nlast; i++)
		clear_info(&x->last[i]);
	x->nlast = 0;
	return room ? 0 : -1;
}

/* ---- a domain's networks and disks ---- */

/* The domain's networks from this refresh's /proc/net/dev, in its order
 * (xentop numbers them so). */
static int add_networks(const struct xt_vifs *v, struct xt_domain_sample *s, struct xt_devices *d)
{
	for (size_t i = 0; i < v->n; i++) {
		const struct xt_net_sample *net = &v->vif[i].net;
		if (v->vif[i].domid != s->id)
			continue;
		s->nets++;
		s->net_rx_bytes += net->rx_bytes;
		s->net_tx_bytes += net->tx_bytes;
		struct xt_net_sample *slot = d ? xt_devices_add_net(d, 1) : NULL;
		if (d && !slot)
			return -1;
		if (slot)
			*slot = *net;
	}
	return 0;
}

/* One VBD into the domain's totals, summed the way xentop sums them: one
 * that reports an error is left out, and only all of them failing shows
 * "-" (vbd_stats_ok). */
static int add_vbd(struct xt_domain_sample *s, const struct xt_vbd_sample *vbd, struct xt_devices *d)
{
	s->vbds++;
	if (!vbd->error) {
		s->vbd_stats_ok = true;
		s->vbd_oo += vbd->oo;
		s->vbd_rd += vbd->rd;
		s->vbd_wr += vbd->wr;
		s->vbd_rd_sect += vbd->rd_sect;
		s->vbd_wr_sect += vbd->wr_sect;
	}
	struct xt_vbd_sample *slot = d ? xt_devices_add_vbd(d, 1) : NULL;
	if (d && !slot)
		return -1;
	if (slot)
		*slot = *vbd;
	return 0;
}

/* The domain's disks that Domain-0's kernel serves, from this refresh's
 * read of sysfs, in the directory's order. */
static int add_blkback_vbds(const struct xt_blkback *b, struct xt_domain_sample *s, struct xt_devices *d)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->dirs[i].domid == s->id && add_vbd(s, &b->dirs[i].vbd, d) < 0)
			return -1;
	return 0;
}

/* The open QEMU's query-blockstats into x->blockstats; how many. */
static size_t read_blockstats(struct xen *x)
{
	const char *reply = xt_qmp_execute(&x->qmp, "query-blockstats", QMP_TIMEOUT_MS);
	size_t n = xt_qmp_blockstats(reply, x->blockstats, x->blockstats_cap);
	if (n > x->blockstats_cap) {
		if (!xt_grow((void **)&x->blockstats, &x->blockstats_cap, n, sizeof *x->blockstats))
			return 0;
		n = xt_qmp_blockstats(reply, x->blockstats, x->blockstats_cap);
	}
	return n;
}

/* Which of the domain's disks a device of QEMU's is: the one whose file
 * query-block says is inserted in it (libxenstat's match); asked once per
 * name while xenstore does not change under the domain.  NULL when QEMU
 * did not answer (then it is asked again next time). */
static const struct qmp_device *qmp_device(struct xen *x, struct dom_info *di, const struct xt_qmp_blockstat *b)
{
	static const struct qmp_device unnamed = { .sector_size = 512 };
	if (!b->named)
		return &unnamed;
	for (size_t i = 0; i < di->ndevices; i++)
		if (strcmp(di->devices[i].name, b->device) == 0)
			return &di->devices[i];
	const char *reply = xt_qmp_execute(&x->qmp, "query-block", QMP_TIMEOUT_MS);
	if (!reply || !xt_grow((void **)&di->devices, &di->devices_cap, di->ndevices + 1, sizeof *di->devices))
		return NULL;
	struct qmp_device *dev = &di->devices[di->ndevices++];
	*dev = (struct qmp_device){ .sector_size = 512 };
	snprintf(dev->name, sizeof dev->name, "%s", b->device);
	char file[PATH_MAX];
	if (!xt_qmp_block_file(reply, b->device, file, sizeof file))
		return dev;
	for (size_t i = 0; i < di->nqdisks; i++)
		if (strcmp(di->qdisks[i].file, file) == 0) {
			dev->dev = di->qdisks[i].dev;
			dev->sector_size = di->qdisks[i].sector_size;
			break;
		}
	return dev;
}

/* The domain's disks that QEMU serves, from its QMP socket as libxenstat
 * reads them (before the others, as libxenstat lists them): one
 * connection a refresh, QEMU's order. */
static int add_qdisk_vbds(struct xen *x, struct dom_info *di, struct xt_domain_sample *s, struct xt_devices *d)
{
	char path[64];
	snprintf(path, sizeof path, QMP_SOCKET_DIR "/qmp-libxenstat-%u", s->id);
	if (!di->qdisk || xt_qmp_open(&x->qmp, path, QMP_TIMEOUT_MS) < 0)
		return 0;
	int rc = 0;
	size_t n = read_blockstats(x);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct xt_qmp_blockstat *b = &x->blockstats[i];
		const struct qmp_device *dev = qmp_device(x, di, b);
		unsigned sector = dev ? dev->sector_size : 512;
		struct xt_vbd_sample vbd = {
			.dev = dev ? dev->dev : 0, .kind = XT_VBD_UNIDENTIFIED,
			.rd = b->rd_operations, .wr = b->wr_operations,
			.rd_sect = b->rd_bytes / sector, .wr_sect = b->wr_bytes / sector,
		};
		rc = add_vbd(s, &vbd, d);
	}
	xt_qmp_close(&x->qmp);
	return rc;
}

/* ---- a refresh ---- */

/* info[i]'s domain into *s (*shown), or left out as libxenstat leaves it
 * out: a domain without a name, or one that went away meanwhile.  0, or
 * -1 when out of memory. */
static int sample_domain(struct xen *x, size_t i, struct xt_sample *out, struct xt_domain_sample *s, bool *shown)
{
	const xc_domaininfo_t *in = &x->info[i];
	struct dom_info *di = &x->doms[i];
	struct xt_devices *d = out->want_devices ? &out->devices : NULL;
	*shown = false;
	if (!di->known)
		read_info(x, di, in, out);
	if (!di->named)
		return 0;
	memset(s, 0, sizeof *s);
	fill_from_xen(s, in);
	memcpy(s->name, di->name, sizeof s->name);
	s->start_time = di->start_time;
	s->type = di->type;
	s->static_max_bytes = di->static_max_bytes;
	s->weight = s->cap = -1;
	if (out->want_control) {
		read_sched(x, s);
		s->target_bytes = di->target_bytes;
	}
	if (d) {
		s->net_first = d->nnet;
		s->vbd_first = d->nvbd;
		s->vcpu_first = d->nvcpu;
		struct xt_vcpu_sample *v = xt_devices_add_vcpu(d, s->vcpus);
		if (!v)
			return -1;
		if (!read_vcpus(x, s->id, v, s->vcpus)) {
			d->nvcpu = s->vcpu_first;
			return 0;
		}
	}
	if (add_networks(&x->vifs, s, d) < 0 || add_qdisk_vbds(x, di, s, d) < 0 ||
	    add_blkback_vbds(&x->blkback, s, d) < 0)
		return -1;
	s->vbd_stats_ok |= s->vbds == 0;
	*shown = true;
	return 0;
}

static int xen_sample(struct xt_backend *be, struct xt_sample *out, char *err, size_t errlen)
{
	struct xen *x = be->priv;
	/* Stamped just before the domain list, which carries the CPU times:
	 * the rest of a refresh takes a varying while (QEMU's answers,
	 * xenstore when something changed), which would skew every CPU%. */
	out->mono_ns = xt_monotonic_ns();
	if (read_domain_list(x) < 0) {
		snprintf(err, errlen, "cannot read Xen's list of domains: %s", strerror(errno));
		return -1;
	}
	out->wall_time = time(NULL);
	if (read_node(x, out) < 0) {
		snprintf(err, errlen, "cannot read Xen's host information: %s", strerror(errno));
		return -1;
	}
	if (x->watching)
		note_xenstore_changes(x);
	if (match_infos(x) < 0 || !xt_sample_reserve(out, x->ninfo ? x->ninfo : 1)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* A reader that fails leaves no devices: the domains show none. */
	xt_vifs_read(&x->vifs);
	xt_blkback_read(&x->blkback);
	xt_devices_clear(&out->devices);
	size_t count = 0;
	for (size_t i = 0; i < x->ninfo; i++) {
		bool shown;
		if (sample_domain(x, i, out, &out->domains[count], &shown) < 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		count += shown;
	}
	out->ndomains = count;
	return 0;
}

/* Control: Xen's own toolstack does every action (backend/xl.c). */
static int xen_create(struct xt_backend *be, const struct xt_create_spec *spec, char **tool_output, char *err,
		      size_t errlen)
{
	return xt_xl_create(be->xl_path, spec, tool_output, err, errlen);
}

static int xen_pause(struct xt_backend *be, uint32_t id, bool pause, char *err, size_t errlen)
{
	return xt_xl_pause(be->xl_path, id, pause, err, errlen);
}

static int xen_shutdown(struct xt_backend *be, uint32_t id, char *err, size_t errlen)
{
	return xt_xl_shutdown(be->xl_path, id, err, errlen);
}

static int xen_destroy(struct xt_backend *be, uint32_t id, char *err, size_t errlen)
{
	return xt_xl_destroy(be->xl_path, id, err, errlen);
}

/* On the PC's own screen, where a framebuffer can show a guest's. */
static bool on_virtual_console(void)
{
	return xt_on_virtual_console(STDIN_FILENO) && access("/dev/fb0", W_OK) == 0;
}

/* An HVM guest's console is its screen, which its device model serves
 * over VNC on 127.0.0.1: on the PC's own screen xenlive-vnc shows it;
 * elsewhere (ssh) the sentence says how to reach it. */
static int hvm_screen(struct xen *x, uint32_t id, char *err, size_t errlen)
{
	char path[64], name[XT_NAME_MAX] = "the guest";
	unsigned int len;
	snprintf(path, sizeof path, "/local/domain/%u/name", id);
	char *value = xs_read(x->xs, XBT_NULL, path, &len);
	if (value) {
		snprintf(name, sizeof name, "%s", value);
		free(value);
	}
	snprintf(path, sizeof path, "/local/domain/%u/console/vnc-port", id);
	value = xs_read(x->xs, XBT_NULL, path, &len);
	unsigned port = value ? (unsigned)strtoul(value, NULL, 10) : 0;
	free(value);
	if (!port) {
		snprintf(err, errlen, "%s has no screen (its config has no vnc = 1); its serial console: xl console %s",
			 name, name);
		return -1;
	}
	if (!on_virtual_console()) {
		/* SSH_CONNECTION: "client port server port"; the third word is
		 * the address this session reached. */
		char server[64] = "THIS-PC";
		const char *ssh = getenv("SSH_CONNECTION");
		if (ssh)
			sscanf(ssh, "%*s %*s %63s", server);
		snprintf(err, errlen, "%s's screen is VNC on this PC's 127.0.0.1:%u only: from your computer run "
			 "ssh -L 5900:127.0.0.1:%u root@%s and point a VNC viewer at localhost:5900 "
			 "(serial console: xl console %s)", name, port, port, server, name);
		return -1;
	}
	char portbuf[16];
	snprintf(portbuf, sizeof portbuf, "%u", port);
	char *argv[] = { "xenlive-vnc", "127.0.0.1", portbuf, NULL };
	return xt_run_interactive(argv, err, errlen);
}

static int xen_console(struct xt_backend *be, uint32_t id, char *err, size_t errlen)
{
	struct xen *x = be->priv;
	if (x->xs && xs_guest_type(x, id) == XT_GUEST_HVM)
		return hvm_screen(x, id, err, errlen);
	return xt_xl_console(be->xl_path, id, err, errlen);
}

static int xen_set_sched(struct xt_backend *be, uint32_t id, int weight, int cap, char *err, size_t errlen)
{
	return xt_xl_set_sched(be->xl_path, id, weight, cap, err, errlen);
}

static int xen_set_memory(struct xt_backend *be, uint32_t id, unsigned mib, char *err, size_t errlen)
{
	return xt_xl_set_memory(be->xl_path, id, mib, err, errlen);
}

static int xen_set_vcpus(struct xt_backend *be, uint32_t id, unsigned n, char *err, size_t errlen)
{
	return xt_xl_set_vcpus(be->xl_path, id, n, err, errlen);
}

/* A guest of a user's own medium with a disk keeps what it wrote in its
 * device model (QEMU's -snapshot, etc/xen/hvm-media.cfg): a save or a
 * migration would start a new device model without it, and the guest
 * would find its disk changed under it.  True when the domain's device
 * model runs with -snapshot and an emulated hard disk. */
static bool has_volatile_disk(uint32_t id)
{
	DIR *proc = opendir("/proc");
	if (!proc)
		return false;
	char want[32];
	snprintf(want, sizeof want, "%u", id);
	bool found = false;
	struct dirent *de;
	while (!found && (de = readdir(proc))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		char path[300], buf[8192];
		snprintf(path, sizeof path, "/proc/%s/cmdline", de->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = '\0';
		bool qemu = strstr(buf, "qemu-system") != NULL, domid = false, snapshot = false, disk = false;
		const char *prev = "";
		for (size_t i = 0; i < n; i += strlen(buf + i) + 1) {
			const char *arg = buf + i;
			domid |= strcmp(prev, "-xen-domid") == 0 && strcmp(arg, want) == 0;
			snapshot |= strcmp(arg, "-snapshot") == 0;
			disk |= strstr(arg, "media=disk") != NULL;
			prev = arg;
		}
		found = qemu && domid && snapshot && disk;
	}
	closedir(proc);
	return found;
}

static int refuse_volatile_disk(uint32_t id, const char *what, char *err, size_t errlen)
{
	if (!has_volatile_disk(id))
		return 0;
	snprintf(err, errlen, "this guest's disk writes live only in its device model's memory (it runs a medium of "
		 "yours, which is never written), and a %s would lose them: it cannot be %s", what,
		 strcmp(what, "save") == 0 ? "saved" : "moved");
	return -1;
}

static int xen_save(struct xt_backend *be, uint32_t id, const char *path, char *err, size_t errlen)
{
	if (refuse_volatile_disk(id, "save", err, errlen) < 0)
		return -1;
	return xt_xl_save(be->xl_path, id, path, err, errlen);
}

static int xen_restore(struct xt_backend *be, const char *path, char *err, size_t errlen)
{
	return xt_xl_restore(be->xl_path, path, err, errlen);
}

static int xen_migrate(struct xt_backend *be, uint32_t id, const char *host, char *err, size_t errlen)
{
	if (refuse_volatile_disk(id, "migration", err, errlen) < 0)
		return -1;
	return xt_xl_migrate_progress(be->xl_path, id, host, be->progress, be->progress_ctx, err, errlen);
}

/* The pool as xenlive-pool's daemon keeps it (the text of `xenlive-pool list
 * --batch`): a file read, not a program run, since xtop samples often. */
#define POOL_LIST "/run/xenlive/pool/list"

static int xen_pool_join(struct xt_backend *be, const char *secret, char *err, size_t errlen)
{
	(void)be;
	return xt_pool_join_run(secret, err, errlen);
}

static int xen_pool_serve(struct xt_backend *be, bool start, char *said, size_t len)
{
	(void)be;
	return xt_pool_serve_run(start, said, len);
}

static int xen_pool(struct xt_backend *be, struct xt_pool *out, char *err, size_t errlen)
{
	(void)be;
	(void)err;
	(void)errlen;
	char text[16384];
	size_t n = 0;
	FILE *f = fopen(POOL_LIST, "r");
	if (f) {
		n = fread(text, 1, sizeof text - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	xt_pool_parse(text, out);
	return 0;
}

/* A guest's address as dom0 resolves its name (dnsmasq answers for the
 * names it leased), for an HTTP workload aimed at it. */
static int resolve(const char *name, char *addr, size_t len, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res = NULL;
	int rc = getaddrinfo(name, NULL, &hints, &res);
	if (rc != 0 || !res) {
		snprintf(err, errlen, "cannot find the address of %s (%s); is it running and has it got its address?", name,
			 gai_strerror(rc));
		return -1;
	}
	inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, addr, (socklen_t)len);
	freeaddrinfo(res);
	return 0;
}

static int xen_workload(struct xt_backend *be, uint32_t id, enum xt_workload kind, const char *peer, char *err,
			size_t errlen)
{
	struct xen *x = be->priv;
	char path[64], addr[64] = "";
	unsigned int len;
	snprintf(path, sizeof path, "/local/domain/%u/name", id);
	char *name = x->xs ? xs_read(x->xs, XBT_NULL, path, &len) : NULL;
	if (!name) {
		snprintf(err, errlen, "domain %u does not exist", id);
		return -1;
	}
	int rc = 0;
	if (kind == XT_LOAD_HTTP)
		rc = peer ? resolve(peer, addr, sizeof addr, err, errlen) : (snprintf(err, errlen, "no peer given"), -1);
	if (rc == 0)
		rc = xt_ssh_workload(name, kind, addr[0] ? addr : NULL, err, errlen);
	free(name);
	return rc;
}

/* xl's per-domain log says how it ended: "Domain N has shut down, reason
 * code R" (libxl's shutdown reasons). */
static void xen_why_gone(struct xt_backend *be, const char *name, char *buf, size_t len)
{
	(void)be;
	/* Suspended (2) is a save or a migration: not news. */
	static const char *const reasons[] = { "powered off", "rebooted", NULL, "crashed", "was stopped by its watchdog",
					       "soft-reset" };
	char path[256], line[512];
	buf[0] = '\0';
	snprintf(path, sizeof path, "/var/log/xen/xl-%s.log", name);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	int code = -1;
	while (fgets(line, sizeof line, f)) {
		const char *p = strstr(line, "shut down, reason code ");
		if (p)
			code = atoi(p + strlen("shut down, reason code "));
	}
	fclose(f);
	if (code >= 0 && code < (int)(sizeof reasons / sizeof reasons[0]) && reasons[code])
		snprintf(buf, len, "%s; its console output is kept in /var/log/xen/console/guest-%s.log", reasons[code],
			 name);
}

/* A xenstore value into buf ("" when absent). */
static void xs_text(struct xen *x, const char *path, char *buf, size_t len)
{
	unsigned int n;
	char *value = x->xs ? xs_read(x->xs, XBT_NULL, path, &n) : NULL;
	snprintf(buf, len, "%s", value ? value : "");
	free(value);
}

static int compare_devid(const void *a, const void *b)
{
	unsigned long x = strtoul(*(char *const *)a, NULL, 10), y = strtoul(*(char *const *)b, NULL, 10);
	return (x > y) - (x < y);
}

/* The device ids of a domain's back-ends of one kind (vif, vbd, qdisk) in
 * Domain-0's xenstore, in numeric order: an xs_directory list to free, or
 * NULL. */
static char **backend_devices(struct xen *x, const char *kind, uint32_t id, unsigned *n)
{
	char path[96];
	snprintf(path, sizeof path, "/local/domain/0/backend/%s/%u", kind, id);
	char **list = x->xs ? xs_directory(x->xs, XBT_NULL, path, n) : NULL;
	if (list)
		qsort(list, *n, sizeof *list, compare_devid);
	else
		*n = 0;
	return list;
}

/* Each network's MAC (from its back-end), its address (the back-end's ip
 * when the config set one, else what the guest published, else dom0's
 * DHCP lease of that MAC or of the guest's name), and each disk's file. */
static int xen_domain_info(struct xt_backend *be, uint32_t id, const char *name, struct xt_domain_info *out,
			   char *err, size_t errlen)
{
	struct xen *x = be->priv;
	(void)err;
	(void)errlen;
	memset(out, 0, sizeof *out);
	const char *leases = access(XT_LEASES_FILE, R_OK) == 0 ? XT_LEASES_FILE : XT_LEASES_FALLBACK;
	char path[160];
	unsigned n;
	char **vifs = backend_devices(x, "vif", id, &n);
	for (unsigned i = 0; i < n && out->nnets < XT_INFO_DEVICES; i++) {
		struct xt_net_info *net = &out->nets[out->nnets++];
		net->id = (unsigned)strtoul(vifs[i], NULL, 10);
		snprintf(path, sizeof path, "/local/domain/0/backend/vif/%u/%s/mac", id, vifs[i]);
		xs_text(x, path, net->mac, sizeof net->mac);
		snprintf(path, sizeof path, "/local/domain/0/backend/vif/%u/%s/ip", id, vifs[i]);
		xs_text(x, path, net->addr, sizeof net->addr);
		if (!net->addr[0]) {
			snprintf(path, sizeof path, "/local/domain/%u/attr/vif/%s/ipv4/0", id, vifs[i]);
			xs_text(x, path, net->addr, sizeof net->addr);
		}
		if (!net->addr[0])
			xt_lease_find(leases, net->mac, i == 0 ? name : NULL, net->addr, sizeof net->addr);
	}
	free(vifs);
	static const char *const kinds[] = { "vbd", "qdisk", "vbd3" };
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		char **vbds = backend_devices(x, kinds[k], id, &n);
		for (unsigned i = 0; i < n && out->ndisks < XT_INFO_DEVICES; i++) {
			struct xt_disk_info *disk = &out->disks[out->ndisks++];
			disk->dev = (unsigned)strtoul(vbds[i], NULL, 10);
			snprintf(path, sizeof path, "/local/domain/0/backend/%s/%u/%s/params", kinds[k], id, vbds[i]);
			xs_text(x, path, disk->target, sizeof disk->target);
		}
		free(vbds);
	}
	return 0;
}

/* xenconsoled's log of the guest's console (the live CD runs it with
 * --log=guest); Domain-0's own console is the kernel's, not logged there. */
static int xen_console_tail(struct xt_backend *be, uint32_t id, const char *name, unsigned lines, char *buf,
			    size_t len, char *err, size_t errlen)
{
	(void)be;
	(void)id;
	char path[XT_NAME_MAX + 64];
	snprintf(path, sizeof path, "%s/guest-%s.log", XT_CONSOLE_LOG_DIR, name);
	if (xt_file_tail(path, lines, buf, len) == 0)
		return 0;
	if (errno == ENOENT)
		snprintf(err, errlen, "console log not kept: no %s (xenconsoled runs without --log=guest)", path);
	else
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
	return -1;
}

static void xen_close(struct xt_backend *be)
{
	struct xen *x = be->priv;
	if (x) {
		if (x->xc)
			xc_interface_close(x->xc);
		if (x->xs)
			xs_close(x->xs);
		for (size_t i = 0; i < x->ndoms; i++)
			clear_info(&x->doms[i]);
		free(x->doms);
		free(x->last);
		free(x->info);
		if (x->meminfo_fd >= 0)
			close(x->meminfo_fd);
		if (x->uptime_fd >= 0)
			close(x->uptime_fd);
		xt_vifs_free(&x->vifs);
		xt_blkback_free(&x->blkback);
		xt_qmp_free(&x->qmp);
		free(x->blockstats);
		free(x);
	}
	free(be);
}

static const struct xt_backend_ops xen_ops = {
	.name = "xen",
	.sample = xen_sample,
	.create = xen_create,
	.pause = xen_pause,
	.shutdown = xen_shutdown,
	.destroy = xen_destroy,
	.console = xen_console,
	.set_sched = xen_set_sched,
	.set_memory = xen_set_memory,
	.set_vcpus = xen_set_vcpus,
	.save = xen_save,
	.restore = xen_restore,
	.migrate = xen_migrate,
	.workload = xen_workload,
	.pool = xen_pool,
	.pool_join = xen_pool_join,
	.pool_serve = xen_pool_serve,
	.why_gone = xen_why_gone,
	.domain_info = xen_domain_info,
	.console_tail = xen_console_tail,
	.close = xen_close,
};

static bool running_on_xen(void)
{
	struct stat st;
	if (stat("/proc/xen/capabilities", &st) == 0)
		return true;
	FILE *f = fopen("/sys/hypervisor/type", "r");
	char type[16] = "";
	if (f) {
		if (!fgets(type, sizeof type, f))
			type[0] = '\0';
		fclose(f);
	}
	return strncmp(type, "xen", 3) == 0;
}

struct xt_backend *xt_backend_xen_open(const char *xl_path, char *err, size_t errlen)
{
	if (!running_on_xen()) {
		snprintf(err, errlen, "this system is not running on Xen (no /proc/xen); boot the Xen entry, or try --backend fake");
		return NULL;
	}
	if (geteuid() != 0) {
		snprintf(err, errlen, "reading Xen statistics needs root; run it as root (sudo)");
		return NULL;
	}
	struct xt_backend *be = calloc(1, sizeof *be);
	struct xen *x = calloc(1, sizeof *x);
	if (!be || !x) {
		free(be);
		free(x);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	be->ops = &xen_ops;
	be->priv = x;
	be->xl_path = xl_path;
	/* The files a refresh reads, opened once (see read_node and dom0.h). */
	x->meminfo_fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
	x->uptime_fd = open("/proc/uptime", O_RDONLY | O_CLOEXEC);
	xt_vifs_init(&x->vifs, "/proc/net/dev", "/sys/class/net");
	xt_blkback_init(&x->blkback, "/sys/bus/xen-backend/devices");
	x->qmp = (struct xt_qmp)XT_QMP_INIT;
	x->xs = xs_open(XS_OPEN_READONLY);
	if (!x->xs) {
		snprintf(err, errlen, "cannot connect to xenstored (is it running? try 'systemctl start xenstored')");
		xen_close(be);
		return NULL;
	}
	/* One watch on every domain's tree: a refresh reads a domain's
	 * xenstore entries again only when something under it changed (a
	 * rename, a balloon target, a device; its tree's removal when it is
	 * destroyed).  Without it, every refresh reads them all. */
	x->watching = xs_watch(x->xs, "/local/domain", "xtop");
	x->xc = xc_interface_open(NULL, NULL, 0);
	if (!x->xc) {
		snprintf(err, errlen, "cannot open the Xen control interface: %s", strerror(errno));
		xen_close(be);
		return NULL;
	}
	read_xen_version(x);
	/* What the CPU lets Xen run (xl info's virt_caps): PVH and HVM need
	 * VT-x/AMD-V and a way to track guest memory, nested paging (HAP) or
	 * shadow paging (which Debian's Xen leaves out). */
	xc_physinfo_t info = { 0 };
	x->guest_types = XT_GUEST_ALL;
	if (xc_physinfo(x->xc, &info) == 0) {
		bool paging = info.capabilities & (XEN_SYSCTL_PHYSCAP_hap | XEN_SYSCTL_PHYSCAP_shadow);
		x->guest_types = (info.capabilities & XEN_SYSCTL_PHYSCAP_pv ? XT_GUEST_PV : 0) |
				 (info.capabilities & XEN_SYSCTL_PHYSCAP_hvm && paging ? XT_GUEST_PVH | XT_GUEST_HVM : 0);
	}
	return be;
}
