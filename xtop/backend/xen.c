/* The real backend: libxenstat for statistics, xenctrl for the domain UUID
 * (libxenstat has none), xenstore for the start time, and `xl` for
 * every action (backend/xl.c) so devices come and go exactly as xl does it. */
#define _GNU_SOURCE
#include "backend.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenstat.h>
#include <xenstore.h>

#include "xl.h"
#include "../util/proc.h"

struct start_cache_entry {
	uint32_t id;
	uint8_t uuid[16];
	int64_t start_time;
	enum xt_guest_type type;        /* 0 until read */
};

struct xen {
	xenstat_handle *stat;
	xc_interface *xc;
	struct xs_handle *xs;
	xc_domaininfo_t *info;
	unsigned info_cap;
	struct start_cache_entry *starts;
	size_t nstarts;
	unsigned guest_types;   /* from Xen's physinfo, read once */
	char xen_version[32];   /* read once: it cannot change while Xen runs */
};

/* Network and block totals, summed the way xentop sums them: a VBD that
 * reports an error is left out, and only all of them failing shows "-". */
static void collect_totals(xenstat_domain *dom, struct xt_domain_sample *s)
{
	for (unsigned j = 0; j < s->nets; j++) {
		xenstat_network *net = xenstat_domain_network(dom, j);
		if (!net)
			continue;
		s->net_rx_bytes += xenstat_network_rbytes(net);
		s->net_tx_bytes += xenstat_network_tbytes(net);
	}
	s->vbd_stats_ok = s->vbds == 0;
	for (unsigned j = 0; j < s->vbds; j++) {
		xenstat_vbd *vbd = xenstat_domain_vbd(dom, j);
		if (!vbd || xenstat_vbd_error(vbd))
			continue;
		s->vbd_stats_ok = true;
		s->vbd_oo += xenstat_vbd_oo_reqs(vbd);
		s->vbd_rd += xenstat_vbd_rd_reqs(vbd);
		s->vbd_wr += xenstat_vbd_wr_reqs(vbd);
		s->vbd_rd_sect += xenstat_vbd_rd_sects(vbd);
		s->vbd_wr_sect += xenstat_vbd_wr_sects(vbd);
	}
}

/* /local/domain/ID/memory/KEY in KiB, 0 when absent. */
/* Domain-0's MemAvailable (this kernel's /proc/meminfo), 0 when unknown. */
static uint64_t dom0_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	if (!f)
		return 0;
	char line[128];
	unsigned long long kib = 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1)
			break;
	fclose(f);
	return (uint64_t)kib * 1024;
}

/* libxl's record of a domain's type (/libxl/ID/type: pv, pvh or hvm);
 * 0 when it has none (a domain not made by libxl). */
static enum xt_guest_type xs_guest_type(struct xen *x, uint32_t id)
{
	char path[64];
	unsigned int len;
	snprintf(path, sizeof path, "/libxl/%u/type", id);
	char *value = x->xs ? xs_read(x->xs, XBT_NULL, path, &len) : NULL;
	enum xt_guest_type t = !value ? 0 : strcmp(value, "hvm") == 0 ? XT_GUEST_HVM :
				 strcmp(value, "pvh") == 0 ? XT_GUEST_PVH : strcmp(value, "pv") == 0 ? XT_GUEST_PV : 0;
	free(value);
	return t;
}

static uint64_t xs_kib(struct xen *x, uint32_t id, const char *key)
{
	char path[80];
	unsigned int len;
	snprintf(path, sizeof path, "/local/domain/%u/memory/%s", id, key);
	char *value = x->xs ? xs_read(x->xs, XBT_NULL, path, &len) : NULL;
	uint64_t kib = value ? strtoull(value, NULL, 10) : 0;
	free(value);
	return kib;
}

/* What resource control set: credit2's weight and cap (one hypercall) and
 * the balloon target from xenstore (KiB). */
static void collect_control(struct xen *x, struct xt_domain_sample *s)
{
	struct xen_domctl_sched_credit2 sdom;
	if (xc_sched_credit2_domain_get(x->xc, s->id, &sdom) == 0) {
		s->weight = sdom.weight;
		s->cap = sdom.cap;
	}
	s->target_bytes = xs_kib(x, s->id, "target") * 1024;
}

/* One entry per network, VBD and vCPU, in libxenstat's order (xentop numbers
 * the lines by that position).  0, or -1 when out of memory. */
