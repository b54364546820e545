/* The data-source interface.  The UI and the statistics code see only these
 * plain structs; Xen headers stay inside backend/xen.c. */
#ifndef XTOP_BACKEND_H
#define XTOP_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XT_NAME_MAX 128

/* Guest types, as bits: what a catalogue image is, and what this host can
 * run.  PV needs nothing of the CPU; PVH and HVM need hardware
 * virtualization (VT-x/AMD-V) with nested paging, as Debian's Xen has no
 * shadow paging. */
enum xt_guest_type {
	XT_GUEST_PV = 1u << 0,
	XT_GUEST_PVH = 1u << 1,
	XT_GUEST_HVM = 1u << 2,
};
#define XT_GUEST_ALL (XT_GUEST_PV | XT_GUEST_PVH | XT_GUEST_HVM)
/* What an HVM guest's device model (QEMU) takes of Domain-0's memory, with
 * room to spare (make bench-guests hvm measures it). */
#define XT_HVM_DEVICE_MODEL_MIB 40
#define XT_MEM_UNLIMITED UINT64_MAX

enum xt_state_bit {
	XT_DYING = 1u << 0,
	XT_SHUTDOWN = 1u << 1,
	XT_BLOCKED = 1u << 2,
	XT_CRASHED = 1u << 3,
	XT_PAUSED = 1u << 4,
	XT_RUNNING = 1u << 5,
	XT_SAVED = 1u << 6,     /* not a domain: a saved image (model/control.c) */
};

/* Per-device detail for xentop -b's -n, -v and -x lines.  A backend fills
 * these only when the caller sets xt_sample.want_devices: the screen never
 * needs them, and most refreshes should not pay for them. */
struct xt_net_sample {
	uint64_t rx_bytes, rx_packets, rx_errs, rx_drop;
	uint64_t tx_bytes, tx_packets, tx_errs, tx_drop;
	unsigned id;            /* the vif's device number (vifDOMID.ID) */
};

enum xt_vbd_kind { XT_VBD_UNIDENTIFIED, XT_VBD_BLKBACK, XT_VBD_BLKTAP };

struct xt_vbd_sample {
	unsigned dev;           /* Linux device number (major << 8 | minor) */
	enum xt_vbd_kind kind;
	bool error;             /* the backend could not read this device */
	uint64_t oo, rd, wr, rd_sect, wr_sect;
};

struct xt_vcpu_sample {
	bool online;
	uint64_t ns;            /* cumulative CPU time of this vCPU */
};

/* Growable arrays that one sample's domains index into. */
struct xt_devices {
	struct xt_net_sample *net;
	size_t nnet, net_cap;
	struct xt_vbd_sample *vbd;
	size_t nvbd, vbd_cap;
	struct xt_vcpu_sample *vcpu;
	size_t nvcpu, vcpu_cap;
};

struct xt_domain_sample {
	uint32_t id;
	char name[XT_NAME_MAX];
	uint8_t uuid[16];       /* all zero when unknown */
	uint64_t cpu_ns;        /* cumulative CPU time over all vCPUs */
	unsigned vcpus;         /* the domain's vCPUs (its maximum) */
	unsigned vcpus_online;  /* of those, up now */
	uint64_t mem_bytes;
	uint64_t maxmem_bytes;  /* XT_MEM_UNLIMITED for "no limit" */
	/* What ballooning may reach (xl's maxmem, xenstore memory/static-max);
	 * Xen's own limit above (max_pages) follows the target for a PV guest.
	 * 0 when unknown. */
	uint64_t static_max_bytes;
	unsigned state;         /* enum xt_state_bit */
	bool pv;                /* a PV guest (not PVH/HVM): live migration needs shadow paging */
	enum xt_guest_type type;        /* PV, PVH or HVM; 0 when unknown */
	unsigned ssid;
	unsigned nets, vbds;
	uint64_t net_rx_bytes, net_tx_bytes;
	bool vbd_stats_ok;      /* false when every VBD reported an error */
	uint64_t vbd_oo, vbd_rd, vbd_wr, vbd_rd_sect, vbd_wr_sect;
	int64_t start_time;     /* seconds since the epoch; 0 when unknown */
	/* With want_control: credit2's weight and cap (-1 when unknown) and
	 * the balloon target (0 when unknown). */
	int weight, cap;
	uint64_t target_bytes;
	/* With want_devices: this domain's `nets` networks, `vbds` VBDs and
	 * `vcpus` vCPUs start at these indexes of the sample's devices. */
	size_t net_first, vbd_first, vcpu_first;
};

