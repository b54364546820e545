/* The interactive loop: sampling on a fixed schedule, key dispatch to the
 * current screen, stderr kept off the screen, and the terminal restored
 * on every exit path including crashes. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../src/proc.h"
#include "screens.h"
#include "ui.h"

static int saved_stderr = -1;      /* the real stderr while curses runs */
static int stderr_pipe = -1;       /* read end of what libraries write */
static volatile sig_atomic_t stop_signal;

/* ---- terminal safety ---- */

static void restore_stderr(void)
{
	if (saved_stderr >= 0) {
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
		saved_stderr = -1;
	}
}

static void restore_terminal(void)
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

static void drain_stderr(struct ui *ui)
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
				snprintf(ui->lib_message, sizeof ui->lib_message, "%s", line);
	}
}

/* ---- shared helpers ---- */

void ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	ui->message_error = error;
	ui->message_until_ns = xt_monotonic_ns() + (error ? 8 : 4) * 1000000000ull;
}

static bool name_matches(const char *name, const char *filter)
{
	size_t fl = strlen(filter);
	if (!fl)
		return true;
	for (const char *p = name; *p; p++) {
		size_t i = 0;
		while (i < fl && p[i] && ((p[i] | 32) == (filter[i] | 32) ||
					  (p[i] == filter[i])))
			i++;
		if (i == fl)
			return true;
	}
	return false;
}

void ui_rebuild_rows(struct ui *ui)
{
	struct xt_stats *st = &ui->stats;
	if (ui->rows_cap < st->n) {
		size_t cap = st->n + 64;
		const struct xt_domain_view **grown = realloc(ui->rows, cap * sizeof *grown);
		if (!grown)
			return;
		ui->rows = grown;
		ui->rows_cap = cap;
	}
	size_t n = 0;
	for (size_t i = 0; i < st->n; i++)
		if (name_matches(st->views[i].s.name, ui->filter))
			ui->rows[n++] = &st->views[i];
	struct xt_fmt_ctx ctx = { ui->cpu_mode, &st->host, st->host.wall_time, ui->unicode };
	xt_sort_views(ui->rows, n, ui->sort_field, ui->sort_reverse, &ctx);
	ui->nrows = n;
	/* Keep the selection on the same domain; if it vanished, stay at the
	 * same position. */
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		if (ui->rows[i]->s.id == ui->selected_id) {
			ui->selected = i;
			found = true;
			break;
		}
	}
	if (!found) {
		if (ui->selected >= n)
			ui->selected = n ? n - 1 : 0;
		ui->selected_id = n ? ui->rows[ui->selected]->s.id : UINT32_MAX;
	}
}

const struct xt_domain_view *ui_selected(const struct ui *ui)
{
	return ui->nrows ? ui->rows[ui->selected] : NULL;
}

int ui_run_outside(struct ui *ui, char *const argv[], const char *banner, char *err, size_t errlen)
{
	(void)ui;
	def_prog_mode();
	endwin();
	/* The child gets the real stderr, not the capture pipe. */
	int pipe_stderr = -1;
	if (saved_stderr >= 0) {
		pipe_stderr = dup(STDERR_FILENO);
		dup2(saved_stderr, STDERR_FILENO);
	}
	if (banner) {
		fputs(banner, stdout);
		fflush(stdout);
	}
	int rc = xt_run_interactive(argv, err, errlen);
	if (pipe_stderr >= 0) {
		dup2(pipe_stderr, STDERR_FILENO);
		close(pipe_stderr);
	}
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	return rc;
}

/* ---- setup ---- */

