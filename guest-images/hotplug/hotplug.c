/* xenlive-hotplug: the demo guests' two hotplug scripts as one small
 * program, called by libxl under either name:
 *
 *   block-shared-ro add|remove   XENBUS_PATH=backend/vbd/D/N
 *     the guest's read-only image on one read-only loop device shared by
 *     every instance: attached on first use, found through sysfs after
 *     that, kept while dom0 runs; writes blkback's physical-device keys.
 *   vif-bridge-lean online|offline   XENBUS_PATH=backend/vif/D/N vif=vifD.N
 *     the vif on its bridge and up, the guest's MAC behind it in the
 *     bridge's table (a migrated guest must not be looked for on the host
 *     it left).
 *
 * Why a program: libxl runs these while a guest is created and while a
 * migrating guest is paused on its new host.  As shell scripts they started
 * four or five programs each (xenstore-read, ip, bridge, xenstore-write),
 * and a program costs 50-100 ms under QEMU's emulation: 0.25-0.7 s a
 * script.  Here the same work is a few system calls (loop ioctls, one
 * netlink socket) in one static process.
 *
 * Errors: one sentence on stderr, and "hotplug-error" / "hotplug-status
 * error" in XenStore, which libxl reports; nothing is left half-made (a
 * loop device is configured whole or not at all). */
#define _GNU_SOURCE
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYSFS_BLOCK "/sys/block"

struct hotplug {
	const char *name; /* the script name libxl called */
	const char *path; /* XENBUS_PATH */
	struct store *store;
};

/* KEY under XENBUS_PATH. */
static char *key_of(const struct hotplug *hp, const char *leaf)
{
	char *key;
	if (asprintf(&key, "%s/%s", hp->path, leaf) < 0) {
		fprintf(stderr, "%s: out of memory\n", hp->name);
		exit(1);
	}
	return key;
}

static char *read_leaf(const struct hotplug *hp, const char *leaf)
{
	char *key = key_of(hp, leaf);
	char *value = store_read(hp->store, key);
	free(key);
	return value;
}

static bool write_leaf(const struct hotplug *hp, const char *leaf, const char *value)
{
	char *key = key_of(hp, leaf);
	bool ok = store_write(hp->store, key, value);
	free(key);
	return ok;
}

/* The sentence on stderr and in XenStore, where libxl reports it. */
__attribute__((format(printf, 2, 3), noreturn)) static void fail(const struct hotplug *hp, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", hp->name, msg);
	if (hp->store != NULL) {
		write_leaf(hp, "hotplug-error", msg);
		write_leaf(hp, "hotplug-status", "error");
	}
	exit(1);
}

/* First line of a sysfs file, without its newline; false if unreadable. */
static bool read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return false;
	bool ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* The loop device (name, e.g. "loop3") already reading FILE read-only. */
static bool find_loop(const char *file, char *name, size_t size)
{
	DIR *dir = opendir(SYSFS_BLOCK);
	if (dir == NULL)
		return false;
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(dir)) != NULL) {
		char path[512], line[4096];
		if (strncmp(e->d_name, "loop", 4) != 0)
			continue;
		snprintf(path, sizeof(path), SYSFS_BLOCK "/%s/loop/backing_file", e->d_name);
		if (!read_line(path, line, sizeof(line)) || strcmp(line, file) != 0)
			continue;
		snprintf(path, sizeof(path), SYSFS_BLOCK "/%s/ro", e->d_name);
		if (!read_line(path, line, sizeof(line)) || strcmp(line, "1") != 0)
			continue;
		found = (size_t)snprintf(name, size, "%s", e->d_name) < size;
	}
	closedir(dir);
	return found;
}

/* Attaches the open FILE to a free loop device, read-only, in one
 * LOOP_CONFIGURE (so a device is never seen half set up). */
static bool attach_loop(int file_fd, const char *file, char *name, size_t size)
{
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return false;
	bool ok = false;
	/* Another attacher (a different image) may take the free device
	 * between the two calls: then ask again. */
	for (int tries = 0; tries < 20 && !ok; tries++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0)
			break;
		char dev[64];
		snprintf(dev, sizeof(dev), "/dev/loop%d", n);
		int fd = open(dev, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			break;
		struct loop_config config = {.fd = (unsigned int)file_fd, .block_size = 0};
		config.info.lo_flags = LO_FLAGS_READ_ONLY;
		snprintf((char *)config.info.lo_file_name, sizeof(config.info.lo_file_name), "%s", file);
		if (ioctl(fd, LOOP_CONFIGURE, &config) == 0)
			ok = (size_t)snprintf(name, size, "loop%d", n) < size;
		else if (errno != EBUSY) {
			close(fd);
			break;
		}
		close(fd);
	}
	close(ctl);
	return ok;
}

