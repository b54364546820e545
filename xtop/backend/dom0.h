/* What the xen backend reads from Domain-0's own kernel and from QEMU
 * rather than from Xen: the guests' network counters (/proc/net/dev),
 * blkback's disk counters (sysfs) and QEMU's disk counters (QMP).  No Xen
 * header here, so the unit tests run all of it on any Linux host, on files
 * and sockets of their own.
 *
 * The readers keep their files open and their buffers between refreshes:
 * a refresh costs a few reads, no opens (QMP aside: a connection per QEMU,
 * as QEMU serves one client at a time) and no allocation. */
#ifndef XTOP_DOM0_H
#define XTOP_DOM0_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "backend.h"

/* The first len - 1 bytes of an open /proc or sysfs file, NUL-terminated,
 * from one pread at 0 (such a file is made anew for a read from its
 * start): the byte count, or -1. */
ssize_t xt_pread_head(int fd, char *buf, size_t len);

/* MemAvailable of a /proc/meminfo text in bytes; 0 when absent. */
uint64_t xt_meminfo_available(const char *text);

/* ---- networks ---- */

#define XT_IFNAME 16            /* IFNAMSIZ */

/* The interface line of /proc/net/dev text at *pos (header lines, which
 * have no ':', are passed over): its name and counters, then *pos moves to
 * the next line.  False after the last. */
bool xt_netdev_next(const char **pos, char name[XT_IFNAME], struct xt_net_sample *counters);

/* True when an interface is a guest's network by its name, as libxenstat
 * reads it: vifDOMID.DEVID, also QEMU's tap of an HVM guest's emulated
 * card (vifDOMID.DEVID-emu), which xentop counts as one more network. */
bool xt_vif_name(const char *name, uint32_t *domid, unsigned *devid);

/* One guest network, counted as Domain-0's kernel counts its back-end:
 * RX is what the guest sent.  xentop shows these counters as they are,
 * and so does xtop. */
struct xt_vif {
	uint32_t domid;
	struct xt_net_sample net;       /* net.id: DEVID */
};

/* What each line of the file is, by position: a refresh whose interfaces
 * are those of the last one looks nothing up. */
struct xt_iface {
	char name[XT_IFNAME];
	bool vif;
	uint32_t domid;
	unsigned devid;
};

struct xt_vifs {
	const char *proc_net_dev;       /* "/proc/net/dev" (tests: a file) */
	const char *sys_class_net;      /* "/sys/class/net" (tests: a directory) */
	int fd;
	char *text;
	size_t text_cap;
	struct xt_iface *ifaces;
	size_t nifaces, ifaces_cap;
	struct xt_vif *vif;             /* the guests' networks, in the file's order */
	size_t n, cap;
};

void xt_vifs_init(struct xt_vifs *, const char *proc_net_dev, const char *sys_class_net);
/* Reads the file again into vif[0..n); 0, or -1 (unreadable, out of
 * memory) with n = 0. */
int xt_vifs_read(struct xt_vifs *);
void xt_vifs_free(struct xt_vifs *);

/* ---- disks that Domain-0's kernel serves (blkback) ---- */

/* True when a directory under /sys/bus/xen-backend/devices is a VBD, as
 * libxenstat reads it: vbd-DOMID-DEV (blkback) or tap-DOMID-DEV. */
bool xt_vbd_dir_name(const char *name, uint32_t *domid, unsigned *dev, enum xt_vbd_kind *kind);

#define XT_VBD_COUNTERS 5       /* oo_req, rd_req, wr_req, rd_sect, wr_sect */

/* One VBD: its directory's name, its counters' files kept open. */
struct xt_vbd_dir {
	char name[64];
	uint32_t domid;
	struct xt_vbd_sample vbd;
	int fd[XT_VBD_COUNTERS];        /* -1: to be opened */
};

struct xt_blkback {
	const char *root;               /* "/sys/bus/xen-backend/devices" */
	DIR *dir;
	struct xt_vbd_dir *dirs;        /* the VBDs, in the directory's order */
	size_t n, cap;
	struct xt_vbd_dir *last;        /* the last refresh's, while they are taken over */
	size_t nlast, last_cap;
};

void xt_blkback_init(struct xt_blkback *, const char *root);
/* Lists the directory again (a disk attached or detached since shows at
 * once) and reads every VBD's counters; a VBD whose counters cannot all
 * be read has vbd.error set.  0, or -1 (no directory, out of memory)
 * with n = 0. */
int xt_blkback_read(struct xt_blkback *);
void xt_blkback_free(struct xt_blkback *);

/* ---- disks that QEMU serves (qdisk): its QMP socket ---- */

/* A connection to a QMP socket, and a buffer kept between connections. */
struct xt_qmp {
	int fd;
	char *buf;
	size_t len, cap;
	size_t used;                    /* bytes of buf the last reply took */
};

#define XT_QMP_INIT { .fd = -1 }

/* Connects and leaves capabilities negotiation done: 0, or -1 when there
 * is no such socket or QEMU did not answer within timeout_ms. */
int xt_qmp_open(struct xt_qmp *, const char *path, int timeout_ms);
/* Runs a command without arguments; its reply line ({"return": ...} or
 * {"error": ...}), NUL-terminated and valid until the next call, or NULL
 * when none came within timeout_ms.  Events before the reply are passed
 * over. */
const char *xt_qmp_execute(struct xt_qmp *, const char *command, int timeout_ms);
void xt_qmp_close(struct xt_qmp *);
void xt_qmp_free(struct xt_qmp *);

/* One device of a query-blockstats reply. */
#define XT_QMP_DEVICE 128
struct xt_qmp_blockstat {
	bool named;                     /* it has a "device" string */
	char device[XT_QMP_DEVICE];
	uint64_t rd_bytes, wr_bytes, rd_operations, wr_operations;
};

/* The devices of a query-blockstats reply that have "stats", in its order:
 * fills out[0..max) and returns how many there are (more than max: call
 * again with room for them); 0 for a reply that is not well-formed. */
size_t xt_qmp_blockstats(const char *reply, struct xt_qmp_blockstat *out, size_t max);
/* The file in `device` (its "inserted" "file") by a query-block reply:
 * true with it in file, false when there is none or it does not fit. */
bool xt_qmp_block_file(const char *reply, const char *device, char *file, size_t len);

#endif
