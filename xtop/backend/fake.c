/* The fake backend replays a scripted scenario (fake_script.c) or N
 * synthetic domains (fake_gen.c) so xtop can be developed and tested
 * without Xen.  This file is the simulated Xen: samples, and control
 * actions that change the scenario as xl would change Xen and append a
 * line to the record file. */
#define _POSIX_C_SOURCE 200809L
#include "fake.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIB (1024ull * 1024ull)

struct fake_domain *fake_add_domain(struct fake *f)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct fake_domain *grown = realloc(f->doms, cap * sizeof *grown);
		if (!grown)
			return NULL;
		f->doms = grown;
		f->cap = cap;
	}
	struct fake_domain *d = &f->doms[f->n++];
	memset(d, 0, sizeof *d);
	d->vcpus = 1;
	d->mem_mib = 256;
	d->maxmem_mib = 256;
	d->until = NEVER;
	d->state = XT_RUNNING;
	d->weight = 256;
	/* A distinct identity per domain line, so id reuse is visible. */
	f->uuid_counter++;
	memcpy(d->uuid, "fakeuuid", 8);
	memcpy(d->uuid + 8, &f->uuid_counter, sizeof f->uuid_counter);
	return d;
}

static void record(struct fake *f, const char *what, const char *name)
{
	if (!f->record)
		return;
	fprintf(f->record, "%s %s\n", what, name);
	fflush(f->record);
}

static bool present(const struct fake *f, const struct fake_domain *d, uint32_t index)
{
	(void)f;
	return d->from <= index && index < d->until;
}

/* The share of `total` that goes to part j of n (the first parts take the
 * remainder), so the parts always add up to the total. */
static uint64_t share(uint64_t total, unsigned n, unsigned j)
{
	return total / n + (j < total % n ? 1 : 0);
}

/* Networks, VBDs and vCPUs of one domain `secs` after it appeared, summed
 * into s's totals and, when devs is not NULL, listed in devs. */
static int fill_devices(const struct fake_domain *d, struct xt_domain_sample *s, double secs, struct xt_devices *devs)
{
	uint64_t rx = d->rx0 + (uint64_t)(d->net_rx * secs), tx = d->tx0 + (uint64_t)(d->net_tx * secs);
	uint64_t rd = d->rd0 + (uint64_t)(d->blk_rd * secs / 512), wr = d->wr0 + (uint64_t)(d->blk_wr * secs / 512);
	s->nets = d->nets_set ? d->nets : (d->net_rx > 0 || d->net_tx > 0 || rx || tx);
	s->vbds = d->vbds_set ? d->vbds : (d->blk_rd > 0 || d->blk_wr > 0 || rd || wr);
	unsigned errors = d->vbd_errors < s->vbds ? d->vbd_errors : s->vbds;
	unsigned online = d->online_set && d->online < s->vcpus ? d->online : s->vcpus;
	struct xt_net_sample *nets = NULL;
	struct xt_vbd_sample *vbds = NULL;
	struct xt_vcpu_sample *vcpus = NULL;
	if (devs) {
		s->net_first = devs->nnet;
		s->vbd_first = devs->nvbd;
		s->vcpu_first = devs->nvcpu;
		nets = xt_devices_add_net(devs, s->nets);
		vbds = xt_devices_add_vbd(devs, s->vbds);
		vcpus = xt_devices_add_vcpu(devs, s->vcpus);
		if (!nets || !vbds || !vcpus)
			return -1;
	}
	for (unsigned j = 0; j < s->nets; j++) {
		/* About one packet per KiB; no errors or drops. */
		struct xt_net_sample n = { .id = j, .rx_bytes = share(rx, s->nets, j), .tx_bytes = share(tx, s->nets, j) };
		n.rx_packets = (n.rx_bytes + 1023) / 1024;
		n.tx_packets = (n.tx_bytes + 1023) / 1024;
		s->net_rx_bytes += n.rx_bytes;
		s->net_tx_bytes += n.tx_bytes;
		if (nets)
			nets[j] = n;
	}
	s->vbd_stats_ok = s->vbds == 0;
	for (unsigned j = 0; j < s->vbds; j++) {
		/* xvda, xvdb, ...: major 202, 16 minors per disk. */
		struct xt_vbd_sample v = { .dev = 202u << 8 | (j % 16) << 4, .kind = XT_VBD_BLKBACK,
					   .error = j >= s->vbds - errors, .oo = share(d->oo0, s->vbds, j),
					   .rd_sect = share(rd, s->vbds, j), .wr_sect = share(wr, s->vbds, j) };
		v.rd = v.rd_sect / 8;   /* 4 KiB requests */
		v.wr = v.wr_sect / 8;
		if (!v.error) {
			s->vbd_stats_ok = true;
			s->vbd_oo += v.oo;
			s->vbd_rd += v.rd;
			s->vbd_wr += v.wr;
			s->vbd_rd_sect += v.rd_sect;
			s->vbd_wr_sect += v.wr_sect;
		}
		if (vbds)
			vbds[j] = v;
	}
	for (unsigned j = 0; vcpus && j < s->vcpus; j++)
		vcpus[j] = (struct xt_vcpu_sample){ j < online, j < online ? share(s->cpu_ns, online, j) : 0 };
	return 0;
}