struct xt_sample {
	uint64_t mono_ns;       /* CLOCK_MONOTONIC when the sample was taken */
	int64_t wall_time;      /* time(NULL) at the same moment */
	char xen_version[32];
	unsigned ncpus;
	uint64_t cpu_hz;
	uint64_t total_mem_bytes, free_mem_bytes;
	double host_uptime_s;
	unsigned guest_types;   /* enum xt_guest_type bits this host can run */
	/* What Domain-0 itself has available (MemAvailable): each HVM guest's
	 * device model runs there.  0 when unknown. */
	uint64_t dom0_avail_bytes;
	size_t ndomains;
	struct xt_domain_sample *domains; /* owned by the sample */
	size_t cap;
	bool want_devices;      /* set by the caller: also fill `devices` */
	bool want_control;      /* set by the caller: also fill weight, cap, target */
	struct xt_devices devices;        /* owned by the sample */
};

/* What the domain page (ui/detail.c) shows beyond the samples, read only
 * while it is open: each network's MAC and address, and what each disk is
 * backed by.  Networks are matched to samples by id, disks by dev; ""
 * where not known. */
#define XT_INFO_DEVICES 16
struct xt_net_info {
	unsigned id;
	char mac[18];
	char addr[48];          /* as dom0's DHCP server leased it, or xenstore has it */
};
struct xt_disk_info {
	unsigned dev;
	char target[512];       /* a file or a device */
};
struct xt_domain_info {
	size_t nnets, ndisks;
	struct xt_net_info nets[XT_INFO_DEVICES];
	struct xt_disk_info disks[XT_INFO_DEVICES];
};

/* Where xenconsoled logs a guest's console (--log=guest). */
#define XT_CONSOLE_LOG_DIR "/var/log/xen/console"
/* The live CD's DHCP server's leases, and dnsmasq's usual place. */
#define XT_LEASES_FILE "/run/xenlive/dnsmasq.leases"
#define XT_LEASES_FALLBACK "/var/lib/misc/dnsmasq.leases"

struct xt_backend;

/* A new domain from an xl config file, with the launcher's overrides. */
#define XT_CREATE_EXTRA 2
struct xt_create_spec {
	const char *config;     /* xl config file */
	const char *name;       /* [A-Za-z0-9._-]+ (model/launch.c checks) */
	unsigned memory_mib;    /* 0 = the config's */
	unsigned vcpus;         /* 0 = the config's */
	unsigned maxmem_mib;    /* 0 = the config's */
	unsigned maxvcpus;      /* 0 = the config's */
	bool console;           /* stay on its console on the caller's terminal */
	/* Whole xl config lines added after the file's (a user's boot medium:
	 * `disk = [ ... ]`), NULL when unused; and the type the config makes
	 * (0: as the file says; the fake backend needs to be told). */
	const char *extra[XT_CREATE_EXTRA];
	enum xt_guest_type type;
};

/* Credit2 scheduler parameters (xl sched-credit2). */
#define XT_SCHED_KEEP (-1)      /* leave this parameter as it is */
#define XT_WEIGHT_MIN 1
#define XT_WEIGHT_MAX 65535
#define XT_CAP_NONE 0           /* cap 0: no cap */

/* Demo workloads run inside a guest (over ssh from dom0), to show Xen's
 * scheduling and isolation in xtop. */
enum xt_workload {
	XT_LOAD_CPU,            /* a CPU burner per vCPU */
	XT_LOAD_MEMORY,         /* hold half the guest's free memory in a process */
	XT_LOAD_HTTP,           /* fetch another guest's page over and over */
	XT_LOAD_STOP,           /* stop every workload, free the memory */
	XT_LOAD_COUNT
};

/* A pool of Xen Live hosts (xenlive-pool): this host and its peers, in the
 * format of `xenlive-pool list --batch`:
 *   host NAME ADDRESS FREE_MIB self|up|lost NDOMAINS
 *   domain HOST NAME MEM_MIB VCPUS STATE
 *   serve NIC ADDRESS proxy|dhcp
 * nhosts is 0 when this host is in no pool.  A serve line per network
 * card this host serves the CD on (xenlive-pool serve: the LAN's other PCs
 * boot from it); none when it is not serving. */
