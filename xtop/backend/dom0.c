/* Domain-0's side of the xen backend: /proc, blkback's sysfs files and
 * QEMU's QMP socket (dom0.h). */
#define _GNU_SOURCE
#include "dom0.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

ssize_t xt_pread_head(int fd, char *buf, size_t len)
{
	if (len == 0)
		return -1;
	ssize_t n = fd < 0 ? -1 : pread(fd, buf, len - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* The whole text of an open /proc file into *buf (grown as needed,
 * NUL-terminated): reads from 0 to the end, a page or so at a time. */
static ssize_t pread_all(int fd, char **buf, size_t *cap)
{
	size_t len = 0;
	for (;;) {
		if (*cap - len < 1024 && !xt_grow((void **)buf, cap, *cap ? *cap * 2 : 4096, 1))
			return -1;
		ssize_t n = pread(fd, *buf + len, *cap - len - 1, (off_t)len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	(*buf)[len] = '\0';
	return (ssize_t)len;
}

uint64_t xt_meminfo_available(const char *text)
{
	unsigned long long kib;
	for (const char *line = text; line; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1)
			return (uint64_t)kib * 1024;
	}
	return 0;
}

/* ---- networks ---- */

bool xt_netdev_next(const char **pos, char name[XT_IFNAME], struct xt_net_sample *counters)
{
	const char *p = *pos;
	while (*p) {
		const char *end = strchr(p, '\n');
		const char *next = end ? end + 1 : p + strlen(p);
		const char *colon = memchr(p, ':', (size_t)(next - p));
		const char *start = p;
		p = next;
		if (!colon)
			continue;
		while (start < colon && (*start == ' ' || *start == '\t'))
			start++;
		size_t len = (size_t)(colon - start);
		if (len == 0 || len >= XT_IFNAME)
			continue;
		memcpy(name, start, len);
		name[len] = '\0';
		/* Receive: bytes packets errs drop fifo frame compressed
		 * multicast; then transmit: bytes packets errs drop ... */
		uint64_t v[16] = { 0 };
		const char *q = colon + 1;
		for (size_t i = 0; i < 16; i++) {
			while (q < next && (*q == ' ' || *q == '\t'))
				q++;
			if (q >= next || *q < '0' || *q > '9')
				break;
			char *after;
			v[i] = strtoull(q, &after, 10);
			q = after;
		}
		*counters = (struct xt_net_sample){
			.rx_bytes = v[0], .rx_packets = v[1], .rx_errs = v[2], .rx_drop = v[3],
			.tx_bytes = v[8], .tx_packets = v[9], .tx_errs = v[10], .tx_drop = v[11],
		};
		*pos = p;
		return true;
	}
	*pos = p;
	return false;
}

bool xt_vif_name(const char *name, uint32_t *domid, unsigned *devid)
{
	unsigned d, id;
	if (sscanf(name, "vif%u.%u", &d, &id) != 2)
		return false;
	*domid = d;
	*devid = id;
	return true;
}

/* A vif renamed by its config (vifname=) says whose it is in its
 * device's xenstore node name, where libxenstat looks too. */
static bool vif_by_nodename(const char *sys_class_net, const char *name, uint32_t *domid, unsigned *devid)
{
	char path[256], text[64];
	snprintf(path, sizeof path, "%s/%s/device/nodename", sys_class_net, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = xt_pread_head(fd, text, sizeof text);
	close(fd);
	unsigned d, id;
	if (n <= 0 || sscanf(text, "backend/vif/%u/%u", &d, &id) != 2)
		return false;
	*domid = d;
	*devid = id;
	return true;
}

/* What the interface on line i is; looked up only when that line named
 * another interface last time.  NULL when out of memory. */
static const struct xt_iface *iface_at(struct xt_vifs *v, size_t i, const char *name)
{
	if (i < v->nifaces && strcmp(v->ifaces[i].name, name) == 0)
		return &v->ifaces[i];
	if (!xt_grow((void **)&v->ifaces, &v->ifaces_cap, i + 1, sizeof *v->ifaces))
		return NULL;
	struct xt_iface *f = &v->ifaces[i];
	snprintf(f->name, sizeof f->name, "%s", name);
	f->vif = xt_vif_name(name, &f->domid, &f->devid) ||
		 vif_by_nodename(v->sys_class_net, name, &f->domid, &f->devid);
	if (i >= v->nifaces)
		v->nifaces = i + 1;
	return f;
}

void xt_vifs_init(struct xt_vifs *v, const char *proc_net_dev, const char *sys_class_net)
{
	*v = (struct xt_vifs){ .proc_net_dev = proc_net_dev, .sys_class_net = sys_class_net, .fd = -1 };
}

int xt_vifs_read(struct xt_vifs *v)
{
	v->n = 0;
	if (v->fd < 0)
		v->fd = open(v->proc_net_dev, O_RDONLY | O_CLOEXEC);
	if (v->fd < 0 || pread_all(v->fd, &v->text, &v->text_cap) < 0)
		return -1;
	const char *pos = v->text;
	char name[XT_IFNAME];
	struct xt_net_sample net;
	size_t line = 0;
	while (xt_netdev_next(&pos, name, &net)) {
		const struct xt_iface *f = iface_at(v, line++, name);
		if (f && !f->vif)
			continue;
		if (!f || !xt_grow((void **)&v->vif, &v->cap, v->n + 1, sizeof *v->vif)) {
			v->n = 0;
			return -1;
		}
		net.id = f->devid;
		v->vif[v->n++] = (struct xt_vif){ .domid = f->domid, .net = net };
	}
	v->nifaces = line;
	return 0;
}

void xt_vifs_free(struct xt_vifs *v)
{
	if (v->fd >= 0)
		close(v->fd);
	free(v->text);
	free(v->ifaces);
	free(v->vif);
	xt_vifs_init(v, v->proc_net_dev, v->sys_class_net);
}

/* ---- disks that Domain-0's kernel serves ---- */

bool xt_vbd_dir_name(const char *name, uint32_t *domid, unsigned *dev, enum xt_vbd_kind *kind)
{
	char type[4];
	unsigned d, v;
	if (sscanf(name, "%3s-%u-%u", type, &d, &v) != 3)
		return false;
	if (strcmp(type, "vbd") == 0)
		*kind = XT_VBD_BLKBACK;
	else if (strcmp(type, "tap") == 0)
		*kind = XT_VBD_BLKTAP;
	else
		return false;
	*domid = d;
	*dev = v;
	return true;
}

void xt_blkback_init(struct xt_blkback *b, const char *root)
{
	*b = (struct xt_blkback){ .root = root };
}

static void close_counters(struct xt_vbd_dir *d)
{
	for (size_t i = 0; i < XT_VBD_COUNTERS; i++) {
		if (d->fd[i] >= 0)
			close(d->fd[i]);
		d->fd[i] = -1;
	}
}

static void open_counters(const char *root, struct xt_vbd_dir *d)
{
	static const char *const files[XT_VBD_COUNTERS] = { "oo_req", "rd_req", "wr_req", "rd_sect", "wr_sect" };
	char path[512];
	for (size_t i = 0; i < XT_VBD_COUNTERS; i++) {
		snprintf(path, sizeof path, "%s/%s/statistics/%s", root, d->name, files[i]);
		d->fd[i] = open(path, O_RDONLY | O_CLOEXEC);
	}
}

static bool read_counter(int fd, uint64_t *out)
{
	char text[32];
	unsigned long long v;
	if (xt_pread_head(fd, text, sizeof text) <= 0 || sscanf(text, "%llu", &v) != 1)
		return false;
	*out = v;
	return true;
}

/* All five counters, or none and vbd.error; then the files are opened
 * anew next time (a new device may have taken the directory's name). */
static void read_counters(const char *root, struct xt_vbd_dir *d)
{
	if (d->fd[0] < 0)
		open_counters(root, d);
	uint64_t v[XT_VBD_COUNTERS] = { 0 };
	bool ok = true;
	for (size_t i = 0; i < XT_VBD_COUNTERS && ok; i++)
		ok = read_counter(d->fd[i], &v[i]);
	if (!ok) {
		close_counters(d);
		memset(v, 0, sizeof v);
	}
	d->vbd.error = !ok;
	d->vbd.oo = v[0];
	d->vbd.rd = v[1];
	d->vbd.wr = v[2];
	d->vbd.rd_sect = v[3];
	d->vbd.wr_sect = v[4];
}

/* The last refresh's entry of that name, its files taken over, or NULL.
 * The search starts at *hint: the directory lists in the same order each
 * time, so it usually finds it there. */
static bool take_last(struct xt_blkback *b, const char *name, size_t *hint, struct xt_vbd_dir *to)
{
	for (size_t k = 0; k < b->nlast; k++) {
		size_t i = (*hint + k) % b->nlast;
		struct xt_vbd_dir *d = &b->last[i];
		if (d->name[0] && strcmp(d->name, name) == 0) {
			*to = *d;
			d->name[0] = '\0';
			for (size_t f = 0; f < XT_VBD_COUNTERS; f++)
				d->fd[f] = -1;
			*hint = i + 1;
			return true;
		}
	}
	return false;
}

static int list_vbds(struct xt_blkback *b)
{
	if (!b->dir)
		b->dir = opendir(b->root);
	if (!b->dir)
		return -1;
	rewinddir(b->dir);
	size_t hint = 0;
	struct dirent *de;
	while ((de = readdir(b->dir))) {
		uint32_t domid;
		unsigned dev;
		enum xt_vbd_kind kind;
		size_t len = strlen(de->d_name);
		if (len >= sizeof b->dirs->name || !xt_vbd_dir_name(de->d_name, &domid, &dev, &kind))
			continue;
		if (!xt_grow((void **)&b->dirs, &b->cap, b->n + 1, sizeof *b->dirs))
			return -1;
		struct xt_vbd_dir *d = &b->dirs[b->n++];
		if (!take_last(b, de->d_name, &hint, d)) {
			*d = (struct xt_vbd_dir){ .domid = domid, .vbd = { .dev = dev, .kind = kind } };
			memcpy(d->name, de->d_name, len + 1);
			for (size_t f = 0; f < XT_VBD_COUNTERS; f++)
				d->fd[f] = -1;
		}
		read_counters(b->root, d);
	}
	return 0;
}

int xt_blkback_read(struct xt_blkback *b)
{
	/* This refresh's list is built in the other array, taking over the
	 * last one's open files; what is left there is gone. */
	struct xt_vbd_dir *dirs = b->last;
	size_t cap = b->last_cap;
	b->last = b->dirs;
	b->last_cap = b->cap;
	b->nlast = b->n;
	b->dirs = dirs;
	b->cap = cap;
	b->n = 0;
	int rc = list_vbds(b);
	for (size_t i = 0; i < b->nlast; i++)
		close_counters(&b->last[i]);
	b->nlast = 0;
	if (rc < 0) {
		for (size_t i = 0; i < b->n; i++)
			close_counters(&b->dirs[i]);
		b->n = 0;
	}
	return rc;
}

void xt_blkback_free(struct xt_blkback *b)
{
	for (size_t i = 0; i < b->n; i++)
		close_counters(&b->dirs[i]);
	if (b->dir)
		closedir(b->dir);
	free(b->dirs);
	free(b->last);
	xt_blkback_init(b, b->root);
}

/* ---- QMP's JSON: just what the two replies need ---- */

#define JSON_DEPTH 64

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* Past the string at p, or NULL when p is not at a whole one. */
static const char *json_skip_string(const char *p)
{
	if (*p != '"')
		return NULL;
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && !*++p)
			return NULL;
	return *p == '"' ? p + 1 : NULL;
}

/* Past the value at p, or NULL when it is not well-formed. */
static const char *json_skip(const char *p, int depth)
{
	p = json_ws(p);
	if (*p == '"')
		return json_skip_string(p);
	if (*p != '{' && *p != '[') {
		size_t n = strspn(p, "+-.0123456789eEtruefalsn");   /* a number, true, false, null */
		return n ? p + n : NULL;
	}
	if (depth >= JSON_DEPTH)
		return NULL;
	char close = *p == '{' ? '}' : ']';
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (!(p = json_skip_string(p)))
				return NULL;
			p = json_ws(p);
			if (*p++ != ':')
				return NULL;
		}
		if (!(p = json_skip(p, depth + 1)))
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p != ',')
			return NULL;
		p = json_ws(p + 1);
	}
}

