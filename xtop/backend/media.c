/* The boot media a user brought (backend.h, xt_list_media): the lister is
 * a program, and only backend/ runs programs. */
#define _POSIX_C_SOURCE 200809L
#include "backend.h"

#include <stdlib.h>

#include "../util/proc.h"

char *xt_list_media(const char *lister)
{
	char *argv[] = { (char *)lister, "list", NULL }, *output = NULL, err[256];
	if (xt_run_capture(argv, &output, err, sizeof err) < 0) {
		free(output);
		return NULL;
	}
	return output;
}