static int fake_sample(struct xt_backend *be, struct xt_sample *out, char *err, size_t errlen)
{
	struct fake *f = be->priv;
	uint32_t index = f->index++;
	if (f->noise)
		fprintf(stderr, "fake-libxenstat: warning %u from the library\n", index);
	uint64_t now = xt_monotonic_ns();
	size_t count = 0;
	if (!xt_sample_reserve(out, f->n ? f->n : 1)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	uint64_t dynamic_mib = 0;
	xt_devices_clear(&out->devices);
	for (size_t i = 0; i < f->n; i++) {
		struct fake_domain *d = &f->doms[i];
		if (!present(f, d, index))
			continue;
		if (d->dynamic)
			dynamic_mib += d->mem_mib;
		if (!d->appeared_ns) {
			d->appeared_ns = now;
			if (!d->start_time)   /* a restored domain keeps its own */
				d->start_time = time(NULL);
		}
		struct xt_domain_sample *s = &out->domains[count++];
		memset(s, 0, sizeof *s);
		s->id = d->id;
		memcpy(s->name, d->name, sizeof s->name);
		memcpy(s->uuid, d->uuid, sizeof s->uuid);
		/* Paused domains burn nothing; an integer load keeps it exact. */
		s->cpu_ns = (uint64_t)(d->cpu_time * 1e9) + (uint64_t)(d->load * (double)(now - d->appeared_ns));
		s->vcpus = d->vcpus;
		s->vcpus_online = d->online_set && d->online < d->vcpus ? d->online : d->vcpus;
		s->weight = s->cap = -1;
		if (out->want_control) {
			s->weight = d->weight;
			s->cap = d->cap;
			s->target_bytes = d->mem_mib * MIB;
		}
		s->mem_bytes = d->mem_mib * MIB;
		s->maxmem_bytes = d->maxmem_mib == 0 ? XT_MEM_UNLIMITED : d->maxmem_mib * MIB;
		s->static_max_bytes = d->maxmem_mib * MIB;
		s->state = d->state;
		s->pv = d->pv;
		s->type = d->type ? d->type : d->pv || d->id == 0 ? XT_GUEST_PV : XT_GUEST_PVH;
		if (fill_devices(d, s, (double)(now - d->appeared_ns) / 1e9, out->want_devices ? &out->devices : NULL) < 0) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		s->start_time = d->start_time;
		if (d->state & XT_SHUTDOWN)
			d->until = index + 1;   /* gone from the next sample */
	}
	out->ndomains = count;
	out->mono_ns = now;
	out->wall_time = time(NULL);
	snprintf(out->xen_version, sizeof out->xen_version, "%s", f->version);
	out->guest_types = f->guest_types;
	out->ncpus = f->ncpus;
	out->cpu_hz = 2000000000ull;
	out->total_mem_bytes = f->total_mib * MIB;
	uint64_t free_mib = f->free_mib > dynamic_mib ? f->free_mib - dynamic_mib : 0;
	out->free_mem_bytes = free_mib * MIB;
	uint64_t models = 0;   /* MiB the HVM guests' device models take in Domain-0 */
	for (size_t i = 0; i < f->n; i++)
		if (present(f, &f->doms[i], f->index) && f->doms[i].type == XT_GUEST_HVM)
			models += XT_HVM_DEVICE_MODEL_MIB;
	out->dom0_avail_bytes = f->dom0_free_mib > models ? (f->dom0_free_mib - models) * MIB : 0;
	out->host_uptime_s = 3600.0 + (double)index;
	return 0;
}

/* ---- control: what xl would do, done to the scenario ---- */

/* Alive for control: in the next sample (what xl sees now). */
static bool alive(const struct fake *f, const struct fake_domain *d)
{
	return present(f, d, f->index);
}

static struct fake_domain *find_live(struct fake *f, uint32_t id)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->doms[i].id == id && alive(f, &f->doms[i]))
			return &f->doms[i];
	return NULL;
}