/* The value of the (first) member `key` of the object at p, or NULL. */
static const char *json_member(const char *p, const char *key)
{
	if (!p)
		return NULL;
	p = json_ws(p);
	if (*p != '{')
		return NULL;
	p = json_ws(p + 1);
	size_t klen = strlen(key);
	while (*p == '"') {
		bool match = strncmp(p + 1, key, klen) == 0 && p[1 + klen] == '"';
		if (!(p = json_skip_string(p)))
			return NULL;
		p = json_ws(p);
		if (*p != ':')
			return NULL;
		p = json_ws(p + 1);
		if (match)
			return p;
		if (!(p = json_skip(p, 1)))
			return NULL;
		p = json_ws(p);
		if (*p != ',')
			return NULL;
		p = json_ws(p + 1);
	}
	return NULL;
}

/* The first element of the array at p, or NULL. */
static const char *json_first(const char *p)
{
	if (!p)
		return NULL;
	p = json_ws(p);
	if (*p != '[')
		return NULL;
	p = json_ws(p + 1);
	return *p == ']' ? NULL : p;
}

/* The element after the one at p, or NULL. */
static const char *json_next(const char *p)
{
	if (!(p = json_skip(p, 1)))
		return NULL;
	p = json_ws(p);
	return *p == ',' ? json_ws(p + 1) : NULL;
}

