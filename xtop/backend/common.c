#define _POSIX_C_SOURCE 200809L
#include "backend.h"

#include <stdlib.h>
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