static struct fake_domain *find_live_name(struct fake *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->doms[i].name, name) == 0 && alive(f, &f->doms[i]))
			return &f->doms[i];
	return NULL;
}

/* The live domain `id`, or NULL with xl's sentence in err. */
static struct fake_domain *live_or_fail(struct fake *f, uint32_t id, char *err, size_t errlen)
{
	struct fake_domain *d = find_live(f, id);
	if (!d)
		snprintf(err, errlen, "domain %u does not exist", id);
	return d;
}

/* True (with the failure in err) when the scenario says this action on
 * this domain fails. */
static bool scripted_failure(const struct fake *f, const char *action, const char *name, char *err,
			     size_t errlen)
{
	for (size_t i = 0; i < f->nfailures; i++)
		if (strcmp(f->failures[i].action, action) == 0 && strcmp(f->failures[i].name, name) == 0) {
			snprintf(err, errlen, "libxl: error: cannot %s domain %s: scripted failure", action, name);
			return true;
		}
	return false;
}

static uint64_t fake_free_mib(const struct fake *f)
{
	uint64_t dynamic = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->doms[i].dynamic && alive(f, &f->doms[i]))
			dynamic += f->doms[i].mem_mib;
	return f->free_mib > dynamic ? f->free_mib - dynamic : 0;
}

static uint32_t next_id(const struct fake *f)
{
	/* Xen hands out ids upwards and does not reuse them soon. */
	uint32_t id = 1;
	for (size_t i = 0; i < f->n; i++)
		if (f->doms[i].id >= id)
			id = f->doms[i].id + 1;
	return id;
}

/* A new domain that exists from the next sample on. */
static struct fake_domain *appear(struct fake *f, const char *name, uint64_t mem_mib, unsigned vcpus)
{
	uint32_t id = next_id(f);
	struct fake_domain *d = fake_add_domain(f);
	if (!d)
		return NULL;
	d->id = id;
	snprintf(d->name, sizeof d->name, "%s", name);
	d->mem_mib = d->maxmem_mib = mem_mib;
	d->vcpus = vcpus;
	d->load = 0.05;
	d->from = f->index;
	d->dynamic = true;
	return d;
}

/* Gone from the next sample on. */
static void disappear(struct fake *f, struct fake_domain *d)
{
	d->until = f->index;
}

static int fake_create(struct xt_backend *be, const struct xt_create_spec *spec, char **tool_output, char *err,
		       size_t errlen)
{
	struct fake *f = be->priv;
	unsigned mem = spec->memory_mib ? spec->memory_mib : 256, vcpus = spec->vcpus ? spec->vcpus : 1;
	char said[XT_NAME_MAX + 128] = "";
	if (tool_output)
		*tool_output = NULL;
	if (find_live_name(f, spec->name))
		snprintf(said, sizeof said, "libxl: error: domain with name \"%s\" already exists.", spec->name);
	else if (mem > fake_free_mib(f))
		snprintf(said, sizeof said, "libxl: error: cannot create domain %s: not enough free memory", spec->name);
	else if (!scripted_failure(f, "create", spec->name, said, sizeof said)) {
		struct fake_domain *d = appear(f, spec->name, mem, vcpus);
		if (!d)
			snprintf(said, sizeof said, "out of memory");
		else {
			if (spec->maxmem_mib > mem)
				d->maxmem_mib = spec->maxmem_mib;
			d->type = spec->type;
			d->pv = spec->type == XT_GUEST_PV;
		}
	}
	if (said[0]) {
		snprintf(err, errlen, "xl create %s failed: %s", spec->name, said);
		if (tool_output)
			*tool_output = strdup(said);
		return -1;
	}
	char line[XT_NAME_MAX + 64 + XT_CREATE_EXTRA * 1100];
	int used = snprintf(line, sizeof line, "%s memory=%u vcpus=%u%s", spec->name, mem, vcpus,
			    spec->console ? " console" : "");
	for (size_t i = 0; i < XT_CREATE_EXTRA && used > 0 && (size_t)used < sizeof line; i++)
		if (spec->extra[i])
			used += snprintf(line + used, sizeof line - (size_t)used, " %s", spec->extra[i]);
	record(f, "create", line);
	if (spec->console) {
		printf("fake console for %s; press Enter to leave\n", spec->name);
		fflush(stdout);
		int c;
		while ((c = getchar()) != EOF && c != '\n' && c != '\r')
			;
	}
	return 0;
}