static long json_hex4(const char *p)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static size_t utf8_encode(long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The code point of the \uXXXX escape (or surrogate pair) at p, past it
 * in *end; -1 when malformed. */
static long json_unicode(const char *p, const char **end)
{
	long cp = json_hex4(p + 2);
	*end = p + 6;
	if (cp >= 0xDC00 && cp < 0xE000)
		return -1;
	if (cp < 0xD800 || cp >= 0xDC00)
		return cp;
	if (p[6] != '\\' || p[7] != 'u')
		return -1;
	long low = json_hex4(p + 8);
	*end = p + 12;
	return low >= 0xDC00 && low < 0xE000 ? 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00) : -1;
}

/* The string at p, unescaped (UTF-8), into out; false when p is not a
 * string or it does not fit. */
static bool json_string(const char *p, char *out, size_t len)
{
	if (!p || *p != '"')
		return false;
	size_t n = 0;
	p++;
	while (*p != '"') {
		char c[4];
		size_t k = 1;
		if (!*p) {
			return false;
		} else if (*p != '\\') {
			c[0] = *p++;
		} else if (p[1] == 'u') {
			long cp = json_unicode(p, &p);
			if (cp < 0)
				return false;
			k = utf8_encode(cp, c);
		} else {
			static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
			const char *e = p[1] ? strchr(from, p[1]) : NULL;
			if (!e)
				return false;
			c[0] = to[e - from];
			p += 2;
		}
		if (n + k >= len)
			return false;
		memcpy(out + n, c, k);
		n += k;
	}
	out[n] = '\0';
	return true;
}

