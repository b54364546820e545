/* Strict parsing of numbers typed by users (options, dialogs, files). */
#ifndef XTOP_PARSE_H
#define XTOP_PARSE_H

/* Strict decimal parse of a positive integer no larger than max:
 * no sign, no spaces, no suffix.  0 on success, -1 otherwise. */
int xt_parse_positive(const char *s, unsigned long max, unsigned long *out);

#endif