static void setup_colors(struct ui *ui)
{
	for (int i = 0; i < UA_COUNT; i++)
		ui->attrs[i] = A_NORMAL;
	ui->attrs[UA_HEADER] = A_BOLD;
	ui->attrs[UA_COLUMNS] = A_REVERSE;
	ui->attrs[UA_SELECTED] = A_REVERSE | A_BOLD;
	ui->attrs[UA_NEW] = A_BOLD | A_UNDERLINE;
	ui->attrs[UA_PAUSED] = A_DIM;
	ui->attrs[UA_ERROR] = A_BOLD | A_REVERSE;
	ui->attrs[UA_BAR] = A_BOLD;
	ui->attrs[UA_DIM] = A_DIM;
	ui->attrs[UA_KEY] = A_REVERSE;
	ui->colors = !ui->opts->no_color && has_colors() && getenv("NO_COLOR") == NULL;
	if (!ui->colors)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_CYAN, -1);           /* header */
	init_pair(2, COLOR_BLACK, COLOR_GREEN); /* column titles */
	init_pair(3, COLOR_BLACK, COLOR_CYAN);  /* selection */
	init_pair(4, COLOR_GREEN, -1);          /* new domain */
	init_pair(5, COLOR_YELLOW, -1);         /* paused */
	init_pair(6, COLOR_WHITE, COLOR_RED);   /* error */
	init_pair(7, COLOR_GREEN, -1);          /* bars */
	init_pair(8, COLOR_BLUE, -1);           /* dim */
	init_pair(9, COLOR_BLACK, COLOR_CYAN);  /* key labels */
	ui->attrs[UA_HEADER] = COLOR_PAIR(1) | A_BOLD;
	ui->attrs[UA_COLUMNS] = COLOR_PAIR(2);
	ui->attrs[UA_SELECTED] = COLOR_PAIR(3);
	ui->attrs[UA_NEW] = COLOR_PAIR(4) | A_BOLD;
	ui->attrs[UA_PAUSED] = COLOR_PAIR(5);
	ui->attrs[UA_ERROR] = COLOR_PAIR(6) | A_BOLD;
	ui->attrs[UA_BAR] = COLOR_PAIR(7) | A_BOLD;
	ui->attrs[UA_DIM] = COLOR_PAIR(8) | A_BOLD;
	ui->attrs[UA_KEY] = COLOR_PAIR(9);
}

static int take_sample(struct ui *ui)
{
	char err[256];
	if (ui->be->ops->sample(ui->be, &ui->sample, err, sizeof err) < 0) {
		ui_message(ui, true, "%s", err);
		return -1;
	}
	if (xt_stats_update(&ui->stats, &ui->sample) < 0) {
		ui_message(ui, true, "out of memory");
		return -1;
	}
	return 0;
}

static void ui_init_state(struct ui *ui, struct xt_backend *be, const struct xt_options *opts)
{
	memset(ui, 0, sizeof *ui);
	ui->be = be;
	ui->opts = opts;
	ui->sort_field = opts->sort_field;
	ui->sort_reverse = opts->sort_reverse;
	ui->cpu_mode = opts->cpu_mode;
	ui->delay_s = opts->delay_s;
	ui->selected_id = UINT32_MAX;
	xt_stats_init(&ui->stats);
	const char *codeset = nl_langinfo(CODESET);
	ui->unicode = !opts->ascii && codeset && strcmp(codeset, "UTF-8") == 0;
}

static void ui_free_state(struct ui *ui)
{
	launch_close(ui);
	xt_sample_free(&ui->sample);
	xt_stats_free(&ui->stats);
	free(ui->rows);
}

static void draw(struct ui *ui)
{
	erase();
	table_draw(ui);
	if (ui->screen == SCREEN_HELP)
		help_draw(ui);
	else if (ui->screen == SCREEN_LAUNCH)
		launch_draw(ui);
	else if (ui->screen == SCREEN_CONFIRM)
		confirm_draw(ui);
	/* Everything goes out in one update: curses sends only the cells
	 * that changed, so nothing flickers. */
	refresh();
}

static void dispatch_key(struct ui *ui, int ch)
{
	if (ch == KEY_RESIZE)
		return;
	if (ch == 12) {  /* Ctrl-L */
		clearok(curscr, TRUE);
		return;
	}
	switch (ui->screen) {
	case SCREEN_HELP: help_key(ui, ch); break;
	case SCREEN_LAUNCH: launch_key(ui, ch); break;
	case SCREEN_CONFIRM: confirm_key(ui, ch); break;
	default:
		if (ui->prompt != PROMPT_NONE)
			prompt_key(ui, ch);
		else
			table_key(ui, ch);
	}
}

/* A Linux virtual console (/dev/ttyN) is shared with the kernel and with
 * anything that writes to /dev/console or /dev/ttyN behind curses' back;
 * curses cannot know, so there the whole screen is repainted every 30
 * refreshes.  Not more often: on a framebuffer console under emulation a
 * full repaint costs dom0 enough to slow every guest's start.  Ctrl-L
 * repaints at once, anywhere. */