static int block_add(struct hotplug *hp)
{
	char *file = read_leaf(hp, "params");
	if (file == NULL)
		fail(hp, "cannot read params from %s", hp->path);
	char *mode = read_leaf(hp, "mode");
	struct stat st;
	if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
		fail(hp, "%s does not exist; is the guest image installed?", file);
	if (mode != NULL && strcmp(mode, "r") != 0)
		fail(hp, "%s is shared by every guest and must be attached read-only (access=ro)", file);

	char loop[64];
	if (!find_loop(file, loop, sizeof(loop))) {
		/* Two guests created at once must not both attach it; the lock
		 * is on the image itself, so nothing is left behind. */
		int fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || flock(fd, LOCK_EX) != 0)
			fail(hp, "cannot open %s: %s", file, strerror(errno));
		if (!find_loop(file, loop, sizeof(loop)) && !attach_loop(fd, file, loop, sizeof(loop)))
			fail(hp, "cannot attach %s to a loop device (%s)", file, strerror(errno));
		close(fd);
	}

	char path[128], majmin[32], devnum[32], devpath[80];
	snprintf(path, sizeof(path), SYSFS_BLOCK "/%s/dev", loop);
	unsigned int major, minor;
	if (!read_line(path, majmin, sizeof(majmin)) || sscanf(majmin, "%u:%u", &major, &minor) != 2)
		fail(hp, "cannot read the device number of /dev/%s", loop);
	snprintf(devnum, sizeof(devnum), "%x:%x", major, minor);
	snprintf(devpath, sizeof(devpath), "/dev/%s", loop);
	/* hotplug-status last: libxl goes on when it sees it. */
	if (!write_leaf(hp, "physical-device", devnum) || !write_leaf(hp, "physical-device-path", devpath) ||
	    !write_leaf(hp, "hotplug-status", "connected"))
		fail(hp, "cannot write the device keys to %s", hp->path);
	free(file);
	free(mode);
	return 0;
}

/* One rtnetlink request, answered by its acknowledgement: 0 or -errno. */
static int rtnl_talk(int sock, struct nlmsghdr *req)
{
	static unsigned int seq;
	req->nlmsg_seq = ++seq;
	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (send(sock, req, req->nlmsg_len, 0) < 0)
		return -errno;
	char buf[4096];
	for (;;) {
		ssize_t n = recv(sock, buf, sizeof(buf), 0);
		if (n < 0)
			return errno == EINTR ? -EINTR : -errno;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != req->nlmsg_seq || h->nlmsg_type != NLMSG_ERROR)
				continue;
			const struct nlmsgerr *err = NLMSG_DATA(h);
			return err->error;
		}
	}
}

static void add_attr(struct nlmsghdr *h, unsigned short type, const void *data, unsigned short len)
{
	struct rtattr *rta = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* One request: BODY (an ifinfomsg, ndmsg...) and one attribute. */
static int rtnl_request(int sock, unsigned short type, unsigned short flags, const void *body, size_t body_len,
			unsigned short attr, const void *data, unsigned short data_len)
{
	struct {
		struct nlmsghdr h;
		char payload[128];
	} req = {0};
	req.h.nlmsg_len = NLMSG_LENGTH(body_len);
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = flags;
	memcpy(NLMSG_DATA(&req.h), body, body_len);
	add_attr(&req.h, attr, data, data_len);
	return rtnl_talk(sock, &req.h);
}

/* `ip link set dev IF master BRIDGE up` (master 0 and down: leave it). */
static int link_set(int sock, unsigned int ifindex, unsigned int master, bool up)
{
	struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC, .ifi_index = (int)ifindex, .ifi_flags = up ? IFF_UP : 0,
				.ifi_change = IFF_UP};
	return rtnl_request(sock, RTM_NEWLINK, 0, &ifi, sizeof(ifi), IFLA_MASTER, &master, sizeof(master));
}

/* `bridge fdb replace MAC dev IF master static`. */
static int fdb_static(int sock, unsigned int ifindex, const unsigned char mac[6])
{
	struct ndmsg ndm = {.ndm_family = AF_BRIDGE, .ndm_ifindex = (int)ifindex,
			    .ndm_state = NUD_REACHABLE | NUD_NOARP, .ndm_flags = NTF_MASTER};
	return rtnl_request(sock, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, &ndm, sizeof(ndm), NDA_LLADDR, mac, 6);
}

