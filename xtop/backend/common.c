#define _POSIX_C_SOURCE 200809L
#include "backend.h"
#include <stdio.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

uint64_t xt_monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void xt_sample_free(struct xt_sample *s)
{
	free(s->domains);
	s->domains = NULL;
	s->ndomains = s->cap = 0;
	xt_devices_free(&s->devices);
}

struct xt_domain_sample *xt_sample_reserve(struct xt_sample *s, size_t n)
{
	if (n > s->cap) {
		size_t cap = s->cap ? s->cap : 16;
		while (cap < n)
			cap *= 2;
		struct xt_domain_sample *grown = realloc(s->domains, cap * sizeof *grown);
		if (!grown)
			return NULL;
		s->domains = grown;
		s->cap = cap;
	}
	return s->domains;
}

/* Always leaves an array, so adding zero elements still has an address. */
bool xt_grow(void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap && *arr)
		return true;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	void *grown = realloc(*arr, n * size);
	if (!grown)
		return false;
	*arr = grown;
	*cap = n;
	return true;
}

#define DEVICES_ADD(kind, type)                                                                   \
	type *xt_devices_add_##kind(struct xt_devices *d, size_t n)                               \
	{                                                                                         \
		if (!xt_grow((void **)&d->kind, &d->kind##_cap, d->n##kind + n, sizeof *d->kind))  \
			return NULL;                                                              \
		type *first = d->kind + d->n##kind;                                               \
		if (n)                                                                            \
			memset(first, 0, n * sizeof *first);                                      \
		d->n##kind += n;                                                                  \
		return first;                                                                     \
	}
DEVICES_ADD(net, struct xt_net_sample)
DEVICES_ADD(vbd, struct xt_vbd_sample)
DEVICES_ADD(vcpu, struct xt_vcpu_sample)

void xt_devices_clear(struct xt_devices *d)
{
	d->nnet = d->nvbd = d->nvcpu = 0;
}

void xt_devices_free(struct xt_devices *d)
{
	free(d->net);
	free(d->vbd);
	free(d->vcpu);
	memset(d, 0, sizeof *d);
}

int xt_devices_copy(struct xt_devices *dst, const struct xt_devices *src)
{
	xt_devices_clear(dst);
	struct xt_net_sample *net = xt_devices_add_net(dst, src->nnet);
	struct xt_vbd_sample *vbd = xt_devices_add_vbd(dst, src->nvbd);
	struct xt_vcpu_sample *vcpu = xt_devices_add_vcpu(dst, src->nvcpu);
	if (!net || !vbd || !vcpu) {
		xt_devices_clear(dst);
		return -1;
	}
	if (src->nnet)
		memcpy(net, src->net, src->nnet * sizeof *net);
	if (src->nvbd)
		memcpy(vbd, src->vbd, src->nvbd * sizeof *vbd);
	if (src->nvcpu)
		memcpy(vcpu, src->vcpu, src->nvcpu * sizeof *vcpu);
	return 0;
}

size_t xt_pool_parse(const char *text, struct xt_pool *out)
{
	memset(out, 0, sizeof *out);
	while (text && *text) {
		size_t n = strcspn(text, "\n");
		char line[512], a[XT_HOST_MAX], b[XT_NAME_MAX], c[48], d[16];
		long free_mib;
		unsigned u1, u2;
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), text);
		text += n + (text[n] == '\n');
		if (sscanf(line, "host %63s %47s %ld %15s %u", a, c, &free_mib, d, &u1) == 5 &&
		    out->nhosts < XT_POOL_HOSTS) {
			struct xt_pool_host *h = &out->hosts[out->nhosts++];
			snprintf(h->name, sizeof h->name, "%s", a);
			snprintf(h->addr, sizeof h->addr, "%s", c);
			h->free_mib = free_mib;
			h->self = strcmp(d, "self") == 0;
			h->up = h->self || strcmp(d, "up") == 0;
		} else if (sscanf(line, "domain %63s %127s %u %u", a, b, &u1, &u2) == 4 &&
			   out->ndomains < XT_POOL_DOMAINS) {
			struct xt_pool_domain *dom = &out->domains[out->ndomains++];
			snprintf(dom->host, sizeof dom->host, "%s", a);
			snprintf(dom->name, sizeof dom->name, "%s", b);
			dom->mem_mib = u1;
			dom->vcpus = u2;
		} else if (sscanf(line, "serve %31s %47s %15s", b, c, d) == 3 && out->nserves < XT_POOL_SERVES &&
			   (strcmp(d, "dhcp") == 0 || strcmp(d, "proxy") == 0)) {
			struct xt_pool_serve *s = &out->serves[out->nserves++];
			snprintf(s->nic, sizeof s->nic, "%.31s", b);
			snprintf(s->addr, sizeof s->addr, "%s", c);
			s->dhcp = strcmp(d, "dhcp") == 0;
		}
	}
	return out->nhosts;
}

const struct xt_pool_host *xt_pool_find(const struct xt_pool *p, const char *name)
{
	for (size_t i = 0; i < p->nhosts; i++)
		if (strcmp(p->hosts[i].name, name) == 0)
			return &p->hosts[i];
	return NULL;
}

void xt_lease_find(const char *path, const char *mac, const char *host, char *addr, size_t len)
{
	char by_host[64] = "", line[512];
	addr[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		char expiry[32], lmac[64], ip[64], lhost[XT_NAME_MAX];
		if (sscanf(line, "%31s %63s %63s %127s", expiry, lmac, ip, lhost) != 4)
			continue;
		/* The later lease of a MAC wins: dnsmasq appends renewals. */
		if (mac && mac[0] && strcasecmp(lmac, mac) == 0)
			snprintf(addr, len, "%s", ip);
		else if (host && strcmp(lhost, host) == 0)
			snprintf(by_host, sizeof by_host, "%s", ip);
	}
	fclose(f);
	if (!addr[0])
		snprintf(addr, len, "%s", by_host);
}

int xt_file_tail(const char *path, unsigned lines, char *buf, size_t len)
{
	if (len == 0) {
		errno = EINVAL;
		return -1;
	}
	buf[0] = '\0';
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	/* Only the end is read: a guest's console log grows without bound. */
	struct stat st;
	long start = 0;
	if (fstat(fileno(f), &st) == 0 && st.st_size > (off_t)(len - 1))
		start = (long)(st.st_size - (off_t)(len - 1));
	if (start && fseek(f, start, SEEK_SET) != 0) {
		int saved = errno;
		fclose(f);
		errno = saved;
		return -1;
	}
	size_t n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	size_t from = 0;
	if (start) {
		/* Begun in the middle of a line: that line is dropped. */
		char *nl = memchr(buf, '\n', n);
		from = nl ? (size_t)(nl - buf) + 1 : n;
	}
	size_t end = n;
	if (end > from && buf[end - 1] == '\n')
		end--;
	/* Back from the end to the start of the last `lines` lines. */
	size_t at = end;
	unsigned seen = 0;
	while (at > from && lines) {
		if (buf[at - 1] == '\n' && ++seen == lines)
			break;
		at--;
	}
	if (!lines)
		at = end;
	memmove(buf, buf + at, end - at);
	buf[end - at] = '\0';
	return 0;
}