static int fake_pause(struct xt_backend *be, uint32_t id, bool pause, char *err, size_t errlen)
{
	struct fake_domain *d = live_or_fail(be->priv, id, err, errlen);
	if (!d || scripted_failure(be->priv, pause ? "pause" : "unpause", d->name, err, errlen))
		return -1;
	d->state = pause ? XT_PAUSED : XT_RUNNING;
	if (pause)
		d->load = 0;
	record(be->priv, pause ? "pause" : "unpause", d->name);
	return 0;
}

static int fake_shutdown(struct xt_backend *be, uint32_t id, char *err, size_t errlen)
{
	struct fake_domain *d = live_or_fail(be->priv, id, err, errlen);
	if (!d || scripted_failure(be->priv, "shutdown", d->name, err, errlen))
		return -1;
	d->state = XT_SHUTDOWN;
	record(be->priv, "shutdown", d->name);
	return 0;
}

static int fake_destroy(struct xt_backend *be, uint32_t id, char *err, size_t errlen)
{
	struct fake *f = be->priv;
	struct fake_domain *d = live_or_fail(f, id, err, errlen);
	if (!d || scripted_failure(f, "destroy", d->name, err, errlen))
		return -1;
	disappear(f, d);
	record(f, "destroy", d->name);
	return 0;
}

/* Stands in for `xl console`: a line on the terminal, Enter leaves. */
static int fake_console(struct xt_backend *be, uint32_t id, char *err, size_t errlen)
{
	struct fake_domain *d = live_or_fail(be->priv, id, err, errlen);
	if (!d || scripted_failure(be->priv, "console", d->name, err, errlen))
		return -1;
	record(be->priv, "console", d->name);
	printf("fake console for %s; press Enter to leave\n", d->name);
	fflush(stdout);
	int c;
	while ((c = getchar()) != EOF && c != '\n' && c != '\r')
		;
	return 0;
}

static int fake_set_sched(struct xt_backend *be, uint32_t id, int weight, int cap, char *err, size_t errlen)
{
	struct fake_domain *d = live_or_fail(be->priv, id, err, errlen);
	if (!d || scripted_failure(be->priv, "sched", d->name, err, errlen))
		return -1;
	/* Xen's own limits, as xl sched-credit2 reports them. */
	if (weight != XT_SCHED_KEEP && (weight < XT_WEIGHT_MIN || weight > XT_WEIGHT_MAX)) {
		snprintf(err, errlen, "xl sched-credit2 %u failed: weight %d out of range", id, weight);
		return -1;
	}
	if (cap != XT_SCHED_KEEP && (cap < 0 || cap > 100 * (int)d->vcpus)) {
		snprintf(err, errlen, "xl sched-credit2 %u failed: cap %d out of range", id, cap);
		return -1;
	}
	if (weight != XT_SCHED_KEEP)
		d->weight = weight;
	if (cap != XT_SCHED_KEEP)
		d->cap = cap;
	char line[XT_NAME_MAX + 48];
	snprintf(line, sizeof line, "%s weight=%d cap=%d", d->name, d->weight, d->cap);
	record(be->priv, "sched", line);
	return 0;
}

