/* libFuzzer target: the catalogue parser must never crash, overrun or
 * accept an entry without its required keys; an accepted entry, printed
 * as xenlive-spawn get prints it, must read back as the same entry. */
#include <stdint.h>
#include <stdio.h>
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
		char text[16384], value[XT_PATH_MAX];
		size_t len = 0;
		for (unsigned i = 0; xt_catalog_key(i); i++) {
			int set = xt_image_value(&img, xt_catalog_key(i), value, sizeof value);
			if (set != !!(img.set_keys & (1u << i)) || (set && !value[0]))
				abort();
			if (set)
				len += (size_t)snprintf(text + len, sizeof text - len, "%s = %s\n", xt_catalog_key(i), value);
		}
		struct xt_image again;
		if (xt_image_parse(text, len, "fuzz.conf", &again, err, sizeof err) < 0 || again.set_keys != img.set_keys ||
		    strcmp(again.display, img.display) || strcmp(again.config, img.config) ||
		    strcmp(again.kernel, img.kernel) || strcmp(again.ramdisk, img.ramdisk) ||
		    strcmp(again.image, img.image) || strcmp(again.name, img.name) || again.type != img.type ||
		    again.memory_mib != img.memory_mib || again.min_memory_mib != img.min_memory_mib ||
		    again.maxmem_mib != img.maxmem_mib || again.vcpus != img.vcpus || again.maxvcpus != img.maxvcpus)
			abort();
	} else if (!memchr(err, '\0', sizeof err) || !err[0]) {
		abort();
	}
	return 0;
}
