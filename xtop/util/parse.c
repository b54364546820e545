#include "parse.h"

int xt_parse_positive(const char *s, unsigned long max, unsigned long *out)
{
	if (!s || !*s)
		return -1;
	unsigned long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		unsigned digit = (unsigned)(*p - '0');
		if (v > (max - digit) / 10)
			return -1;
		v = v * 10 + digit;
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}