static int fake_set_memory(struct xt_backend *be, uint32_t id, unsigned mib, char *err, size_t errlen)
{
	struct fake *f = be->priv;
	struct fake_domain *d = live_or_fail(f, id, err, errlen);
	if (!d || scripted_failure(f, "mem-set", d->name, err, errlen))
		return -1;
	if (d->maxmem_mib && mib > d->maxmem_mib) {
		snprintf(err, errlen, "xl mem-set %u failed: memory_dynamic_max must be less than or equal to memory_static_max", id);
		return -1;
	}
	if (!d->dynamic) {
		/* Scenario domains are outside the dynamic sum: move free by hand. */
		if (mib > d->mem_mib && mib - d->mem_mib > f->free_mib) {
			snprintf(err, errlen, "xl mem-set %u failed: not enough free memory", id);
			return -1;
		}
		f->free_mib = f->free_mib + d->mem_mib - mib;
	} else if (mib > d->mem_mib && mib - d->mem_mib > fake_free_mib(f)) {
		snprintf(err, errlen, "xl mem-set %u failed: not enough free memory", id);
		return -1;
	}
	d->mem_mib = mib;
	char line[XT_NAME_MAX + 32];
	snprintf(line, sizeof line, "%s %u", d->name, mib);
	record(f, "mem-set", line);
	return 0;
}

static int fake_set_vcpus(struct xt_backend *be, uint32_t id, unsigned n, char *err, size_t errlen)
{
	struct fake_domain *d = live_or_fail(be->priv, id, err, errlen);
	if (!d || scripted_failure(be->priv, "vcpu-set", d->name, err, errlen))
		return -1;
	if (n == 0 || n > d->vcpus) {
		snprintf(err, errlen, "xl vcpu-set %u failed: requested %u vCPUs, the domain has %u at most", id, n,
			 d->vcpus);
		return -1;
	}
	d->online = n;
	d->online_set = true;
	char line[XT_NAME_MAX + 32];
	snprintf(line, sizeof line, "%s %u", d->name, n);
	record(be->priv, "vcpu-set", line);
	return 0;
}

/* The fake's save file: enough to bring the same domain back. */
#define FAKE_SAVE_MAGIC "xtop-fake-save 1"
#define FAKE_PATH_MAX 4096

static int fake_save(struct xt_backend *be, uint32_t id, const char *path, char *err, size_t errlen)
{
	struct fake *f = be->priv;
	struct fake_domain *d = live_or_fail(f, id, err, errlen);
	if (!d || scripted_failure(f, "save", d->name, err, errlen))
		return -1;
	/* Written aside and renamed, so a failure leaves no partial file. */
	char tmp[FAKE_PATH_MAX];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.part", path) >= sizeof tmp) {
		snprintf(err, errlen, "xl save %u failed: the path is too long", id);
		return -1;
	}
	FILE *out = fopen(tmp, "w");
	double cpu_s = d->cpu_time + d->load * (double)(xt_monotonic_ns() - d->appeared_ns) / 1e9;
	if (!out || fprintf(out, FAKE_SAVE_MAGIC "\n%s %" PRIu64 " %" PRIu64 " %u %.3f %" PRId64 "\n", d->name,
			    d->mem_mib, d->maxmem_mib, d->vcpus, cpu_s, d->start_time) < 0 ||
	    fclose(out) != 0 || rename(tmp, path) != 0) {
		snprintf(err, errlen, "xl save %u failed: cannot write %s: %s", id, path, strerror(errno));
		remove(tmp);
		return -1;
	}
	disappear(f, d);
	char line[XT_NAME_MAX + FAKE_PATH_MAX];
	snprintf(line, sizeof line, "%s %s", d->name, path);
	record(f, "save", line);
	return 0;
}

static int fake_restore(struct xt_backend *be, const char *path, char *err, size_t errlen)
{
	struct fake *f = be->priv;
	FILE *in = fopen(path, "r");
	char magic[32] = "", name[XT_NAME_MAX];
	uint64_t mem, maxmem;
	unsigned vcpus;
	double cpu_s;
	int64_t start;
	if (!in) {
		snprintf(err, errlen, "xl restore %s failed: %s", path, strerror(errno));
		return -1;
	}
	int ok = fgets(magic, sizeof magic, in) && strcmp(magic, FAKE_SAVE_MAGIC "\n") == 0 &&
		 fscanf(in, "%127s %" SCNu64 " %" SCNu64 " %u %lf %" SCNd64, name, &mem, &maxmem, &vcpus, &cpu_s,
			&start) == 6;
	fclose(in);
	if (!ok) {
		snprintf(err, errlen, "xl restore %s failed: not a saved domain", path);
		return -1;
	}
	if (scripted_failure(f, "restore", name, err, errlen))
		return -1;
	if (find_live_name(f, name)) {
		snprintf(err, errlen, "xl restore %s failed: domain with name \"%s\" already exists", path, name);
		return -1;
	}
	if (mem > fake_free_mib(f)) {
		snprintf(err, errlen, "xl restore %s failed: not enough free memory for %s", path, name);
		return -1;
	}
	struct fake_domain *d = appear(f, name, mem, vcpus);
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	d->maxmem_mib = maxmem;
	d->cpu_time = cpu_s;      /* it runs on where it stopped */
	d->start_time = start;
	d->appeared_ns = 0;
	record(f, "restore", name);
	return 0;
}

