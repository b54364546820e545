/*
 * xenlive-demo-httpd: the Debian guest's demo web page on port 80.  One
 * resident process, started by systemd on the first connection
 * (demo-http.socket, Accept=no: the listening socket arrives as fd 3) or
 * listening itself with -p.  It answers every GET with FILE, the page
 * xenlive-guest-info writes at boot (name, distribution, kernel).
 *
 * Why not a process per connection: under emulation systemd's transient
 * unit, a shell and its helpers cost a second or more per request, and
 * while a guest live-migrates (its writes tracked page by page) far more,
 * so the page stopped answering for the whole copy.  Here a request costs
 * a read of a small file; an idle server sleeps in accept() (no timers).
 *
 *   xenlive-demo-httpd FILE          socket from systemd (LISTEN_FDS=1)
 *   xenlive-demo-httpd -p PORT FILE  listen on PORT itself (IPv6 and IPv4)
 *
 * Connections are served one after the other; a client that sends nothing
 * is dropped after 2 s.  Static, C11, no dependencies.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>

enum { SD_LISTEN_FDS_START = 3, PAGE_MAX = 4096, REQUEST_MAX = 4096, IO_TIMEOUT_S = 2 };

static const char usage[] = "usage: xenlive-demo-httpd [-p PORT] FILE";

/* The socket systemd passed (LISTEN_PID is ours, LISTEN_FDS=1), or -1. */
static int socket_from_systemd(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	char *end;
	long n;

	if (!pid || !fds)
		return -1;
	n = strtol(pid, &end, 10);
	if (*pid == '\0' || *end != '\0' || n != (long)getpid())
		return -1;
	if (strcmp(fds, "1") != 0)
		return -1;
	return SD_LISTEN_FDS_START;
}

static int listen_on(const char *port_text)
{
	struct sockaddr_in6 addr = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
	char *end;
	long port = strtol(port_text, &end, 10);
	int fd, off = 0, on = 1;

	if (*port_text == '\0' || *end != '\0' || port < 1 || port > 65535) {
		fprintf(stderr, "xenlive-demo-httpd: '%s' is not a TCP port; give one from 1 to 65535.\n", port_text);
		return -1;
	}
	addr.sin6_port = htons((unsigned short)port);
	fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 16) < 0) {
		fprintf(stderr, "xenlive-demo-httpd: cannot listen on port %ld: %s; is another server on it?\n",
			port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads the request head (up to a blank line); returns its length, or -1. */
static ssize_t read_request(int fd, char *buf, size_t size)
{
	size_t len = 0;

	while (len < size - 1) {
		ssize_t n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
			return (ssize_t)len;
	}
	buf[len] = '\0';
	/* A head cut short (client closed, time-out, too long) still names its
	 * method: answer it if the first line is complete. */
	return strchr(buf, '\n') ? (ssize_t)len : -1;
}

/* The page: FILE as it is now, or a greeting while it is not written yet. */
static size_t read_page(const char *path, char *page, size_t size)
{
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, page, size);
		close(fd);
	}
	if (n < 0) {
		struct utsname u;
		int len = snprintf(page, size, "Hello from %s\n", uname(&u) == 0 ? u.nodename : "a Xen guest");
		n = len < 0 ? 0 : (ssize_t)((size_t)len < size ? (size_t)len : size - 1);
	}
	return (size_t)n;
}

static void serve(int conn, const char *path)
{
	struct timeval timeout = { .tv_sec = IO_TIMEOUT_S };
	char request[REQUEST_MAX], page[PAGE_MAX], head[256];
	size_t page_len = 0;
	int head_len, get, send_body;

	setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	setsockopt(conn, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
	if (read_request(conn, request, sizeof(request)) < 0)
		return;
	get = strncmp(request, "GET ", 4) == 0;
	send_body = get;
	if (get || strncmp(request, "HEAD ", 5) == 0) {
		page_len = read_page(path, page, sizeof(page));
		head_len = snprintf(head, sizeof(head),
				    "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
				    "Connection: close\r\n\r\n", page_len);
	} else {
		static const char refused[] = "only GET and HEAD here\n";
		memcpy(page, refused, sizeof(refused) - 1);
		page_len = sizeof(refused) - 1;
		send_body = 1;
		head_len = snprintf(head, sizeof(head),
				    "HTTP/1.0 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Type: text/plain\r\n"
				    "Content-Length: %zu\r\nConnection: close\r\n\r\n", page_len);
	}
	if (head_len > 0 && write_all(conn, head, (size_t)head_len) == 0 && send_body)
		write_all(conn, page, page_len);
}

int main(int argc, char **argv)
{
	const char *port = NULL, *path;
	int lfd;

	if (argc == 4 && strcmp(argv[1], "-p") == 0) {
		port = argv[2];
		path = argv[3];
	} else if (argc == 2 && argv[1][0] != '-') {
		path = argv[1];
	} else {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	if (port) {
		lfd = listen_on(port);
		if (lfd < 0)
			return 1;
	} else {
		lfd = socket_from_systemd();
		if (lfd < 0) {
			fprintf(stderr, "xenlive-demo-httpd: no listening socket from systemd (LISTEN_FDS); "
					"start it through demo-http.socket, or give -p PORT.\n");
			return 2;
		}
		fcntl(lfd, F_SETFD, FD_CLOEXEC);
	}
	/* A client gone mid-answer must not end the server. */
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		int conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (conn < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN || errno == EPROTO)
				continue;
			/* Out of descriptors or memory: let the kernel catch up. */
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
				sleep(1);
				continue;
			}
			fprintf(stderr, "xenlive-demo-httpd: accept failed: %s\n", strerror(errno));
			return 1;
		}
		serve(conn, path);
		close(conn);
	}
}
