/* xtop's command line, parsed without side effects so it can be
 * unit-tested. */
#ifndef XTOP_CMD_OPTIONS_H
#define XTOP_CMD_OPTIONS_H

#include <stddef.h>

#include "../model/options.h"

/* 0 on success; -1 with one sentence in err (exit status 2). */
int xt_parse_options(int argc, char **argv, struct xt_options *opts, char *err, size_t errlen);
extern const char xt_usage[];

#endif