static bool parse_mac(const char *s, unsigned char mac[6])
{
	unsigned int b[6];
	char end;
	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &end) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		mac[i] = (unsigned char)b[i];
	return true;
}

static int rtnl_open(const struct hotplug *hp)
{
	int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (sock < 0)
		fail(hp, "cannot open a netlink socket: %s", strerror(errno));
	return sock;
}

static int vif_online(struct hotplug *hp, const char *vif)
{
	char *bridge = read_leaf(hp, "bridge");
	char *mac = read_leaf(hp, "mac");
	const char *br = bridge != NULL ? bridge : "xenbr0";
	unsigned int vif_index = if_nametoindex(vif);
	if (vif_index == 0)
		fail(hp, "there is no interface %s; did its domain go away?", vif);
	unsigned int br_index = if_nametoindex(br);
	if (br_index == 0)
		fail(hp, "cannot add %s to bridge %s; does %s exist (ip link show %s)?", vif, br, br, br);
	int sock = rtnl_open(hp);
	int err = link_set(sock, vif_index, br_index, true);
	if (err != 0)
		fail(hp, "cannot add %s to bridge %s: %s", vif, br, strerror(-err));
	/* The guest's MAC is behind this port from now on.  After a live
	 * migration the bridge may still have it behind the pool tunnel it came
	 * through, and would send the guest's traffic there until the guest
	 * itself sends a frame: seconds of lost answers after it resumes.
	 * Static, because the port has no carrier until the guest connects and
	 * a bridge takes dynamic entries only on a forwarding port; it goes
	 * with the port.  Not fatal: the guest still works, only later. */
	unsigned char addr[6];
	if (mac != NULL && parse_mac(mac, addr) && (err = fdb_static(sock, vif_index, addr)) != 0)
		fprintf(stderr, "%s: cannot put %s behind %s in %s's table: %s\n", hp->name, mac, vif, br, strerror(-err));
	close(sock);
	if (!write_leaf(hp, "hotplug-status", "connected"))
		fail(hp, "cannot write hotplug-status to %s", hp->path);
	free(bridge);
	free(mac);
	return 0;
}

static int vif_offline(struct hotplug *hp, const char *vif)
{
	/* The vif may already be gone with its domain. */
	unsigned int vif_index = if_nametoindex(vif);
	if (vif_index != 0) {
		int sock = rtnl_open(hp);
		link_set(sock, vif_index, 0, false);
		close(sock);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *slash = strrchr(argv[0], '/');
	struct hotplug hp = {.name = slash != NULL ? slash + 1 : argv[0]};
	const char *action = argc > 1 ? argv[1] : "";
	bool block = strcmp(hp.name, "block-shared-ro") == 0;
	bool vif = strcmp(hp.name, "vif-bridge-lean") == 0;
	if (!block && !vif) {
		fprintf(stderr, "%s: call me as block-shared-ro or vif-bridge-lean (libxl runs the hotplug scripts by those names)\n",
			hp.name);
		return 2;
	}
	hp.path = getenv("XENBUS_PATH");
	if (hp.path == NULL || hp.path[0] == '\0') {
		fprintf(stderr, "%s: XENBUS_PATH is not set; libxl runs this script\n", hp.name);
		return 2;
	}
	const char *vif_name = getenv("vif");
	if (vif && (vif_name == NULL || vif_name[0] == '\0')) {
		fprintf(stderr, "%s: vif (the interface name) is not set; libxl runs this script\n", hp.name);
		return 2;
	}

	bool add = block ? strcmp(action, "add") == 0 : strcmp(action, "online") == 0 || strcmp(action, "add") == 0;
	bool remove = block ? strcmp(action, "remove") == 0 : strcmp(action, "offline") == 0 || strcmp(action, "remove") == 0;
	if (!add && !remove) {
		fprintf(stderr, "%s: unknown action '%s'; libxl calls it with %s\n", hp.name, action,
			block ? "add or remove" : "online or offline");
		return 1;
	}
	if (block && remove)
		return 0; /* the loop device stays for the next instance; blkback has closed it */
	if (vif && remove)
		return vif_offline(&hp, vif_name);

	hp.store = store_open();
	if (hp.store == NULL) {
		fprintf(stderr, "%s: cannot reach XenStore to set up %s; is xenstored running?\n", hp.name, hp.path);
		return 1;
	}
	int rc = block ? block_add(&hp) : vif_online(&hp, vif_name);
	store_close(hp.store);
	return rc;
}