/* Migration to localhost gives the same domain a new id (as xl does);
 * to another host, the domain leaves this one. */
static int fake_migrate(struct xt_backend *be, uint32_t id, const char *host, char *err, size_t errlen)
{
	struct fake *f = be->priv;
	struct fake_domain *d = live_or_fail(f, id, err, errlen);
	if (!d || scripted_failure(f, "migrate", d->name, err, errlen))
		return -1;
	if (d->pv) {   /* as Debian's Xen (no shadow paging) answers */
		snprintf(err, errlen, "xl migrate %u failed: xc: error: Failed to enable logdirty: 95,22,0", id);
		return -1;
	}
	char line[XT_NAME_MAX + 300];
	snprintf(line, sizeof line, "%s %s", d->name, host);
	if (strcmp(host, "localhost") == 0) {
		struct fake_domain copy = *d;
		disappear(f, d);
		struct fake_domain *moved = appear(f, copy.name, copy.mem_mib, copy.vcpus);
		if (!moved) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		/* Same domain (uuid, counters, start time), new id. */
		uint32_t new_id = moved->id, from = moved->from;
		*moved = copy;
		moved->id = new_id;
		moved->from = from;
		moved->until = NEVER;
	} else {
		/* As xl reports it, for the progress line. */
		if (be->progress) {
			be->progress(be->progress_ctx, 0.0, "migration target: Ready to receive domain.");
			be->progress(be->progress_ctx, 1.0, "migration sender: Target has acknowledged transfer.");
		}
		struct xt_pool_host *h = NULL;
		for (size_t i = 0; i < f->pool.nhosts; i++)
			if (strcmp(f->pool.hosts[i].name, host) == 0 && !f->pool.hosts[i].self)
				h = &f->pool.hosts[i];
		if (h && f->pool.ndomains < XT_POOL_DOMAINS) {
			struct xt_pool_domain *pd = &f->pool.domains[f->pool.ndomains++];
			snprintf(pd->host, sizeof pd->host, "%s", h->name);
			snprintf(pd->name, sizeof pd->name, "%s", d->name);
			pd->mem_mib = (unsigned)d->mem_mib;
			pd->vcpus = d->vcpus;
			if (h->free_mib >= 0)
				h->free_mib -= (long)d->mem_mib + 2;
		}
		disappear(f, d);
	}
	record(f, "migrate", line);
	return 0;
}

/* The record says a join happened and how long the secret was, never it. */
static int fake_pool_join(struct xt_backend *be, const char *secret, char *err, size_t errlen)
{
	struct fake *f = be->priv;
	if (scripted_failure(f, "pool-join", "-", err, errlen))
		return -1;
	char line[32];
	snprintf(line, sizeof line, "%zu", strlen(secret));
	record(f, "pool-join", line);
	if (!f->pool.nhosts) {
		f->pool.nhosts = 1;
		snprintf(f->pool.hosts[0].name, sizeof f->pool.hosts[0].name, "xenlive-0000");
		snprintf(f->pool.hosts[0].addr, sizeof f->pool.hosts[0].addr, "169.254.0.1");
		f->pool.hosts[0].free_mib = (long)f->free_mib;
		f->pool.hosts[0].self = f->pool.hosts[0].up = true;
	}
	return 0;
}

/* As xenlive-pool serve answers: this host's address on a LAN with no
 * DHCP server, so it gives addresses too.  "fail pool-serve -" gets a
 * refusal's sentence. */
