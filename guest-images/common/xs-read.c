/*
 * xenlive-xs-read: reads keys of this domain's XenStore directory from inside
 * a Xen guest, e.g. `xenlive-xs-read name` prints the domain's name.  It talks
 * the XenStore wire protocol over the kernel's /dev/xen/xenbus, so the guest
 * images need no Xen tools.  Static, C11, no dependencies.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { XS_READ = 2, XS_ERROR = 16 };

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

static int xs_read(int fd, const char *key, char *out, size_t outlen)
{
	struct xsd_sockmsg msg = { XS_READ, 1, 0, (uint32_t)strlen(key) + 1 };
	if (write_all(fd, &msg, sizeof msg) || write_all(fd, key, msg.len))
		return -1;
	if (read_all(fd, &msg, sizeof msg) || msg.len >= outlen)
		return -1;
	if (read_all(fd, out, msg.len))
		return -1;
	out[msg.len] = '\0';
	return msg.type == XS_ERROR ? -2 : 0;
}

int main(int argc, char **argv)
{
	static char value[4096];
	const char *devs[] = { "/dev/xen/xenbus", "/proc/xen/xenbus" };
	int fd = -1;

	if (argc < 2) {
		fprintf(stderr, "usage: %s KEY...\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof devs / sizeof devs[0] && fd < 0; i++)
		fd = open(devs[i], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "%s: no XenStore device (/dev/xen/xenbus): %s\n", argv[0], strerror(errno));
		return 1;
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
