/* F6, htop's sort menu: the columns on screen, one a line; Enter sorts by
 * the highlighted one (the current one again: the other way). */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>

#include "screens.h"

#define SORT_MENU_WIDTH 26

/* The columns to choose from: those the table shows, but CPU HISTORY,
 * which sorts as CPU%. */
static int choices(const struct ui *ui, enum xt_field_id out[XT_F_COUNT])
{
	int n = 0;
	for (int f = 0; f < XT_F_COUNT; f++)
		if (ui->layout.shown[f] && f != XT_F_HISTORY)
			out[n++] = (enum xt_field_id)f;
	return n;
}

void sort_menu_open(struct ui *ui)
{
	enum xt_field_id f[XT_F_COUNT];
	int n = choices(ui, f);
	ui->sort_cursor = 0;
	for (int i = 0; i < n; i++)
		if (f[i] == ui->sort_field)
			ui->sort_cursor = i;
	ui->screen = SCREEN_SORT;
}

void sort_menu_draw(struct ui *ui)
{
	enum xt_field_id f[XT_F_COUNT];
	int n = choices(ui, f), height = n + 3;
	if (!ui_fits(ui, height, SORT_MENU_WIDTH, "the sort menu"))
		return;
	if (ui->sort_cursor >= n)
		ui->sort_cursor = n ? n - 1 : 0;
	int top = (LINES - height) / 2, left = (COLS - SORT_MENU_WIDTH) / 2;
	ui->layout.box_top = top;
	ui->layout.box_left = left;
	ui->layout.box_width = SORT_MENU_WIDTH;
	ui_box(top, left, height, SORT_MENU_WIDTH, "Sort by", ui->attrs[UA_HEADER]);
	for (int i = 0; i < n; i++) {
		char line[40];
		const struct xt_field *fd = &xt_fields[f[i]];
		const char *arrow = fd->descending != ui->sort_reverse ? "v" : "^";
		snprintf(line, sizeof line, "%-12s%s%s", fd->header, f[i] == ui->sort_field ? "now " : "",
			 f[i] == ui->sort_field ? arrow : "");
		ui_put(top + 1 + i, left + 2, SORT_MENU_WIDTH - 4, i == ui->sort_cursor ? ui->attrs[UA_SELECTED] : (int)A_NORMAL,
		       line);
	}
	ui_put(top + height - 2, left + 2, SORT_MENU_WIDTH - 4, ui->attrs[UA_DIM], "Enter sort  Esc close");
}

static void pick(struct ui *ui, int i)
{
	enum xt_field_id f[XT_F_COUNT];
	int n = choices(ui, f);
	ui->screen = SCREEN_TABLE;
	if (i < 0 || i >= n)
		return;
	if (ui->sort_field == f[i])
		ui->sort_reverse = !ui->sort_reverse;
	else {
		ui->sort_field = f[i];
		ui->sort_reverse = false;
	}
}

void sort_menu_key(struct ui *ui, int ch)
{
	enum xt_field_id f[XT_F_COUNT];
	int n = choices(ui, f);
	switch (ch) {
	case KEY_UP: case 'k': if (ui->sort_cursor > 0) ui->sort_cursor--; break;
	case KEY_DOWN: case 'j': if (ui->sort_cursor + 1 < n) ui->sort_cursor++; break;
	case KEY_HOME: case 'g': ui->sort_cursor = 0; break;
	case KEY_END: case 'G': ui->sort_cursor = n ? n - 1 : 0; break;
	case '\r': case '\n': case KEY_ENTER: pick(ui, ui->sort_cursor); break;
	case 27: case 'q': case KEY_F(6): case KEY_F(10): ui->screen = SCREEN_TABLE; break;
	default: ui_message(ui, false, "that key does nothing here; Enter sorts, Esc closes"); break;
	}
}

void sort_menu_mouse(struct ui *ui, enum ui_click click, int y, int x)
{
	const struct ui_layout *l = &ui->layout;
	if (click == CLICK_WHEEL_UP || click == CLICK_WHEEL_DOWN) {
		sort_menu_key(ui, click == CLICK_WHEEL_UP ? KEY_UP : KEY_DOWN);
		return;
	}
	/* A column picks it; a click outside the box closes it. */
	if (x > l->box_left && x < l->box_left + l->box_width - 1 && y > l->box_top)
		pick(ui, y - l->box_top - 1);
	else
		ui->screen = SCREEN_TABLE;
}