static int fake_pool_serve(struct xt_backend *be, bool start, char *said, size_t len)
{
	struct fake *f = be->priv;
	if (!start) {
		record(f, "pool-serve", "stop");
		snprintf(said, len, f->pool.nserves ? "stopped serving Xen Live to the network" : "not serving");
		f->pool.nserves = 0;
		return 0;
	}
	if (scripted_failure(f, "pool-serve", "-", said, len)) {
		snprintf(said, len, "another network boot server answers on enp0s3 (10.0.2.4); two would race for the "
			 "same PCs");
		return -1;
	}
	record(f, "pool-serve", "start");
	if (!f->pool.nserves) {
		struct xt_pool_serve *sv = &f->pool.serves[f->pool.nserves++];
		const char *addr = "169.254.3.4";
		for (size_t i = 0; i < f->pool.nhosts; i++)
			if (f->pool.hosts[i].self)
				addr = f->pool.hosts[i].addr;
		snprintf(sv->nic, sizeof sv->nic, "enp0s3");
		snprintf(sv->addr, sizeof sv->addr, "%s", addr);
		sv->dhcp = true;
	}
	const struct xt_pool_serve *sv = &f->pool.serves[0];
	snprintf(said, len, "serving on %s (%s): %s", sv->nic, sv->addr,
		 sv->dhcp ? "full DHCP, no DHCP server on this segment" : "proxy DHCP beside this segment's DHCP server");
	return 0;
}

static int fake_pool(struct xt_backend *be, struct xt_pool *out, char *err, size_t errlen)
{
	struct fake *f = be->priv;
	(void)err;
	(void)errlen;
	*out = f->pool;
	return 0;
}

/* Folds what a domain used so far into its starting counters, so a rate
 * changed now applies from now on (not since it appeared). */
static void rebase(struct fake_domain *d)
{
	if (!d->appeared_ns)
		return;
	uint64_t now = xt_monotonic_ns();
	double secs = (double)(now - d->appeared_ns) / 1e9;
	d->cpu_time += d->load * secs;
	d->rx0 += (uint64_t)(d->net_rx * secs);
	d->tx0 += (uint64_t)(d->net_tx * secs);
	d->rd0 += (uint64_t)(d->blk_rd * secs / 512);
	d->wr0 += (uint64_t)(d->blk_wr * secs / 512);
	d->appeared_ns = now;
}

/* Workloads change what the scenario reports, as the real ones would show
 * in libxenstat: CPU load, network traffic. */
static int fake_workload(struct xt_backend *be, uint32_t id, enum xt_workload kind, const char *peer, char *err,
			 size_t errlen)
{
	struct fake *f = be->priv;
	static const char *const names[XT_LOAD_COUNT] = { "cpu", "memory", "http", "stop" };
	struct fake_domain *d = live_or_fail(f, id, err, errlen);
	if (!d || scripted_failure(f, "workload", d->name, err, errlen))
		return -1;
	if (kind == XT_LOAD_HTTP) {
		struct fake_domain *p = peer ? find_live_name(f, peer) : NULL;
		if (!p) {
			snprintf(err, errlen, "cannot find the address of %s; is it running and has it got its address?",
				 peer ? peer : "(none)");
			return -1;
		}
		rebase(d);
		rebase(p);
		d->net_rx += 500000;
		p->net_tx += 500000;
	} else if (kind == XT_LOAD_CPU) {
		rebase(d);
		d->load = (double)(d->online_set ? d->online : d->vcpus);
	} else if (kind == XT_LOAD_STOP) {
		rebase(d);
		d->load = 0.05;
		d->net_rx = 0;
	}
	char line[XT_NAME_MAX * 2 + 16];
	snprintf(line, sizeof line, "%s %s%s%s", d->name, names[kind], peer ? " " : "", peer ? peer : "");
	record(f, "workload", line);
	return 0;
}

static void fake_why_gone(struct xt_backend *be, const char *name, char *buf, size_t len)
{
	struct fake *f = be->priv;
	buf[0] = '\0';
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->doms[i].name, name) == 0 && f->doms[i].gone[0])
			snprintf(buf, len, "%s; its console output is kept in /var/log/xen/console/guest-%s.log",
				 strcmp(f->doms[i].gone, "crash") == 0 ? "crashed" : f->doms[i].gone, name);
}

