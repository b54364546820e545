/* xenlive-vnc: an HVM guest's screen on the Linux framebuffer.
 *
 * The device model (QEMU) serves each HVM guest's VGA screen over VNC on
 * 127.0.0.1; this shows it full-screen on the virtual console it runs on
 * and sends that console's keys to the guest, until Ctrl-] (as in
 * xl console).  It speaks the small part of RFB 3.8 QEMU needs: no
 * authentication, raw pixels, the desktop-size change, and QEMU's
 * extended key events (PC scan codes, so no keyboard layout is guessed
 * here).  Debian's directvnc does this through DirectFB, which pulls in
 * Mesa and LLVM.
 *
 *   xenlive-vnc [--fb DEVICE] [--fb-size WxHxBPP] HOST PORT
 *
 * --fb-size is for a framebuffer that is a plain file (the tests). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <linux/kd.h>
#include <linux/keyboard.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>


#define ENC_RAW 0
#define ENC_DESKTOP_SIZE (-223)
#define ENC_QEMU_EXT_KEY (-258)
#define GUEST_MAX_PIXELS (4096 * 4096)

struct fb {
	uint8_t *mem;
	size_t len;
	unsigned w, h, bpp, stride;
	unsigned rshift, gshift, bshift, rlen, glen, blen;
};

struct guest {
	unsigned w, h;
	uint32_t *pixels;   /* 0x00RRGGBB */
};

static volatile sig_atomic_t stop_signal;
static void on_signal(int sig) { stop_signal = sig; }

static int die(const char *what)
{
	fprintf(stderr, "xenlive-vnc: %s\n", what);
	return 1;
}

