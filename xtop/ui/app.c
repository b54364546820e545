/* The interactive loop: sampling on a fixed schedule, the rows shown, and
 * the screen table that draws the current screen and hands it keys and
 * clicks.  The terminal's safety is term.c's, drawing helpers are draw.c's,
 * the message line message.c's. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screens.h"
#include "ui.h"

/* ---- the rows ---- */

/* Saved guests are rows too, below the domains, with ids no domain has. */
#define SAVED_ID_BASE 0x10000u

static void refresh_saved(struct ui *ui)
{
	char err[256];
	struct xt_saved *list;
	size_t n;
	if (xt_saved_list(ui->opts->save_dir, &list, &n, err, sizeof err) < 0)
		return;
	struct xt_domain_view *views = n ? calloc(n, sizeof *views) : NULL;
	if (n && !views) {
		free(list);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		views[i].s.id = SAVED_ID_BASE + (uint32_t)i;
		snprintf(views[i].s.name, sizeof views[i].s.name, "%s", list[i].name);
		views[i].s.mem_bytes = list[i].bytes;
		views[i].s.maxmem_bytes = list[i].bytes;
		views[i].s.state = XT_SAVED;
		views[i].s.weight = views[i].s.cap = -1;
	}
	free(ui->saved);
	free(ui->saved_views);
	ui->saved = list;
	ui->saved_views = views;
	ui->nsaved = n;
}

void ui_rebuild_rows(struct ui *ui)
{
	struct xt_stats *st = &ui->stats;
	if (ui->rows_cap < st->n + ui->nsaved) {
		size_t cap = st->n + ui->nsaved + 64;
		const struct xt_domain_view **grown = realloc(ui->rows, cap * sizeof *grown);
		if (!grown)
			return;
		ui->rows = grown;
		ui->rows_cap = cap;
	}
	size_t n = xt_filter_views(st, ui->filter, ui->rows);
	struct xt_fmt_ctx ctx = { ui->cpu_mode, &st->host, st->host.wall_time, ui->unicode };
	xt_sort_views(ui->rows, n, ui->sort_field, ui->sort_reverse, &ctx);
	for (size_t i = 0; i < ui->nsaved; i++)
		if (xt_name_matches(ui->saved_views[i].s.name, ui->filter))
			ui->rows[n++] = &ui->saved_views[i];
	ui->nrows = n;
	/* Keep the selection on the same domain; then on the same name (a
	 * guest saved, restored or migrated comes back with another id); if it
	 * vanished, stay at the same position. */
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		if (ui->rows[i]->s.id == ui->selected_id) {
			ui->selected = i;
			found = true;
		}
	for (size_t i = 0; i < n && !found; i++)
		if (strcmp(ui->rows[i]->s.name, ui->selected_name) == 0) {
			ui->selected = i;
			found = true;
		}
	if (!found && ui->selected >= n)
		ui->selected = n ? n - 1 : 0;
	ui->selected_id = n ? ui->rows[ui->selected]->s.id : UINT32_MAX;
	if (n && !found)
		snprintf(ui->selected_name, sizeof ui->selected_name, "%s", ui->rows[ui->selected]->s.name);
}

/* ---- setup ---- */

int ui_take_sample(struct ui *ui)
{
	char err[256];
	/* Weight, cap and target cost a hypercall and a xenstore read per
	 * domain: only while they are shown. */
	ui->sample.want_control = ui->show_control || ui->screen == SCREEN_MENU || ui->screen == SCREEN_VALUE ||
				  ui->detail.open;
	/* Per-device counters only for the domain page's networks and disks. */
	ui->sample.want_devices = ui->detail.open;
	refresh_saved(ui);
	if (ui->be->ops->pool && ui->be->ops->pool(ui->be, &ui->pool, err, sizeof err) < 0)
		ui->pool.nhosts = ui->pool.ndomains = ui->pool.nserves = 0;
	if (ui->be->ops->sample(ui->be, &ui->sample, err, sizeof err) < 0) {
		ui_message(ui, true, "%s", err);
		return -1;
	}
	/* The names before, to tell which domains went and why. */
	size_t before_n = ui->stats.n;
	struct gone { uint32_t id; char name[XT_NAME_MAX]; } *before = before_n ? malloc(before_n * sizeof *before) : NULL;
	for (size_t i = 0; before && i < before_n; i++) {
		before[i].id = ui->stats.views[i].s.id;
		memcpy(before[i].name, ui->stats.views[i].s.name, XT_NAME_MAX);
	}
	if (xt_stats_update(&ui->stats, &ui->sample) < 0) {
		free(before);
		ui_message(ui, true, "out of memory");
		return -1;
	}
	for (size_t i = 0; before && i < before_n; i++) {
		char why[256];
		if (xt_stats_find(&ui->stats, before[i].id) || !ui->be->ops->why_gone)
			continue;
		ui->be->ops->why_gone(ui->be, before[i].name, why, sizeof why);
		if (why[0])
			ui_message(ui, strncmp(why, "crashed", 7) == 0, "%s %s", before[i].name, why);
	}
	free(before);
	return 0;
}

