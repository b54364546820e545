/* A stand-in XenStore for the build checks: each key is a file in the
 * directory $XENLIVE_HOTPLUG_STORE, named by the key with '/' turned into
 * '_' (what the checks' own reads and writes use). */
#define _POSIX_C_SOURCE 200809L
#include "store.h"

#include <limits.h>
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store {
	const char *dir;
};

struct store *store_open(void)
{
	static struct store store;
	store.dir = getenv("XENLIVE_HOTPLUG_STORE");
	if (store.dir == NULL || store.dir[0] == '\0')
		return NULL; /* XENLIVE_HOTPLUG_STORE names the directory */
	return &store;
}

void store_close(struct store *store)
{
	(void)store;
}

static bool key_file(const struct store *store, const char *key, char *path, size_t size)
{
	int n = snprintf(path, size, "%s/%s", store->dir, key);
	if (n < 0 || (size_t)n >= size)
		return false;
	for (char *p = path + strlen(store->dir) + 1; *p != '\0'; p++)
		if (*p == '/')
			*p = '_';
	return true;
}

char *store_read(struct store *store, const char *key)
{
	char path[PATH_MAX];
	if (!key_file(store, key, path, sizeof(path)))
		return NULL;
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	char *value = NULL;
	size_t cap = 0;
	ssize_t n = getdelim(&value, &cap, '\0', f);
	fclose(f);
	if (n < 0) {
		free(value);
		return strdup("");
	}
	return value;
}

bool store_write(struct store *store, const char *key, const char *value)
{
	char path[PATH_MAX];
	if (!key_file(store, key, path, sizeof(path)))
		return false;
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return false;
	bool ok = fputs(value, f) >= 0;
	return fclose(f) == 0 && ok;
}
