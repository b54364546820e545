/* XenStore through libxenstore: keys relative to dom0's own
 * /local/domain/0, as XENBUS_PATH is. */
#include "store.h"

#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

struct store {
	struct xs_handle *xs;
};

struct store *store_open(void)
{
	struct store *store = malloc(sizeof(*store));
	if (store == NULL)
		return NULL;
	store->xs = xs_open(0);
	if (store->xs == NULL) {
		free(store);
		return NULL;
	}
	return store;
}

void store_close(struct store *store)
{
	if (store == NULL)
		return;
	xs_close(store->xs);
	free(store);
}

char *store_read(struct store *store, const char *key)
{
	unsigned int len;
	return xs_read(store->xs, XBT_NULL, key, &len);
}

bool store_write(struct store *store, const char *key, const char *value)
{
	return xs_write(store->xs, XBT_NULL, key, value, (unsigned int)strlen(value));
}