static int collect_devices(xenstat_domain *dom, struct xt_domain_sample *s, struct xt_devices *d)
{
	s->net_first = d->nnet;
	s->vbd_first = d->nvbd;
	s->vcpu_first = d->nvcpu;
	struct xt_net_sample *nets = xt_devices_add_net(d, s->nets);
	struct xt_vbd_sample *vbds = xt_devices_add_vbd(d, s->vbds);
	struct xt_vcpu_sample *vcpus = xt_devices_add_vcpu(d, s->vcpus);
	if (!nets || !vbds || !vcpus)
		return -1;
	for (unsigned j = 0; j < s->nets; j++) {
		xenstat_network *net = xenstat_domain_network(dom, j);
		if (!net)
			continue;
		nets[j] = (struct xt_net_sample){
			.id = xenstat_network_id(net), .rx_bytes = xenstat_network_rbytes(net), .rx_packets = xenstat_network_rpackets(net),
			.rx_errs = xenstat_network_rerrs(net), .rx_drop = xenstat_network_rdrop(net),
			.tx_bytes = xenstat_network_tbytes(net), .tx_packets = xenstat_network_tpackets(net),
			.tx_errs = xenstat_network_terrs(net), .tx_drop = xenstat_network_tdrop(net),
		};
	}
	for (unsigned j = 0; j < s->vbds; j++) {
		xenstat_vbd *vbd = xenstat_domain_vbd(dom, j);
		if (!vbd) {
			vbds[j].error = true;
			continue;
		}
		/* libxenstat's back-end types: 1 blkback, 2 blktap, else unknown. */
		unsigned type = xenstat_vbd_type(vbd);
		vbds[j] = (struct xt_vbd_sample){
			.dev = xenstat_vbd_dev(vbd),
			.kind = type == 1 ? XT_VBD_BLKBACK : type == 2 ? XT_VBD_BLKTAP : XT_VBD_UNIDENTIFIED,
			.error = xenstat_vbd_error(vbd),
			.oo = xenstat_vbd_oo_reqs(vbd), .rd = xenstat_vbd_rd_reqs(vbd), .wr = xenstat_vbd_wr_reqs(vbd),
			.rd_sect = xenstat_vbd_rd_sects(vbd), .wr_sect = xenstat_vbd_wr_sects(vbd),
		};
	}
	for (unsigned j = 0; j < s->vcpus; j++) {
		xenstat_vcpu *vcpu = xenstat_domain_vcpu(dom, j);
		if (vcpu)
			vcpus[j] = (struct xt_vcpu_sample){ xenstat_vcpu_online(vcpu) > 0, xenstat_vcpu_ns(vcpu) };
	}
	return 0;
}

