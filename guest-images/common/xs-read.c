/*
 * xenlive-xs-read: reads keys of this domain's XenStore directory from inside
 * a Xen guest, e.g. `xenlive-xs-read name` prints the domain's name (a key
 * starting with / is an absolute path).  It talks the XenStore wire protocol
 * over the kernel's /dev/xen/xenbus, so the guest images need no Xen tools.
 * Static, C11, no dependencies.
 *   xenlive-xs-read KEY...              print each key's value
 *   xenlive-xs-read --write KEY VALUE   write one key (e.g. under data/)
 *   xenlive-xs-read --keep KEY VALUE [FROM FILE]   write it, then stay and
 *       write it again whenever it is found missing or changed: a live
 *       migration or a restore gives the guest a new domain whose data/
 *       starts empty, and the kernel re-registers the watch there, which
 *       fires it.  With FROM and FILE, each time it writes KEY it also copies
 *       the value of FROM (e.g. the host's dom0 key) into FILE (mode 0600,
 *       replaced whole): a guest moved to another host takes that host's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { XS_READ = 2, XS_WATCH = 4, XS_WRITE = 11, XS_ERROR = 16, XS_WATCH_EVENT = 15 };

struct xsd_sockmsg {
	uint32_t type;
	uint32_t req_id;
	uint32_t tx_id;
	uint32_t len;
};

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Set when a watch event arrived while waiting for a reply. */
static int watch_fired;

/* Sends one request (payload: LEN bytes of BODY) and reads its reply into
 * OUT; watch events met on the way only set watch_fired.  Returns 0, -2 for
 * a XenStore error (its name in OUT) or -1 when the device failed. */
static int xs_request(int fd, uint32_t type, const char *body, uint32_t len, char *out, size_t outlen)
{
	struct xsd_sockmsg msg = { type, 1, 0, len };
	if (write_all(fd, &msg, sizeof msg) || write_all(fd, body, len))
		return -1;
	for (;;) {
		if (read_all(fd, &msg, sizeof msg) || msg.len >= outlen)
			return -1;
		if (read_all(fd, out, msg.len))
			return -1;
		out[msg.len] = '\0';
		if (msg.type == XS_WATCH_EVENT) {
			watch_fired = 1;
			continue;
		}
		return msg.type == XS_ERROR ? -2 : 0;
	}
}

static int xs_read(int fd, const char *key, char *out, size_t outlen)
{
	return xs_request(fd, XS_READ, key, (uint32_t)strlen(key) + 1, out, outlen);
}

/* KEY\0VALUE (the value without a terminating NUL, as xenstore-write). */
static int xs_write(int fd, const char *key, const char *value)
{
	static char body[4096], reply[256];
	size_t k = strlen(key) + 1, v = strlen(value);
	if (k + v > sizeof body)
		return -1;
	memcpy(body, key, k);
	memcpy(body + k, value, v);
	return xs_request(fd, XS_WRITE, body, (uint32_t)(k + v), reply, sizeof reply);
}

/* FROM's value and a newline into FILE, through FILE.tmp and a rename. */
static int copy_to_file(int fd, const char *prog, const char *from, const char *file)
{
	static char value[4096], tmp[4096];
	int out, rc;
	if (xs_read(fd, from, value, sizeof value - 1) != 0 || !value[0]) {
		fprintf(stderr, "%s: nothing to copy at %s\n", prog, from);
		return -1;
	}
	strcat(value, "\n");
	if (snprintf(tmp, sizeof tmp, "%s.tmp", file) >= (int)sizeof tmp)
		return -1;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0) {
		fprintf(stderr, "%s: cannot write %s: %s\n", prog, tmp, strerror(errno));
		return -1;
	}
	rc = write_all(out, value, strlen(value));
	if (close(out) != 0 || rc != 0 || rename(tmp, file) != 0) {
		fprintf(stderr, "%s: cannot write %s: %s\n", prog, file, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Writes KEY=VALUE whenever it differs, forever: after each watch event;
 * and each time, FROM's value into FILE when they are given. */
static int keep(int fd, const char *prog, const char *key, const char *value, const char *from, const char *file)
{
	static char body[4096], cur[4096];
	size_t k = strlen(key) + 1;
	struct xsd_sockmsg msg;
	if (k + sizeof "xenlive-keep" > sizeof body)
		return 1;
	memcpy(body, key, k);
	memcpy(body + k, "xenlive-keep", sizeof "xenlive-keep");
	if (xs_request(fd, XS_WATCH, body, (uint32_t)(k + sizeof "xenlive-keep"), cur, sizeof cur)) {
		fprintf(stderr, "%s: cannot watch %s\n", prog, key);
		return 1;
	}
	for (;;) {
		watch_fired = 0;
		if (xs_read(fd, key, cur, sizeof cur) != 0 || strcmp(cur, value) != 0) {
			if (xs_write(fd, key, value) != 0)
				fprintf(stderr, "%s: cannot write %s\n", prog, key);
			else if (from)
				copy_to_file(fd, prog, from, file);
		}
		if (watch_fired)
			continue;
		/* Wait for the next event (any other message is a stray reply). */
		do {
			if (read_all(fd, &msg, sizeof msg) || msg.len >= sizeof cur || read_all(fd, cur, msg.len))
				return 1;
		} while (msg.type != XS_WATCH_EVENT);
	}
}

int main(int argc, char **argv)
{
	static char value[4096];
	const char *devs[] = { "/dev/xen/xenbus", "/proc/xen/xenbus" };
	int fd = -1, writing = 0;

	if (argc >= 2 && (!strcmp(argv[1], "--write") || !strcmp(argv[1], "--keep")))
		writing = argv[1][2] == 'w' ? 1 : 2;
	if (argc < 2 || (writing == 1 && argc != 4) || (writing == 2 && argc != 4 && argc != 6)) {
		fprintf(stderr, "usage: %s KEY... | --write KEY VALUE | --keep KEY VALUE [FROM FILE]\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof devs / sizeof devs[0] && fd < 0; i++)
		fd = open(devs[i], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "%s: no XenStore device (/dev/xen/xenbus): %s\n", argv[0], strerror(errno));
		return 1;
	}
	if (writing == 2)
		return keep(fd, argv[0], argv[2], argv[3], argc == 6 ? argv[4] : NULL, argc == 6 ? argv[5] : NULL);
	if (writing) {
		if (xs_write(fd, argv[2], argv[3]) != 0) {
			fprintf(stderr, "%s: %s: XenStore write failed\n", argv[0], argv[2]);
			return 1;
		}
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		int rc = xs_read(fd, argv[i], value, sizeof value);
		if (rc == -2) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[i], value);
			return 1;
		}
		if (rc < 0) {
			fprintf(stderr, "%s: %s: XenStore read failed\n", argv[0], argv[i]);
			return 1;
		}
		puts(value);
	}
	close(fd);
	return 0;
}