void ui_init_state(struct ui *ui, struct xt_backend *be, const struct xt_options *opts)
{
	memset(ui, 0, sizeof *ui);
	ui->be = be;
	ui->opts = opts;
	ui->redraw = ui_draw;
	ui->sort_field = opts->sort_field;
	ui->sort_reverse = opts->sort_reverse;
	ui->cpu_mode = opts->cpu_mode;
	ui->delay_s = opts->delay_s;
	ui->show_control = opts->all_columns;
	ui->selected_id = UINT32_MAX;
	xt_stats_init(&ui->stats);
	const char *codeset = nl_langinfo(CODESET);
	ui->unicode = !opts->ascii && codeset && strcmp(codeset, "UTF-8") == 0;
}

void ui_free_state(struct ui *ui)
{
	launch_close(ui);
	xt_sample_free(&ui->sample);
	xt_stats_free(&ui->stats);
	free(ui->rows);
	free(ui->saved);
	free(ui->saved_views);
}

/* ---- the screens ---- */

/* The table, or the domain page standing in its place: drawn under every
 * dialog. */
static void base_draw(struct ui *ui)
{
	if (ui->detail.open)
		detail_draw(ui);
	else
		table_draw(ui);
}

/* A prompt open on the footer takes the keys before the table or page. */
static void base_key(struct ui *ui, int ch)
{
	if (ui->prompt == PROMPT_SEARCH)
		search_key(ui, ch);
	else if (ui->prompt != PROMPT_NONE)
		prompt_key(ui, ch);
	else if (ui->detail.open)
		detail_key(ui, ch);
	else
		table_key(ui, ch);
}

static void base_mouse(struct ui *ui, enum ui_click click, int y, int x)
{
	if (ui->prompt == PROMPT_NONE && !ui->detail.open)
		table_mouse(ui, click, y, x);
}

/* Each screen: what it draws over the base (NULL: the base is all of it),
 * and what takes its keys and clicks (NULL: clicks do nothing there). */
static const struct screen {
	void (*draw)(struct ui *);
	void (*key)(struct ui *, int ch);
	void (*mouse)(struct ui *, enum ui_click, int y, int x);
} screens[] = {
	[SCREEN_TABLE] = { NULL, base_key, base_mouse },
	[SCREEN_HELP] = { help_draw, help_key, help_mouse },
	[SCREEN_LAUNCH] = { launch_draw, launch_key, NULL },
	[SCREEN_CONFIRM] = { confirm_draw, confirm_key, NULL },
	[SCREEN_MENU] = { menu_draw, menu_key, NULL },
	[SCREEN_VALUE] = { value_draw, value_key, NULL },
	[SCREEN_SORT] = { sort_menu_draw, sort_menu_key, sort_menu_mouse },
};

void ui_draw(struct ui *ui)
{
	erase();
	base_draw(ui);
	enum ui_screen drawn = ui->screen;
	if (screens[drawn].draw)
		screens[drawn].draw(ui);
	/* A dialog the terminal cannot hold closed itself with a sentence
	 * (ui_fits): the table again, showing it. */
	if (ui->screen != drawn) {
		erase();
		base_draw(ui);
	}
	/* Everything goes out in one update: curses sends only the cells
	 * that changed, so nothing flickers. */
	refresh();
}

/* xterm mouse reports: a press of the first button, or the wheel. */
static void dispatch_mouse(struct ui *ui)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	enum ui_click click;
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		click = CLICK_LEFT;
	else if (ev.bstate & BUTTON4_PRESSED)
		click = CLICK_WHEEL_UP;
	else if (ev.bstate & BUTTON5_PRESSED)
		click = CLICK_WHEEL_DOWN;
	else
		return;
	if (screens[ui->screen].mouse)
		screens[ui->screen].mouse(ui, click, ev.y, ev.x);
}