static bool on_linux_console(void)
{
	const char *name = ttyname(STDOUT_FILENO);
	if (!name || strncmp(name, "/dev/tty", 8) != 0 || !name[8])
		return false;
	for (const char *p = name + 8; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

int xt_ui_run(struct xt_backend *be, const struct xt_options *opts)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "xtop: the interactive screen needs a terminal; use -b for batch output\n");
		return 2;
	}
	setlocale(LC_CTYPE, "");
	struct ui ui;
	ui_init_state(&ui, be, opts);
	if (take_sample(&ui) < 0) {
		fprintf(stderr, "xtop: %s\n", ui.message);
		ui_free_state(&ui);
		return 1;
	}
	ui.started_ns = ui.stats.last_ns;
	ui.next_sample_ns = ui.stats.last_ns + (uint64_t)(ui.delay_s * 1e9);

	capture_stderr();
	install_signal_handlers();
	atexit(restore_terminal);
	if (!initscr()) {
		restore_stderr();
		fprintf(stderr, "xtop: cannot initialise the terminal (is TERM set?)\n");
		ui_free_state(&ui);
		return 1;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	setup_colors(&ui);
	ui_rebuild_rows(&ui);
	ui.repaint_each_sample = on_linux_console();

	while (!ui.quit && !stop_signal) {
		drain_stderr(&ui);
		draw(&ui);
		uint64_t now = xt_monotonic_ns();
		int wait_ms = now >= ui.next_sample_ns ? 0 : (int)((ui.next_sample_ns - now + 999999) / 1000000);
		timeout(wait_ms);
		int ch = getch();
		if (ch != ERR)
			dispatch_key(&ui, ch);
		/* Samples follow the clock only: a key press redraws but never
		 * starts a new measuring window early. */
		now = xt_monotonic_ns();
		if (now >= ui.next_sample_ns) {
			take_sample(&ui);
			if (ui.repaint_each_sample && ++ui.samples_since_repaint >= 30) {
				ui.samples_since_repaint = 0;
				clearok(curscr, TRUE);
			}
			uint64_t step = (uint64_t)(ui.delay_s * 1e9);
			ui.next_sample_ns += step;
			if (ui.next_sample_ns <= now)
				ui.next_sample_ns = now + step;
		}
		ui_rebuild_rows(&ui);
	}
	restore_terminal();
	ui_free_state(&ui);
	return 0;
}

int xt_ui_bench(struct xt_backend *be, const struct xt_options *opts)
{
	setlocale(LC_CTYPE, "");
	FILE *null_out = fopen("/dev/null", "w");
	FILE *null_in = fopen("/dev/null", "r");
	if (!null_out || !null_in) {
		fprintf(stderr, "xtop: cannot open /dev/null\n");
		return 1;
	}
	SCREEN *scr = newterm("xterm-256color", null_out, null_in);
	if (!scr) {
		fprintf(stderr, "xtop: no terminfo entry for xterm-256color\n");
		return 1;
	}
	set_term(scr);
	resizeterm(50, 200);
	struct ui ui;
	ui_init_state(&ui, be, opts);
	setup_colors(&ui);
	int rc = take_sample(&ui);
	struct rusage before, after;
	getrusage(RUSAGE_SELF, &before);
	uint64_t start = xt_monotonic_ns();
	for (unsigned long i = 0; rc == 0 && i < opts->bench_refreshes; i++) {
		rc = take_sample(&ui);
		ui_rebuild_rows(&ui);
		draw(&ui);
	}
	uint64_t wall = xt_monotonic_ns() - start;
	getrusage(RUSAGE_SELF, &after);
	endwin();
	delscreen(scr);
	fclose(null_out);
	fclose(null_in);
	double cpu_us = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1e6 +
			(double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) +
			(double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e6 +
			(double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec);
	printf("domains=%zu refreshes=%lu cpu_us_per_refresh=%.1f wall_us_per_refresh=%.1f\n", ui.stats.n,
	       opts->bench_refreshes, cpu_us / (double)opts->bench_refreshes,
	       (double)wall / 1e3 / (double)opts->bench_refreshes);
	ui_free_state(&ui);
	return rc == 0 ? 0 : 1;
}
