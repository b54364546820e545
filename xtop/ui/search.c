/* F3, htop's search: type part of a name and the selection jumps to the
 * next row that has it; F3 again goes on to the one after.  Unlike the
 * filter, every row stays. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "screens.h"

static void jump(struct ui *ui, size_t from, int dir);

/* With text from last time, F3 goes on to the next row that has it. */
void search_open(struct ui *ui)
{
	ui->prompt = PROMPT_SEARCH;
	ui->prompt_note[0] = '\0';
	ui->search_failed = false;
	if (ui->search[0])
		jump(ui, ui->selected + 1, 1);
}

/* Selects the first row from `from` on (wrapping round, in direction dir)
 * whose name has the search text. */
static void jump(struct ui *ui, size_t from, int dir)
{
	ui->search_failed = false;
	if (!ui->search[0] || !ui->nrows)
		return;
	for (size_t i = 0; i < ui->nrows; i++) {
		size_t idx = (from + (dir > 0 ? i : ui->nrows - i)) % ui->nrows;
		if (xt_name_matches(ui->rows[idx]->s.name, ui->search)) {
			ui->selected = idx;
			ui->selected_id = ui->rows[idx]->s.id;
			snprintf(ui->selected_name, sizeof ui->selected_name, "%s", ui->rows[idx]->s.name);
			return;
		}
	}
	ui->search_failed = true;
}

void search_draw(struct ui *ui, int row)
{
	char line[260];
	/* Why the last key typed nothing comes first, as in the other
	 * fields. */
	size_t at = 0;
	if (ui->prompt_note[0])
		at = (size_t)snprintf(line, sizeof line, "(%s) ", ui->prompt_note);
	snprintf(line + at, sizeof line - at, "Search: %s_   %s", ui->search,
		 ui->search_failed ? "no name has it" : "F3 next  Shift-F3 previous  Enter/Esc done");
	ui_fill_line(row, ui->attrs[UA_HEADER]);
	ui_put(row, 0, COLS, ui->search_failed ? ui->attrs[UA_ERROR] : ui->attrs[UA_HEADER], line);
}

void search_key(struct ui *ui, int ch)
{
	size_t len = strlen(ui->search);
	ui->prompt_note[0] = '\0';
	switch (ch) {
	case 27: case '\r': case '\n': case KEY_ENTER: case KEY_F(10):
		ui->prompt = PROMPT_NONE;
		return;
	case KEY_F(3): case KEY_DOWN: jump(ui, ui->selected + 1, 1); return;
	case KEY_F(15): case KEY_UP: jump(ui, ui->selected + ui->nrows - 1, -1); return;
	case KEY_BACKSPACE: case 127: case 8:
		if (len)
			ui->search[len - 1] = '\0';
		jump(ui, ui->selected, 1);
		return;
	default: break;
	}
	/* Like every field, it keeps what is typed or says why not. */
	if (ch >= 0x80 && ch < 0x100) {
		snprintf(ui->prompt_note, sizeof ui->prompt_note, "only plain ASCII characters can be typed here");
	} else if (ch >= 0x20 && ch < 0x7f) {
		if (len + 1 < sizeof ui->search) {
			ui->search[len] = (char)ch;
			ui->search[len + 1] = '\0';
			jump(ui, ui->selected, 1);
		} else {
			snprintf(ui->prompt_note, sizeof ui->prompt_note, "full at %zu characters: Backspace to correct it",
				 len);
		}
	}
}
