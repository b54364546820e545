/* The terminal's safety: stderr kept off the screen, signals that restore
 * the terminal on every exit path including crashes, and leaving curses for
 * a while (a console) and coming back. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <term.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/proc.h"
#include "screens.h"

static int saved_stderr = -1;      /* the real stderr while curses runs */
static int stderr_pipe = -1;       /* read end of what libraries write */
static volatile sig_atomic_t stop_signal;
static int pipe_stderr_saved = -1;  /* the capture pipe while outside curses */

/* ---- terminal safety ---- */

static void restore_stderr(void)
{
	if (saved_stderr >= 0) {
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
		saved_stderr = -1;
	}
}

void term_restore(void)
{
	if (!isendwin())
		endwin();
	restore_stderr();
}

static void crash_handler(int sig)
{
	/* Not async-signal-safe in theory; in practice the only way to hand
	 * the user back a usable terminal after a crash (htop does the same). */
	endwin();
	if (saved_stderr >= 0)
		dup2(saved_stderr, STDERR_FILENO);
	static const char msg[] = "xtop: crashed; the terminal has been restored\n";
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
		/* nothing more to do */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void stop_handler(int sig)
{
	stop_signal = sig;
}

static void install_signal_handlers(void)
{
	struct sigaction sa = { .sa_handler = crash_handler };
	sigemptyset(&sa.sa_mask);
	int crashes[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++)
		sigaction(crashes[i], &sa, NULL);
	struct sigaction st = { .sa_handler = stop_handler };
	sigemptyset(&st.sa_mask);
	sigaction(SIGTERM, &st, NULL);
	sigaction(SIGHUP, &st, NULL);
	sigaction(SIGINT, &st, NULL);
}

/* libxenstat (and libxc) print warnings on stderr; while curses owns the
 * screen they go into a pipe instead, and the last line is shown in the
 * footer. */
static void capture_stderr(void)
{
	int fds[2];
	if (pipe(fds) < 0)
		return;
	saved_stderr = dup(STDERR_FILENO);
	if (saved_stderr < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);  /* a full pipe drops, never blocks */
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	dup2(fds[1], STDERR_FILENO);
	close(fds[1]);
	stderr_pipe = fds[0];
}

void term_drain_stderr(char *last_line, size_t len)
{
	if (stderr_pipe < 0)
		return;
	char buf[1024];
	ssize_t n;
	while ((n = read(stderr_pipe, buf, sizeof buf - 1)) > 0) {
		buf[n] = '\0';
		/* Keep the last non-empty line. */
		char *save = NULL;
		for (char *line = strtok_r(buf, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save))
			if (*line)
				snprintf(last_line, len, "%s", line);
	}
}

bool term_can_draw(char *why, size_t len)
{
	const char *name = getenv("TERM");
	int err = 0;
	if (!name || !*name) {
		snprintf(why, len, "TERM is not set, so the screen cannot be drawn; set it (TERM=linux or xterm) or use -b for batch output");
		return false;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		snprintf(why, len, "the terminal type '%s' is unknown here; set TERM to a known one (linux, xterm) or use -b for batch output",
			 name);
		return false;
	}
	/* Without cursor addressing curses draws a blank screen with fragments. */
	const char *cup = tigetstr("cup");
	bool ok = cup && cup != (const char *)-1;
	del_curterm(cur_term);
	if (!ok)
		snprintf(why, len, "the terminal type '%s' cannot move the cursor, so the screen cannot be drawn; use a full terminal (TERM=linux or xterm) or -b for batch output",
			 name);
	return ok;
}

void term_setup(void)
{
	capture_stderr();
	install_signal_handlers();
	atexit(term_restore);
}

bool term_stop_requested(void)
{
	return stop_signal != 0;
}

/* Called before initscr() fails: stderr back for the message. */
void term_release_stderr(void)
{
	restore_stderr();
}

void term_leave(const char *banner)
{
	def_prog_mode();
	endwin();
	/* What runs now gets the real stderr, not the capture pipe. */
	pipe_stderr_saved = -1;
	if (saved_stderr >= 0) {
		pipe_stderr_saved = dup(STDERR_FILENO);
		dup2(saved_stderr, STDERR_FILENO);
	}
	if (banner) {
		fputs(banner, stdout);
		fflush(stdout);
	}
}

void term_return(void)
{
	if (pipe_stderr_saved >= 0) {
		dup2(pipe_stderr_saved, STDERR_FILENO);
		close(pipe_stderr_saved);
		pipe_stderr_saved = -1;
	}
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

/* A Linux virtual console (/dev/ttyN) is shared with the kernel and with
 * anything that writes to /dev/console or /dev/ttyN behind curses' back;
 * curses cannot know, so there the whole screen is repainted every 30
 * refreshes.  Not more often: on a framebuffer console under emulation a
 * full repaint costs dom0 enough to slow every guest's start.  Ctrl-L
 * repaints at once, anywhere. */
bool term_on_linux_console(void)
{
	return xt_on_virtual_console(STDOUT_FILENO);
}

