/* A stand-in libxenstat served by xtop's fake backend, so Xen's own xentop
 * binary can print the very scenario xtop prints and the two outputs can
 * be compared byte for byte without Xen (tests/cli.sh, when
 * XTOP_REAL_XENTOP names a xentop).  Built as libxenstat.so.4.17 with the
 * library's symbol version; the scenario file comes from
 * XTOP_SHIM_SCENARIO.  Only what xentop calls is provided. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenstat.h>

#include "../backend/backend.h"

struct xenstat_handle {
	struct xt_backend *be;
};

struct xenstat_vcpu {
	struct xt_vcpu_sample v;
};

struct xenstat_network {
	struct xt_net_sample n;
};

struct xenstat_vbd {
	struct xt_vbd_sample b;
};

struct xenstat_domain {
	struct xt_domain_sample s;
	xenstat_vcpu *vcpus;
	xenstat_network *nets;
	xenstat_vbd *vbds;
};

struct xenstat_node {
	struct xt_sample sample;
	xenstat_domain *domains;
	xenstat_vcpu *vcpus;
	xenstat_network *nets;
	xenstat_vbd *vbds;
};

xenstat_handle *xenstat_init(void)
{
	const char *script = getenv("XTOP_SHIM_SCENARIO");
	struct xt_fake_options fo = { script, script ? 0 : 3, NULL };
	char err[256];
	xenstat_handle *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->be = xt_backend_fake_open(&fo, err, sizeof err);
	if (!h->be) {
		fprintf(stderr, "xenstat shim: %s\n", err);
		free(h);
		return NULL;
	}
	return h;
}

void xenstat_uninit(xenstat_handle *h)
{
	if (h) {
		xt_backend_close(h->be);
		free(h);
	}
}

void xenstat_free_node(xenstat_node *node)
{
	if (!node)
		return;
	xt_sample_free(&node->sample);
	free(node->domains);
	free(node->vcpus);
	free(node->nets);
	free(node->vbds);
	free(node);
}

xenstat_node *xenstat_get_node(xenstat_handle *h, unsigned int flags)
{
	(void)flags;
	char err[256];
	xenstat_node *node = calloc(1, sizeof *node);
	if (!node)
		return NULL;
	node->sample.want_devices = true;
	if (h->be->ops->sample(h->be, &node->sample, err, sizeof err) < 0) {
		fprintf(stderr, "xenstat shim: %s\n", err);
		xenstat_free_node(node);
		return NULL;
	}
	const struct xt_devices *d = &node->sample.devices;
	size_t n = node->sample.ndomains;
	node->domains = calloc(n ? n : 1, sizeof *node->domains);
	node->vcpus = calloc(d->nvcpu ? d->nvcpu : 1, sizeof *node->vcpus);
	node->nets = calloc(d->nnet ? d->nnet : 1, sizeof *node->nets);
	node->vbds = calloc(d->nvbd ? d->nvbd : 1, sizeof *node->vbds);
	if (!node->domains || !node->vcpus || !node->nets || !node->vbds) {
		xenstat_free_node(node);
		return NULL;
	}
	for (size_t i = 0; i < d->nvcpu; i++)
		node->vcpus[i].v = d->vcpu[i];
	for (size_t i = 0; i < d->nnet; i++)
		node->nets[i].n = d->net[i];
	for (size_t i = 0; i < d->nvbd; i++)
		node->vbds[i].b = d->vbd[i];
	for (size_t i = 0; i < n; i++) {
		xenstat_domain *dom = &node->domains[i];
		dom->s = node->sample.domains[i];
		dom->vcpus = node->vcpus + dom->s.vcpu_first;
		dom->nets = node->nets + dom->s.net_first;
		dom->vbds = node->vbds + dom->s.vbd_first;
	}
	return node;
}

xenstat_domain *xenstat_node_domain(xenstat_node *node, unsigned int domid)
{
	for (size_t i = 0; i < node->sample.ndomains; i++)
		if (node->domains[i].s.id == domid)
			return &node->domains[i];
	return NULL;
}

xenstat_domain *xenstat_node_domain_by_index(xenstat_node *node, unsigned index)
{
	return index < node->sample.ndomains ? &node->domains[index] : NULL;
}

const char *xenstat_node_xen_version(xenstat_node *node) { return node->sample.xen_version; }
unsigned long long xenstat_node_tot_mem(xenstat_node *node) { return node->sample.total_mem_bytes; }
unsigned long long xenstat_node_free_mem(xenstat_node *node) { return node->sample.free_mem_bytes; }
unsigned int xenstat_node_num_domains(xenstat_node *node) { return (unsigned)node->sample.ndomains; }
unsigned int xenstat_node_num_cpus(xenstat_node *node) { return node->sample.ncpus; }
unsigned long long xenstat_node_cpu_hz(xenstat_node *node) { return node->sample.cpu_hz; }

unsigned xenstat_domain_id(xenstat_domain *d) { return d->s.id; }
char *xenstat_domain_name(xenstat_domain *d) { return d->s.name; }
unsigned long long xenstat_domain_cpu_ns(xenstat_domain *d) { return d->s.cpu_ns; }
unsigned int xenstat_domain_num_vcpus(xenstat_domain *d) { return d->s.vcpus; }
unsigned long long xenstat_domain_cur_mem(xenstat_domain *d) { return d->s.mem_bytes; }
unsigned long long xenstat_domain_max_mem(xenstat_domain *d)
{
	return d->s.maxmem_bytes == XT_MEM_UNLIMITED ? (unsigned long long)-1 : d->s.maxmem_bytes;
}
unsigned int xenstat_domain_ssid(xenstat_domain *d) { return d->s.ssid; }
unsigned int xenstat_domain_dying(xenstat_domain *d) { return !!(d->s.state & XT_DYING); }
unsigned int xenstat_domain_crashed(xenstat_domain *d) { return !!(d->s.state & XT_CRASHED); }
unsigned int xenstat_domain_shutdown(xenstat_domain *d) { return !!(d->s.state & XT_SHUTDOWN); }
unsigned int xenstat_domain_paused(xenstat_domain *d) { return !!(d->s.state & XT_PAUSED); }
unsigned int xenstat_domain_blocked(xenstat_domain *d) { return !!(d->s.state & XT_BLOCKED); }
unsigned int xenstat_domain_running(xenstat_domain *d) { return !!(d->s.state & XT_RUNNING); }
unsigned int xenstat_domain_num_networks(xenstat_domain *d) { return d->s.nets; }
unsigned int xenstat_domain_num_vbds(xenstat_domain *d) { return d->s.vbds; }

xenstat_vcpu *xenstat_domain_vcpu(xenstat_domain *d, unsigned int vcpu)
{
	return vcpu < d->s.vcpus ? &d->vcpus[vcpu] : NULL;
}

xenstat_network *xenstat_domain_network(xenstat_domain *d, unsigned int network)
{
	return network < d->s.nets ? &d->nets[network] : NULL;
}

xenstat_vbd *xenstat_domain_vbd(xenstat_domain *d, unsigned int vbd)
{
	return vbd < d->s.vbds ? &d->vbds[vbd] : NULL;
}

unsigned int xenstat_vcpu_online(xenstat_vcpu *v) { return v->v.online; }
unsigned long long xenstat_vcpu_ns(xenstat_vcpu *v) { return v->v.ns; }

unsigned long long xenstat_network_rbytes(xenstat_network *n) { return n->n.rx_bytes; }
unsigned long long xenstat_network_rpackets(xenstat_network *n) { return n->n.rx_packets; }
unsigned long long xenstat_network_rerrs(xenstat_network *n) { return n->n.rx_errs; }
unsigned long long xenstat_network_rdrop(xenstat_network *n) { return n->n.rx_drop; }
unsigned long long xenstat_network_tbytes(xenstat_network *n) { return n->n.tx_bytes; }
unsigned long long xenstat_network_tpackets(xenstat_network *n) { return n->n.tx_packets; }
unsigned long long xenstat_network_terrs(xenstat_network *n) { return n->n.tx_errs; }
unsigned long long xenstat_network_tdrop(xenstat_network *n) { return n->n.tx_drop; }

/* libxenstat's numbering: 1 blkback, 2 blktap, 0 unidentified. */
unsigned int xenstat_vbd_type(xenstat_vbd *b)
{
	return b->b.kind == XT_VBD_BLKBACK ? 1 : b->b.kind == XT_VBD_BLKTAP ? 2 : 0;
}
unsigned int xenstat_vbd_dev(xenstat_vbd *b) { return b->b.dev; }
unsigned long long xenstat_vbd_oo_reqs(xenstat_vbd *b) { return b->b.oo; }
unsigned long long xenstat_vbd_rd_reqs(xenstat_vbd *b) { return b->b.rd; }
unsigned long long xenstat_vbd_wr_reqs(xenstat_vbd *b) { return b->b.wr; }
unsigned long long xenstat_vbd_rd_sects(xenstat_vbd *b) { return b->b.rd_sect; }
unsigned long long xenstat_vbd_wr_sects(xenstat_vbd *b) { return b->b.wr_sect; }
bool xenstat_vbd_error(xenstat_vbd *b) { return b->b.error; }