static int read_full(int fd, void *buf, size_t n)
{
	uint8_t *p = buf;
	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR && !stop_signal)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	while (n) {
		ssize_t r = write(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }

static uint32_t le32toh_bytes(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Linux key codes (linux/input-event-codes.h) as QEMU's "qnum" PC scan
 * codes: set 1, with 0x80 added for the 0xe0-prefixed keys.  Codes 1-88
 * are set 1 codes already; the rest are listed; 0 = not sent. */
#define XV_KEY_LEFTCTRL 29
#define XV_KEY_RIGHTBRACE 27
#define XV_KEY_RIGHTCTRL 97
static uint32_t xv_keycode_to_qnum(unsigned code)
{
	static const struct { unsigned short code, qnum; } extended[] = {
		{ 96, 0x9c },  /* keypad Enter */  { 97, 0x9d },  /* right Ctrl */
		{ 98, 0xb5 },  /* keypad / */      { 99, 0xb7 },  /* SysRq */
		{ 100, 0xb8 }, /* right Alt */     { 102, 0xc7 }, /* Home */
		{ 103, 0xc8 }, /* Up */            { 104, 0xc9 }, /* Page Up */
		{ 105, 0xcb }, /* Left */          { 106, 0xcd }, /* Right */
		{ 107, 0xcf }, /* End */           { 108, 0xd0 }, /* Down */
		{ 109, 0xd1 }, /* Page Down */     { 110, 0xd2 }, /* Insert */
		{ 111, 0xd3 }, /* Delete */        { 119, 0xc6 }, /* Pause */
		{ 125, 0xdb }, /* left Meta */     { 126, 0xdc }, /* right Meta */
		{ 127, 0xdd }, /* Menu */
	};
	if (code >= 1 && code <= 88 && code != 84 && code != 85)
		return code;
	for (size_t i = 0; i < sizeof extended / sizeof extended[0]; i++)
		if (extended[i].code == code)
			return extended[i].qnum;
	return 0;
}

static int connect_to(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res, *ai;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	int fd = -1;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* RFB 3.8 handshake with no authentication, then our pixel format (32-bit
 * 0x00RRGGBB, little-endian) and encodings.  0, or -1 with why set. */
static int handshake(int fd, struct guest *g, const char **why)
{
	uint8_t buf[64];
	*why = "the VNC server closed the connection during the handshake";
	if (read_full(fd, buf, 12) < 0)
		return -1;
	if (memcmp(buf, "RFB 003.", 8) != 0) {
		*why = "the other end does not speak VNC (RFB)";
		return -1;
	}
	if (write_full(fd, "RFB 003.008\n", 12) < 0 || read_full(fd, buf, 1) < 0)
		return -1;
	unsigned ntypes = buf[0];
	if (ntypes == 0) {
		*why = "the VNC server refused the connection";
		return -1;
	}
	bool none = false;
	for (unsigned i = 0; i < ntypes; i++) {
		if (read_full(fd, buf, 1) < 0)
			return -1;
		none |= buf[0] == 1;
	}
	if (!none) {
		*why = "the VNC server wants a password, which xenlive-vnc does not support";
		return -1;
	}
	buf[0] = 1;   /* security type None */
	if (write_full(fd, buf, 1) < 0 || read_full(fd, buf, 4) < 0)
		return -1;
	if (be32(buf) != 0) {
		*why = "the VNC server refused the connection";
		return -1;
	}
	buf[0] = 1;   /* shared: another viewer may stay connected */
	if (write_full(fd, buf, 1) < 0 || read_full(fd, buf, 24) < 0)
		return -1;
	g->w = be16(buf);
	g->h = be16(buf + 2);
	uint32_t namelen = be32(buf + 20);
	while (namelen) {
		uint32_t n = namelen > sizeof buf ? sizeof buf : namelen;
		if (read_full(fd, buf, n) < 0)
			return -1;
		namelen -= n;
	}
	uint8_t fmt[20] = { 0 };   /* SetPixelFormat */
	fmt[4] = 32, fmt[5] = 24, fmt[6] = 0 /* little-endian */, fmt[7] = 1 /* true colour */;
	put16(fmt + 8, 255), put16(fmt + 10, 255), put16(fmt + 12, 255);
	fmt[14] = 16, fmt[15] = 8, fmt[16] = 0;
	uint8_t enc[4 + 3 * 4] = { 2, 0 };
	put16(enc + 2, 3);
	put32(enc + 4, (uint32_t)ENC_RAW);
	put32(enc + 8, (uint32_t)ENC_DESKTOP_SIZE);
	put32(enc + 12, (uint32_t)ENC_QEMU_EXT_KEY);
	*why = "the VNC server closed the connection";
	return write_full(fd, fmt, sizeof fmt) < 0 || write_full(fd, enc, sizeof enc) < 0 ? -1 : 0;
}

static int request_update(int fd, const struct guest *g, bool incremental)
{
	uint8_t m[10] = { 3, incremental };
	put16(m + 6, (uint16_t)g->w);
	put16(m + 8, (uint16_t)g->h);
	return write_full(fd, m, sizeof m);
}

static int guest_resize(struct guest *g, unsigned w, unsigned h)
{
	if (!w || !h || (uint64_t)w * h > GUEST_MAX_PIXELS)
		return -1;
	uint32_t *p = calloc((size_t)w * h, sizeof *p);
	if (!p)
		return -1;
	free(g->pixels);
	g->pixels = p;
	g->w = w;
	g->h = h;
	return 0;
}

static uint32_t fb_pixel(const struct fb *fb, uint32_t rgb)
{
	uint32_t r = rgb >> 16 & 0xff, gr = rgb >> 8 & 0xff, b = rgb & 0xff;
	return (r >> (8 - fb->rlen)) << fb->rshift | (gr >> (8 - fb->glen)) << fb->gshift |
	       (b >> (8 - fb->blen)) << fb->bshift;
}

/* Copies the guest's screen into the framebuffer: centred when it fits,
 * scaled down (nearest pixel, aspect kept) when it does not. */
static void draw(const struct fb *fb, const struct guest *g)
{
	unsigned num = 1, den = 1;   /* framebuffer pixels per guest pixel */
	if (g->w > fb->w || g->h > fb->h) {
		if ((uint64_t)fb->w * g->h < (uint64_t)fb->h * g->w)
			num = fb->w, den = g->w;
		else
			num = fb->h, den = g->h;
	}
	unsigned dw = (unsigned)((uint64_t)g->w * num / den), dh = (unsigned)((uint64_t)g->h * num / den);
	unsigned x0 = (fb->w - dw) / 2, y0 = (fb->h - dh) / 2, bytes = fb->bpp / 8;
	for (unsigned y = 0; y < fb->h; y++) {
		uint8_t *row = fb->mem + (size_t)y * fb->stride;
		for (unsigned x = 0; x < fb->w; x++) {
			uint32_t rgb = 0;
			if (x >= x0 && x < x0 + dw && y >= y0 && y < y0 + dh) {
				unsigned gx = (unsigned)((uint64_t)(x - x0) * den / num);
				unsigned gy = (unsigned)((uint64_t)(y - y0) * den / num);
				rgb = g->pixels[(size_t)gy * g->w + gx];
			}
			uint32_t v = fb_pixel(fb, rgb);
			memcpy(row + (size_t)x * bytes, &v, bytes);
		}
	}
}

/* Reads one server message; 1 when the screen changed, 0 when not, -1 on
 * error. */
static int server_message(int fd, struct guest *g, bool *ext_keys)
{
	uint8_t h[16];
	if (read_full(fd, h, 1) < 0)
		return -1;
	switch (h[0]) {
	case 0: {   /* FramebufferUpdate */
		if (read_full(fd, h, 3) < 0)
			return -1;
		unsigned n = be16(h + 1);
		for (unsigned i = 0; i < n; i++) {
			if (read_full(fd, h, 12) < 0)
				return -1;
			unsigned x = be16(h), y = be16(h + 2), w = be16(h + 4), hh = be16(h + 6);
			int32_t enc = (int32_t)be32(h + 8);
			if (enc == ENC_DESKTOP_SIZE) {
				if (guest_resize(g, w, hh) < 0)
					return -1;
			} else if (enc == ENC_QEMU_EXT_KEY) {
				*ext_keys = true;
			} else if (enc == ENC_RAW) {
				if ((uint64_t)x + w > g->w || (uint64_t)y + hh > g->h)
					return -1;
				for (unsigned r = 0; r < hh; r++) {
					uint32_t *dst = g->pixels + (size_t)(y + r) * g->w + x;
					if (read_full(fd, dst, (size_t)w * 4) < 0)
						return -1;
					for (unsigned c = 0; c < w; c++)   /* little-endian on the wire */
						dst[c] = le32toh_bytes((const uint8_t *)&dst[c]);
				}
			} else {
				return -1;   /* an encoding we did not ask for */
			}
		}
		return 1;
	}
	case 1: {   /* SetColourMapEntries: not with true colour; skip */
		if (read_full(fd, h, 5) < 0)
			return -1;
		for (unsigned n = be16(h + 3); n; n--)
			if (read_full(fd, h, 6) < 0)
				return -1;
		return 0;
	}
	case 2:     /* Bell */
		return 0;
	case 3: {   /* ServerCutText */
		if (read_full(fd, h, 7) < 0)
			return -1;
		for (uint32_t n = be32(h + 3); n;) {
			uint32_t k = n > sizeof h ? sizeof h : n;
			if (read_full(fd, h, k) < 0)
				return -1;
			n -= k;
		}
		return 0;
	}
	default:
		return -1;
	}
}

static int send_key(int fd, unsigned keycode, bool down)
{
	uint32_t qnum = xv_keycode_to_qnum(keycode);
	if (!qnum)
		return 0;
	uint8_t m[12] = { 255, 0 };
	put16(m + 2, down);
	put32(m + 4, 0);       /* keysym: QEMU uses the scan code */
	put32(m + 8, qnum);
	return write_full(fd, m, sizeof m);
}

static int open_fb(const char *path, const char *size, struct fb *fb)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (size) {   /* a plain file: 32-bit 0x00RRGGBB */
		if (sscanf(size, "%ux%ux%u", &fb->w, &fb->h, &fb->bpp) != 3 || (fb->bpp != 16 && fb->bpp != 32) ||
		    !fb->w || !fb->h || fb->w > 8192 || fb->h > 8192) {
			close(fd);
			errno = EINVAL;
			return -1;
		}
		fb->stride = fb->w * fb->bpp / 8;
		if (fb->bpp == 32)
			fb->rshift = 16, fb->gshift = 8, fb->bshift = 0, fb->rlen = fb->glen = fb->blen = 8;
		else
			fb->rshift = 11, fb->gshift = 5, fb->bshift = 0, fb->rlen = 5, fb->glen = 6, fb->blen = 5;
		if (ftruncate(fd, (off_t)fb->stride * fb->h) < 0) {
			close(fd);
			return -1;
		}
	} else {
		struct fb_var_screeninfo v;
		struct fb_fix_screeninfo f;
		if (ioctl(fd, FBIOGET_VSCREENINFO, &v) < 0 || ioctl(fd, FBIOGET_FSCREENINFO, &f) < 0) {
			close(fd);
			return -1;
		}
		if (v.bits_per_pixel != 16 && v.bits_per_pixel != 32) {
			close(fd);
			errno = ENOTSUP;
			return -1;
		}
		fb->w = v.xres, fb->h = v.yres, fb->bpp = v.bits_per_pixel, fb->stride = f.line_length;
		fb->rshift = v.red.offset, fb->gshift = v.green.offset, fb->bshift = v.blue.offset;
		fb->rlen = v.red.length, fb->glen = v.green.length, fb->blen = v.blue.length;
	}
	fb->len = (size_t)fb->stride * fb->h;
	fb->mem = mmap(NULL, fb->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return fb->mem == MAP_FAILED ? -1 : 0;
}

/* The console: graphics mode (the kernel stops drawing its text) and raw
 * key codes, both put back on the way out, however it ends. */
struct console {
	int fd;
	bool is_vt;
	int kbmode;
	struct termios tio;
};

static void console_restore(struct console *c)
{
	if (!c->is_vt)
		return;
	ioctl(c->fd, KDSKBMODE, c->kbmode);
	ioctl(c->fd, KDSETMODE, KD_TEXT);
	tcsetattr(c->fd, TCSAFLUSH, &c->tio);
}

static void console_take(struct console *c)
{
	c->fd = STDIN_FILENO;
	c->is_vt = ioctl(c->fd, KDGKBMODE, &c->kbmode) == 0 && tcgetattr(c->fd, &c->tio) == 0;
	if (!c->is_vt)
		return;
	struct termios raw = c->tio;
	raw.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	raw.c_oflag &= ~(tcflag_t)OPOST;
	raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(c->fd, TCSAFLUSH, &raw);
	ioctl(c->fd, KDSETMODE, KD_GRAPHICS);
	ioctl(c->fd, KDSKBMODE, K_MEDIUMRAW);
}

int main(int argc, char **argv)
{
	const char *fb_path = "/dev/fb0", *fb_size = NULL;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--fb") == 0 && i + 1 < argc)
			fb_path = argv[++i];
		else if (strcmp(argv[i], "--fb-size") == 0 && i + 1 < argc)
			fb_size = argv[++i];
		else if (strcmp(argv[i], "--help") == 0) {
			puts("Usage: xenlive-vnc [--fb DEVICE] [--fb-size WxHxBPP] HOST PORT\n"
			     "Shows a VNC screen (an HVM guest's, served by its device model) full-screen on this\n"
			     "virtual console and sends it this console's keys.  Ctrl-] returns.");
			return 0;
		} else
			break;
	}
	if (argc - i != 2) {
		fprintf(stderr, "xenlive-vnc: give the VNC server's HOST and PORT, e.g. xenlive-vnc 127.0.0.1 5900\n");
		return 2;
	}
	struct fb fb = { 0 };
	if (open_fb(fb_path, fb_size, &fb) < 0) {
		fprintf(stderr, "xenlive-vnc: cannot use the framebuffer %s (%s); run it on the PC's own screen, "
			"or reach the guest's screen with a VNC viewer through an ssh tunnel\n", fb_path, strerror(errno));
		return 1;
	}
	int sock = connect_to(argv[i], argv[i + 1]);
	if (sock < 0) {
		fprintf(stderr, "xenlive-vnc: cannot connect to %s port %s: %s\n", argv[i], argv[i + 1], strerror(errno));
		return 1;
	}
	struct guest g = { 0 };
	const char *why;
	if (handshake(sock, &g, &why) < 0)
		return die(why);
	if (guest_resize(&g, g.w, g.h) < 0)
		return die("the VNC server announced a screen size out of range");

	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct console con;
	console_take(&con);

	bool ext_keys = false, ctrl = false;
	int rc = 0;
	const char *end = NULL;
	if (request_update(sock, &g, false) < 0)
		end = "the VNC server closed the connection";
	while (!end && !stop_signal) {
		struct pollfd p[2] = { { .fd = sock, .events = POLLIN }, { .fd = con.fd, .events = POLLIN } };
		if (poll(p, con.is_vt ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			end = "poll failed";
			break;
		}
		if (p[0].revents) {
			int changed = server_message(sock, &g, &ext_keys);
			if (changed < 0) {
				end = "the guest's screen went away (the guest stopped, or its device model did)";
				break;
			}
			if (changed) {
				draw(&fb, &g);
				if (request_update(sock, &g, true) < 0)
					end = "the VNC server closed the connection";
			}
		}
		if (con.is_vt && p[1].revents) {
			uint8_t keys[64];
			ssize_t n = read(con.fd, keys, sizeof keys);
			for (ssize_t k = 0; k < n; k++) {
				unsigned code = keys[k] & 0x7f;
				bool down = !(keys[k] & 0x80);
				if (code == 0 && k + 2 < n) {   /* a key code above 127 */
					code = (unsigned)(keys[k + 1] & 0x7f) << 7 | (keys[k + 2] & 0x7f);
					k += 2;
				}
				if (code == XV_KEY_LEFTCTRL || code == XV_KEY_RIGHTCTRL)
					ctrl = down;
				if (ctrl && down && code == XV_KEY_RIGHTBRACE) {
					end = "";
					break;
				}
				if (ext_keys && send_key(sock, code, down) < 0)
					end = "the VNC server closed the connection";
			}
		}
	}
	/* Let go of Ctrl in the guest, which saw it pressed. */
	if (ext_keys && ctrl)
		send_key(sock, XV_KEY_LEFTCTRL, false);
	console_restore(&con);
	munmap(fb.mem, fb.len);
	close(sock);
	free(g.pixels);
	if (end && *end) {
		fprintf(stderr, "xenlive-vnc: %s\n", end);
		rc = 1;
	}
	return rc;
}