#define XT_POOL_HOSTS 16
#define XT_POOL_DOMAINS 256
#define XT_POOL_SERVES 8
#define XT_HOST_MAX 64
struct xt_pool_host {
	char name[XT_HOST_MAX];
	char addr[48];
	long free_mib;          /* -1 when unknown */
	bool self, up;          /* this host; heard from lately */
};
struct xt_pool_domain {
	char host[XT_HOST_MAX];
	char name[XT_NAME_MAX];
	unsigned mem_mib, vcpus;
};
struct xt_pool_serve {
	char nic[32];
	char addr[48];
	bool dhcp;              /* gives addresses too; else PXE answers beside the LAN's DHCP server */
};
struct xt_pool {
	size_t nhosts, ndomains, nserves;
	struct xt_pool_host hosts[XT_POOL_HOSTS];
	struct xt_pool_domain domains[XT_POOL_DOMAINS];
	struct xt_pool_serve serves[XT_POOL_SERVES];
};
/* Parses that text into *out (lines it does not know are skipped);
 * returns the number of hosts. */
size_t xt_pool_parse(const char *text, struct xt_pool *out);
/* The host of that name in the pool, or NULL. */
const struct xt_pool_host *xt_pool_find(const struct xt_pool *, const char *name);

/* The boot media on this PC's attached disks and sticks, as `LISTER list`
 * prints them (one path a line; livecd's xenlive-media mounts them
 * read-only): malloc'd text, or NULL when the lister cannot run.  A host
 * fact, not Xen's, so the same for every backend. */
char *xt_list_media(const char *lister);

/* Long actions (migrate) report to this, when set: seconds since the start
 * and the tool's last line of output, about once a second. */
typedef void (*xt_backend_progress_fn)(void *ctx, double seconds, const char *line);

struct xt_backend_ops {
	const char *name;
	/* Fills *out (reusing its buffer); 0 or -1 with a sentence in err. */
	int (*sample)(struct xt_backend *, struct xt_sample *out, char *err, size_t errlen);

	/* ---- control: every action on a domain goes through here ----
	 * The xen backend runs Xen's own toolstack (xl) so that devices are
	 * set up and torn down exactly as xl does it; the fake backend changes
	 * its scenario.  Each returns 0, or -1 with one sentence in err (with
	 * the tool's own words when it gave some).  Nothing above backend/
	 * runs xl.  Range checks against a domain's limits are the caller's
	 * (model/control.c); these only do. */

	/* Creates spec->name.  When it fails, *tool_output (if tool_output is
	 * not NULL) may receive what the toolstack printed (malloc'd). */
	int (*create)(struct xt_backend *, const struct xt_create_spec *spec, char **tool_output,
		      char *err, size_t errlen);
	int (*pause)(struct xt_backend *, uint32_t id, bool pause, char *err, size_t errlen);
	int (*shutdown)(struct xt_backend *, uint32_t id, char *err, size_t errlen);
	int (*destroy)(struct xt_backend *, uint32_t id, char *err, size_t errlen);
	/* Attaches the caller's terminal to the domain's console until the
	 * user leaves it (Ctrl-]); the caller gives up the screen first. */
	int (*console)(struct xt_backend *, uint32_t id, char *err, size_t errlen);
	/* weight XT_WEIGHT_MIN..MAX, cap in % of one CPU (XT_CAP_NONE: none);
	 * XT_SCHED_KEEP leaves one of them as it is. */
	int (*set_sched)(struct xt_backend *, uint32_t id, int weight, int cap, char *err, size_t errlen);
	/* Balloon target (within the domain's maxmem). */
	int (*set_memory)(struct xt_backend *, uint32_t id, unsigned mib, char *err, size_t errlen);
	/* Online vCPUs (up to the domain's maxvcpus). */
	int (*set_vcpus)(struct xt_backend *, uint32_t id, unsigned n, char *err, size_t errlen);
	/* Saves the domain's whole state to path; the domain is gone after. */
	int (*save)(struct xt_backend *, uint32_t id, const char *path, char *err, size_t errlen);
	/* Brings a saved domain back, running where it stopped. */
	int (*restore)(struct xt_backend *, const char *path, char *err, size_t errlen);
	/* Live-migrates the domain to host (xl migrate, over SSH). */
	int (*migrate)(struct xt_backend *, uint32_t id, const char *host, char *err, size_t errlen);
	/* Starts (or, XT_LOAD_STOP, stops) a workload in the guest; peer is the
	 * guest an HTTP load fetches from (NULL otherwise). */
	int (*workload)(struct xt_backend *, uint32_t id, enum xt_workload, const char *peer, char *err,
			size_t errlen);

