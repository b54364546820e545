/* libFuzzer target: the catalogue parser must never crash, overrun or
 * accept an entry without its required keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../model/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xt_image img;
	char err[256];
	if (xt_image_parse((const char *)data, size, "fuzz.conf", &img, err, sizeof err) == 0) {
		/* An HVM image has no kernel: its firmware boots the image. */
		if (!img.name[0] || !img.display[0] || !img.config[0] || (!img.kernel[0] && img.type != XT_GUEST_HVM) ||
		    !img.image[0] || img.memory_mib == 0 || img.vcpus == 0)
			abort();
		if (strlen(img.name) >= sizeof img.name)
			abort();
	} else if (!memchr(err, '\0', sizeof err) || !err[0]) {
		abort();
	}
	return 0;
}