static void json_u64(const char *p, uint64_t *out)
{
	if (p && *p >= '0' && *p <= '9')
		*out = strtoull(p, NULL, 10);
}

size_t xt_qmp_blockstats(const char *reply, struct xt_qmp_blockstat *out, size_t max)
{
	if (!reply || !json_skip(reply, 0))
		return 0;
	size_t n = 0;
	for (const char *e = json_first(json_member(reply, "return")); e; e = json_next(e)) {
		const char *stats = json_member(e, "stats");
		if (!stats || *stats != '{')
			continue;
		if (n < max) {
			struct xt_qmp_blockstat *b = &out[n];
			*b = (struct xt_qmp_blockstat){ 0 };
			b->named = json_string(json_member(e, "device"), b->device, sizeof b->device);
			json_u64(json_member(stats, "rd_bytes"), &b->rd_bytes);
			json_u64(json_member(stats, "wr_bytes"), &b->wr_bytes);
			json_u64(json_member(stats, "rd_operations"), &b->rd_operations);
			json_u64(json_member(stats, "wr_operations"), &b->wr_operations);
		}
		n++;
	}
	return n;
}

bool xt_qmp_block_file(const char *reply, const char *device, char *file, size_t len)
{
	if (!reply || !json_skip(reply, 0))
		return false;
	char name[XT_QMP_DEVICE];
	for (const char *e = json_first(json_member(reply, "return")); e; e = json_next(e)) {
		if (!json_string(json_member(e, "device"), name, sizeof name) || strcmp(name, device) != 0)
			continue;
		if (json_string(json_member(json_member(e, "inserted"), "file"), file, len))
			return true;
	}
	return false;
}