	/* This host's pool (nhosts 0 when it is in none); 0, or -1 with a
	 * sentence in err. */
	int (*pool)(struct xt_backend *, struct xt_pool *out, char *err, size_t errlen);
	/* Joins the pool of that secret (xenlive-pool join -, the secret on
	 * its stdin, never in argv). */
	int (*pool_join)(struct xt_backend *, const char *secret, char *err, size_t errlen);
	/* Starts (start) or stops serving the CD to the LAN's other PCs
	 * (xenlive-pool serve [--stop]): 0 with the tool's line in said, or -1
	 * with its sentence there. */
	int (*pool_serve)(struct xt_backend *, bool start, char *said, size_t len);

	/* Why the domain `name` (no longer in the samples) went, as a phrase
	 * ("crashed", "powered off", ...) with where its console output is
	 * kept; "" when not known. */
	void (*why_gone)(struct xt_backend *, const char *name, char *buf, size_t len);

	/* ---- the domain page; either may be NULL ---- */
	/* Fills *out for the domain (id, name); 0, or -1 with a sentence. */
	int (*domain_info)(struct xt_backend *, uint32_t id, const char *name, struct xt_domain_info *out,
			   char *err, size_t errlen);
	/* The last `nlines` lines of the domain's console output, oldest first,
	 * one per '\n', into buf; 0, or -1 with a sentence in err (the log is
	 * not kept, cannot be read). */
	int (*console_tail)(struct xt_backend *, uint32_t id, const char *name, unsigned nlines, char *buf,
			    size_t len, char *err, size_t errlen);

	void (*close)(struct xt_backend *);
};

struct xt_backend {
	const struct xt_backend_ops *ops;
	const char *xl_path;    /* the `xl` the xen backend runs */
	void *priv;
	xt_backend_progress_fn progress;   /* set by the caller around a long action */
	void *progress_ctx;
};

struct xt_fake_options {
	const char *script;     /* scenario file, or NULL */
	unsigned ndomains;      /* synthetic domains when no script */
	const char *record;     /* file that records requested actions, or NULL */
};

/* Each returns NULL with a one-sentence reason in err. */
struct xt_backend *xt_backend_xen_open(const char *xl_path, char *err, size_t errlen);
struct xt_backend *xt_backend_fake_open(const struct xt_fake_options *, char *err, size_t errlen);

void xt_sample_free(struct xt_sample *);
/* Grows s->domains to hold n entries; returns the slot array or NULL. */
struct xt_domain_sample *xt_sample_reserve(struct xt_sample *s, size_t n);
/* Makes room for `need` elements of `size` bytes in *arr, doubling, so that
 * arrays kept from sample to sample soon stop growing; false when out of
 * memory (*arr is then as it was). */
bool xt_grow(void **arr, size_t *cap, size_t need, size_t size);
uint64_t xt_monotonic_ns(void);
/* Appends n zeroed slots to one device array and returns the first, or NULL
 * when out of memory.  xt_devices_clear empties them, keeping the memory. */
struct xt_net_sample *xt_devices_add_net(struct xt_devices *, size_t n);
struct xt_vbd_sample *xt_devices_add_vbd(struct xt_devices *, size_t n);
struct xt_vcpu_sample *xt_devices_add_vcpu(struct xt_devices *, size_t n);
void xt_devices_clear(struct xt_devices *);
void xt_devices_free(struct xt_devices *);
/* Makes dst a copy of src (reusing dst's memory); 0 or -1 (OOM). */
int xt_devices_copy(struct xt_devices *dst, const struct xt_devices *src);
/* The address a dnsmasq leases file (lines "EXPIRY MAC IP HOST ...") gives
 * the MAC (any case), else the host name (NULL: none); "" when neither. */
void xt_lease_find(const char *path, const char *mac, const char *host, char *addr, size_t len);
/* The last `nlines` lines of a text file into buf, oldest first; 0, or -1
 * with errno set. */
int xt_file_tail(const char *path, unsigned nlines, char *buf, size_t len);

static inline void xt_backend_close(struct xt_backend *be)
{
	if (be)
		be->ops->close(be);
}

#endif