static int xen_sample(struct xt_backend *be, struct xt_sample *out, char *err, size_t errlen)
{
	struct xen *x = be->priv;
	/* Stamped before collecting: libxenstat reads the domains' CPU time
	 * first, then walks networks, disks and xenstore, which takes a varying
	 * while (~0.1 s under emulation).  A stamp taken after that would skew
	 * every CPU% by the difference between two collections. */
	out->mono_ns = xt_monotonic_ns();
	/* Only what is shown: per-vCPU data costs a hypercall per vCPU (the
	 * online count comes with the domain list below), Xen's version two. */
	unsigned flags = XENSTAT_NETWORK | XENSTAT_VBD;
	if (out->want_devices)
		flags |= XENSTAT_VCPU;
	if (!x->xen_version[0])
		flags |= XENSTAT_XEN_VERSION;
	xenstat_node *node = xenstat_get_node(x->stat, flags);
	if (!node) {
		snprintf(err, errlen, "libxenstat could not read the statistics (is xenstored running?)");
		return -1;
	}
	out->wall_time = time(NULL);
	unsigned n = xenstat_node_num_domains(node);
	if (!xt_sample_reserve(out, n ? n : 1)) {
		xenstat_free_node(node);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!x->xen_version[0]) {
		const char *ver = xenstat_node_xen_version(node);
		snprintf(x->xen_version, sizeof x->xen_version, "%s", ver && *ver ? ver : "?");
	}
	_Static_assert(sizeof out->xen_version == sizeof x->xen_version, "one size for Xen's version");
	memcpy(out->xen_version, x->xen_version, sizeof out->xen_version);
	out->guest_types = x->guest_types;
	out->dom0_avail_bytes = dom0_available();
	out->ncpus = xenstat_node_num_cpus(node);
	out->cpu_hz = xenstat_node_cpu_hz(node);
	out->total_mem_bytes = xenstat_node_tot_mem(node);
	out->free_mem_bytes = xenstat_node_free_mem(node);
	FILE *up = fopen("/proc/uptime", "r");
	out->host_uptime_s = 0;
	if (up) {
		if (fscanf(up, "%lf", &out->host_uptime_s) != 1)
			out->host_uptime_s = 0;
		fclose(up);
	}

	/* UUIDs: one hypercall for all domains. */
	if (x->info_cap < n + 16) {
		xc_domaininfo_t *grown = realloc(x->info, (n + 64) * sizeof *grown);
		if (grown) {
			x->info = grown;
			x->info_cap = n + 64;
		}
	}
	int ninfo = x->info ? xc_domain_getinfolist(x->xc, 0, x->info_cap, x->info) : -1;

	xt_devices_clear(&out->devices);
	size_t count = 0;
	for (unsigned i = 0; i < n; i++) {
		xenstat_domain *dom = xenstat_node_domain_by_index(node, i);
		if (!dom)
			continue;
		struct xt_domain_sample *s = &out->domains[count++];
		memset(s, 0, sizeof *s);
		s->id = xenstat_domain_id(dom);
		const char *name = xenstat_domain_name(dom);
		snprintf(s->name, sizeof s->name, "%s", name ? name : "?");
		s->cpu_ns = xenstat_domain_cpu_ns(dom);
		s->vcpus = xenstat_domain_num_vcpus(dom);
		s->mem_bytes = xenstat_domain_cur_mem(dom);
		unsigned long long maxmem = xenstat_domain_max_mem(dom);
		s->maxmem_bytes = maxmem == (unsigned long long)-1 ? XT_MEM_UNLIMITED : maxmem;
		s->ssid = xenstat_domain_ssid(dom);
		s->state = (xenstat_domain_dying(dom) ? XT_DYING : 0) |
			   (xenstat_domain_shutdown(dom) ? XT_SHUTDOWN : 0) |
			   (xenstat_domain_blocked(dom) ? XT_BLOCKED : 0) |
			   (xenstat_domain_crashed(dom) ? XT_CRASHED : 0) |
			   (xenstat_domain_paused(dom) ? XT_PAUSED : 0) |
			   (xenstat_domain_running(dom) ? XT_RUNNING : 0);
		s->vcpus_online = 0;
		s->weight = s->cap = -1;
		/* A xenstore read per domain: only for the memory dialogs. */
		if (out->want_control) {
			s->static_max_bytes = xs_kib(x, s->id, "static-max") * 1024;
			collect_control(x, s);
		}
		s->nets = xenstat_domain_num_networks(dom);
		s->vbds = xenstat_domain_num_vbds(dom);
		collect_totals(dom, s);
		if (out->want_devices && collect_devices(dom, s, &out->devices) < 0) {
			xenstat_free_node(node);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		for (int j = 0; j < ninfo; j++) {
			if (x->info[j].domain == s->id) {
				memcpy(s->uuid, x->info[j].handle, sizeof s->uuid);
				s->vcpus_online = x->info[j].nr_online_vcpus;
				s->pv = s->id != 0 && !(x->info[j].flags & XEN_DOMINF_hvm_guest);
				break;
			}
		}
	}
	out->ndomains = count;
	xenstat_free_node(node);

	/* Start times from xenstore, read once per (id, uuid). */
	struct start_cache_entry *fresh = calloc(count ? count : 1, sizeof *fresh);
	for (size_t i = 0; fresh && i < count; i++) {
		struct xt_domain_sample *s = &out->domains[i];
		fresh[i].id = s->id;
		memcpy(fresh[i].uuid, s->uuid, 16);
		fresh[i].start_time = -1;
		for (size_t j = 0; j < x->nstarts; j++) {
			/* A start time not yet written (libxl writes it just after
			 * the domain appears) is asked for again next time. */
			if (x->starts[j].id == s->id && !memcmp(x->starts[j].uuid, s->uuid, 16) &&
			    x->starts[j].start_time > 0) {
				fresh[i].start_time = x->starts[j].start_time;
				fresh[i].type = x->starts[j].type;
				break;
			}
		}
		if (fresh[i].start_time < 0 && s->id == 0) {
			/* Domain-0 has no /vm entry; it started with this kernel. */
			fresh[i].start_time = out->host_uptime_s > 0 ? (int64_t)(out->wall_time - (time_t)out->host_uptime_s) : 0;
		} else if (fresh[i].start_time < 0) {
			fresh[i].start_time = 0;
			char path[64];
			unsigned int len;
			snprintf(path, sizeof path, "/local/domain/%u/vm", s->id);
			char *vm = x->xs ? xs_read(x->xs, XBT_NULL, path, &len) : NULL;
			if (vm) {
				char key[256];
				snprintf(key, sizeof key, "%s/start_time", vm);
				char *st = xs_read(x->xs, XBT_NULL, key, &len);
				if (st) {
					fresh[i].start_time = (int64_t)strtoll(st, NULL, 10);
					free(st);
				}
				free(vm);
			}
		}
		s->start_time = fresh[i].start_time;
		/* PVH and HVM look alike to Xen (both "hvm_guest"); libxl keeps
		 * the type it created the domain as.  Domain-0 is PV here. */
		if (!fresh[i].type)
			fresh[i].type = s->id == 0 || s->pv ? XT_GUEST_PV : xs_guest_type(x, s->id);
		s->type = fresh[i].type;
	}
	if (fresh) {
		free(x->starts);
		x->starts = fresh;
		x->nstarts = count;
	}
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
		if (x->stat)
			xenstat_uninit(x->stat);
		if (x->xc)
			xc_interface_close(x->xc);
		if (x->xs)
			xs_close(x->xs);
		free(x->info);
		free(x->starts);
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
	x->xs = xs_open(XS_OPEN_READONLY);
	if (!x->xs) {
		snprintf(err, errlen, "cannot connect to xenstored (is it running? try 'systemctl start xenstored')");
		xen_close(be);
		return NULL;
	}
	x->stat = xenstat_init();
	if (!x->stat) {
		snprintf(err, errlen, "libxenstat could not be initialised (is the xen privcmd device available?)");
		xen_close(be);
		return NULL;
	}
	x->xc = xc_interface_open(NULL, NULL, 0);
	if (!x->xc) {
		snprintf(err, errlen, "cannot open the Xen control interface: %s", strerror(errno));
		xen_close(be);
		return NULL;
	}
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