/* Xen's MAC prefix 00:16:3e, then the domain id and the network number. */
static int fake_domain_info(struct xt_backend *be, uint32_t id, const char *name, struct xt_domain_info *out,
			    char *err, size_t errlen)
{
	struct fake *f = be->priv;
	(void)name;
	memset(out, 0, sizeof *out);
	struct fake_domain *d = live_or_fail(f, id, err, errlen);
	if (!d)
		return -1;
	struct xt_domain_sample s = { .vcpus = d->vcpus };
	fill_devices(d, &s, 0, NULL);
	for (unsigned j = 0; j < s.nets && j < XT_INFO_DEVICES; j++) {
		struct xt_net_info *n = &out->nets[out->nnets++];
		n->id = j;
		snprintf(n->mac, sizeof n->mac, "00:16:3e:%02x:%02x:%02x", (id >> 8) & 0xff, id & 0xff, j & 0xff);
		if (j == 0)
			snprintf(n->addr, sizeof n->addr, "%s", d->addr);
	}
	for (unsigned j = 0; j < s.vbds && j < XT_INFO_DEVICES; j++) {
		struct xt_disk_info *k = &out->disks[out->ndisks++];
		k->dev = 202u << 8 | (j % 16) << 4;
		if (j == 0)
			snprintf(k->target, sizeof k->target, "%s", d->disk);
	}
	return 0;
}

/* The scenario's console lines of that domain, the last `lines` of them. */
static int fake_console_tail(struct xt_backend *be, uint32_t id, const char *name, unsigned lines, char *buf,
			     size_t len, char *err, size_t errlen)
{
	struct fake *f = be->priv;
	(void)id;
	size_t nl = strlen(name), total = 0, used = 0;
	buf[0] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		size_t seen = 0;
		for (const char *p = f->console_text; p && *p;) {
			const char *end = strchr(p, '\n');
			size_t l = end ? (size_t)(end - p) : strlen(p);
			if (l > nl && strncmp(p, name, nl) == 0 && p[nl] == ' ') {
				if (pass == 1 && seen + lines >= total && used + l - nl < len) {
					used += (size_t)snprintf(buf + used, len - used, "%s%.*s", used ? "\n" : "",
								 (int)(l - nl - 1), p + nl + 1);
				}
				seen++;
			}
			p += l + (end ? 1 : 0);
		}
		total = seen;
	}
	if (!total) {
		snprintf(err, errlen, "console log not kept: no %s/guest-%s.log (xenconsoled runs without --log=guest)",
			 XT_CONSOLE_LOG_DIR, name);
		return -1;
	}
	return 0;
}

static void fake_close(struct xt_backend *be)
{
	struct fake *f = be->priv;
	if (f->record)
		fclose(f->record);
	free(f->doms);
	free(f->pool_text);
	free(f->console_text);
	free(f);
	free(be);
}

static const struct xt_backend_ops fake_ops = {
	.name = "fake",
	.sample = fake_sample,
	.create = fake_create,
	.pause = fake_pause,
	.shutdown = fake_shutdown,
	.destroy = fake_destroy,
	.console = fake_console,
	.set_sched = fake_set_sched,
	.set_memory = fake_set_memory,
	.set_vcpus = fake_set_vcpus,
	.save = fake_save,
	.restore = fake_restore,
	.migrate = fake_migrate,
	.pool = fake_pool,
	.pool_join = fake_pool_join,
	.pool_serve = fake_pool_serve,
	.workload = fake_workload,
	.why_gone = fake_why_gone,
	.domain_info = fake_domain_info,
	.console_tail = fake_console_tail,
	.close = fake_close,
};

struct xt_backend *xt_backend_fake_open(const struct xt_fake_options *opts, char *err, size_t errlen)
{
	struct xt_backend *be = calloc(1, sizeof *be);
	struct fake *f = calloc(1, sizeof *f);
	if (!be || !f) {
		free(be);
		free(f);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	be->ops = &fake_ops;
	be->priv = f;
	f->ncpus = 4;
	f->total_mib = 16384;
	f->free_mib = 12288;
	strcpy(f->version, "4.17-fake");
	f->guest_types = XT_GUEST_ALL;
	int rc;
	if (opts->script)
		rc = fake_load_script(f, opts->script, err, errlen);
	else
		rc = fake_synthesize(f, opts->ndomains ? opts->ndomains : 1, err, errlen);
	if (rc == 0 && opts->record) {
		f->record = fopen(opts->record, "a");
		if (!f->record) {
			snprintf(err, errlen, "cannot write the fake record file %s: %s", opts->record, strerror(errno));
			rc = -1;
		}
	}
	if (rc < 0) {
		fake_close(be);
		return NULL;
	}
	return be;
}