/* ---- saved settings ---- */

static void settings_now(const struct ui *ui, struct xt_settings *s)
{
	*s = ui->settings_seen;     /* colour: never changed on the screen */
	s->sort_field = ui->sort_field;
	s->sort_reverse = ui->sort_reverse;
	s->cpu_mode = ui->cpu_mode;
	s->delay_s = ui->delay_s;
	s->all_columns = ui->show_control;
}

/* Writes the file when a setting changed on the screen, and at the end
 * when an earlier write failed; false (the reason in err) when it fails. */
static bool save_settings(struct ui *ui, bool at_end, char *err, size_t errlen)
{
	const struct xt_settings_file *sf = ui->opts->settings;
	if (!sf || !sf->path[0])
		return true;
	struct xt_settings now;
	settings_now(ui, &now);
	bool changed = xt_settings_follow(&ui->settings_file, &ui->settings_seen, &now);
	ui->settings_seen = now;
	ui->settings_unsaved |= changed;
	if (!ui->settings_unsaved || (!changed && !at_end))
		return true;
	if (xt_settings_save(sf->path, &ui->settings_file, err, errlen) < 0)
		return false;
	ui->settings_unsaved = false;
	return true;
}

static void dispatch_key(struct ui *ui, int ch)
{
	if (ch == KEY_RESIZE)
		return;
	if (ch == 12) {  /* Ctrl-L */
		clearok(curscr, TRUE);
		return;
	}
	if (ch == KEY_MOUSE) {
		dispatch_mouse(ui);
		return;
	}
	screens[ui->screen].key(ui, ch);
}

int xt_ui_run(struct xt_backend *be, const struct xt_options *opts)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "xtop: the interactive screen needs a terminal; use -b for batch output\n");
		return 2;
	}
	char why[256];
	if (!term_can_draw(why, sizeof why)) {
		fprintf(stderr, "xtop: %s\n", why);
		return 2;
	}
	setlocale(LC_CTYPE, "");
	struct ui ui;
	ui_init_state(&ui, be, opts);
	if (ui_take_sample(&ui) < 0) {
		fprintf(stderr, "xtop: %s\n", ui.message);
		ui_free_state(&ui);
		return 1;
	}
	ui.started_ns = ui.stats.last_ns;
	ui.next_sample_ns = ui.stats.last_ns + (uint64_t)(ui.delay_s * 1e9);

	term_setup();
	if (!initscr()) {
		term_release_stderr();
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
	/* xterm mouse reports; presses act at once, no waiting for a click.
	 * Every event is asked for: one left out of the mask (a release) makes
	 * getch wait for the next input, past its timeout. */
	mousemask(ALL_MOUSE_EVENTS, NULL);
	mouseinterval(0);
	ui_setup_colors(&ui);
	ui_rebuild_rows(&ui);
	ui.repaint_each_sample = term_on_linux_console();
	if (opts->settings) {
		ui.settings_file = ui.settings_seen = opts->settings->saved;
		settings_now(&ui, &ui.settings_seen);
		if (opts->settings->error[0])
			ui_message(&ui, true, "%s", opts->settings->error);
	}
	char settings_err[XT_SETTINGS_PATH_MAX + 256] = "";

	while (!ui.quit && !term_stop_requested()) {
		term_drain_stderr(ui.lib_message, sizeof ui.lib_message);
		ui_draw(&ui);
		uint64_t now = xt_monotonic_ns();
		int wait_ms = now >= ui.next_sample_ns ? 0 : (int)((ui.next_sample_ns - now + 999999) / 1000000);
		timeout(wait_ms);
		int ch = getch();
		if (ch != ERR)
			dispatch_key(&ui, ch);
		/* Samples follow the clock: a key press redraws but never starts
		 * a new measuring window early, except after an action that gives
		 * a guest a new id (save, restore, migrate), whose old row would
		 * otherwise point at a domain that is gone. */
		now = xt_monotonic_ns();
		if (ui.resample_now)
			ui.next_sample_ns = now;
		ui.resample_now = false;
		if (now >= ui.next_sample_ns) {
			ui_take_sample(&ui);
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
		if (!save_settings(&ui, false, settings_err, sizeof settings_err))
			ui_message(&ui, true, "%s", settings_err);
	}
	term_restore();
	if (!save_settings(&ui, true, settings_err, sizeof settings_err))
		fprintf(stderr, "xtop: %s\n", settings_err);
	ui_free_state(&ui);
	return 0;
}