/* ---- QMP's socket ---- */

static int ms_until(uint64_t deadline_ns)
{
	uint64_t now = xt_monotonic_ns();
	return now >= deadline_ns ? 0 : (int)((deadline_ns - now + 999999) / 1000000);
}

static bool wait_for(int fd, short events, uint64_t deadline_ns)
{
	int left = ms_until(deadline_ns);
	struct pollfd p = { .fd = fd, .events = events };
	int r = left > 0 ? poll(&p, 1, left) : 0;
	return r > 0 || (r < 0 && errno == EINTR);
}

static bool send_all(int fd, const char *s, size_t n, uint64_t deadline_ns)
{
	while (n) {
		/* MSG_NOSIGNAL: a QEMU that went away is an error here, not SIGPIPE. */
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
		if (w > 0) {
			s += w;
			n -= (size_t)w;
			continue;
		}
		bool again = w < 0 && (errno == EINTR || (errno == EAGAIN && wait_for(fd, POLLOUT, deadline_ns)));
		if (!again)
			return false;
	}
	return true;
}

/* More of QEMU's output into the buffer: false at the deadline, on end of
 * file or on an error. */
static bool read_more(struct xt_qmp *q, uint64_t deadline_ns)
{
	if (q->cap - q->len < 2048 && !xt_grow((void **)&q->buf, &q->cap, q->cap ? q->cap * 2 : 8192, 1))
		return false;
	for (;;) {
		ssize_t n = read(q->fd, q->buf + q->len, q->cap - q->len - 1);
		if (n > 0) {
			q->len += (size_t)n;
			q->buf[q->len] = '\0';
			return true;
		}
		bool again = n < 0 && (errno == EINTR || (errno == EAGAIN && wait_for(q->fd, POLLIN, deadline_ns)));
		if (!again)
			return false;
	}
}

const char *xt_qmp_execute(struct xt_qmp *q, const char *command, int timeout_ms)
{
	if (q->fd < 0)
		return NULL;
	uint64_t deadline = xt_monotonic_ns() + (uint64_t)timeout_ms * 1000000u;
	if (q->used) {
		memmove(q->buf, q->buf + q->used, q->len - q->used);
		q->len -= q->used;
		q->used = 0;
	}
	char cmd[128];
	int n = snprintf(cmd, sizeof cmd, "{\"execute\": \"%s\"}\n", command);
	if (n < 0 || (size_t)n >= sizeof cmd || !send_all(q->fd, cmd, (size_t)n, deadline))
		return NULL;
	/* Lines up to the reply: the greeting ({"QMP": ...}) and events. */
	for (;;) {
		char *nl;
		while (q->len > q->used && (nl = memchr(q->buf + q->used, '\n', q->len - q->used))) {
			char *line = q->buf + q->used;
			*nl = '\0';
			q->used = (size_t)(nl + 1 - q->buf);
			if (json_member(line, "return") || json_member(line, "error"))
				return line;
		}
		if (!read_more(q, deadline))
			return NULL;
	}
}

int xt_qmp_open(struct xt_qmp *q, const char *path, int timeout_ms)
{
	xt_qmp_close(q);
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof addr.sun_path)
		return -1;
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
	/* Non-blocking, so that a QEMU that does not answer costs a refresh
	 * timeout_ms at most. */
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (q->fd < 0 || connect(q->fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		xt_qmp_close(q);
		return -1;
	}
	const char *reply = xt_qmp_execute(q, "qmp_capabilities", timeout_ms);
	if (!reply || !json_member(reply, "return")) {
		xt_qmp_close(q);
		return -1;
	}
	return 0;
}

void xt_qmp_close(struct xt_qmp *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	q->len = q->used = 0;
}

void xt_qmp_free(struct xt_qmp *q)
{
	xt_qmp_close(q);
	free(q->buf);
	q->buf = NULL;
	q->cap = 0;
}
