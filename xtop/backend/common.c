#define _POSIX_C_SOURCE 200809L
#include "backend.h"

#include <stdlib.h>
#include <string.h>
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

/* Makes room for `need` elements of `size` bytes in *arr; false on OOM.
 * Always leaves an array, so adding zero elements still has an address. */
static bool grow(void **arr, size_t *cap, size_t need, size_t size)
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
		if (!grow((void **)&d->kind, &d->kind##_cap, d->n##kind + n, sizeof *d->kind))     \
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
