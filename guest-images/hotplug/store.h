/* The XenStore keys a hotplug helper reads and writes, behind one small
 * contract: store-xen.c talks to XenStore (libxenstore), store-files.c keeps
 * each key in a file of a directory, so the build checks run the helper's
 * real code on a machine without Xen. */
#ifndef XENLIVE_HOTPLUG_STORE_H
#define XENLIVE_HOTPLUG_STORE_H

#include <stdbool.h>

struct store;

/* NULL when the store cannot be reached (the caller says so). */
struct store *store_open(void);
void store_close(struct store *store);
/* The value of KEY (malloc'd, caller frees), or NULL when it is missing. */
char *store_read(struct store *store, const char *key);
bool store_write(struct store *store, const char *key, const char *value);

#endif
