/* Drawing helpers shared by every screen, and the colour scheme. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens.h"

void ui_fill_line(int row, int attr)
{
	attrset(attr);
	mvhline(row, 0, ' ', COLS);
	attrset(A_NORMAL);
}

/* Writes text (UTF-8 allowed) at row/col, cut to width columns. */
void ui_put(int row, int col, int width, int attr, const char *text)
{
	if (width <= 0 || row < 0 || row >= LINES || col >= COLS)
		return;
	if (col + width > COLS)
		width = COLS - col;
	attrset(attr);
	move(row, col);
	/* ASCII text: one byte per column; multi-byte glyphs are only
	 * produced by our own sparkline and ellipsis, one column each. */
	int cols = 0;
	const char *p = text;
	while (*p && cols < width) {
		int len = 1;
		unsigned char c = (unsigned char)*p;
		if (c >= 0xf0)
			len = 4;
		else if (c >= 0xe0)
			len = 3;
		else if (c >= 0xc0)
			len = 2;
		addnstr(p, len);
		p += len;
		cols++;
	}
	attrset(A_NORMAL);
}

void ui_box(int top, int left, int height, int width, const char *title, int attr)
{
	for (int r = top; r < top + height && r < LINES; r++)
		mvhline(r, left, ' ', width);
	attrset(attr);
	mvhline(top, left + 1, ACS_HLINE, width - 2);
	mvhline(top + height - 1, left + 1, ACS_HLINE, width - 2);
	mvvline(top + 1, left, ACS_VLINE, height - 2);
	mvvline(top + 1, left + width - 1, ACS_VLINE, height - 2);
	mvaddch(top, left, ACS_ULCORNER);
	mvaddch(top, left + width - 1, ACS_URCORNER);
	mvaddch(top + height - 1, left, ACS_LLCORNER);
	mvaddch(top + height - 1, left + width - 1, ACS_LRCORNER);
	if (title)
		mvprintw(top, left + 2, " %.*s ", width - 6, title);
	attrset(A_NORMAL);
}

/* Writes text over several lines, breaking at spaces; returns the next row. */
int ui_put_wrapped(int row, int last_row, int x, int width, int attr, const char *text)
{
	char line[640];
	while (*text && row <= last_row) {
		size_t n = strlen(text);
		if (n > (size_t)width) {
			n = (size_t)width;
			while (n > 0 && text[n] != ' ')
				n--;
			if (n == 0)
				n = (size_t)width;
		}
		snprintf(line, sizeof line, "%.*s", (int)n, text);
		ui_put(row++, x, width, attr, line);
		text += n;
		while (*text == ' ')
			text++;
	}
	return row;
}

int ui_wrap(const char *text, int width, int indent, char (*out)[256], int max)
{
	int n = 0;
	if (width > 255)
		width = 255;
	if (indent > width / 2)
		indent = 0;
	while (*text) {
		int room = n ? width - indent : width;
		int len = (int)strlen(text), cut = len;
		if (len > room) {
			cut = room;
			while (cut > 0 && text[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = room;
		}
		if (n < max)
			snprintf(out[n], 256, "%*s%.*s", n ? indent : 0, "", cut, text);
		n++;
		text += cut;
		while (*text == ' ')
			text++;
	}
	return n;
}

bool ui_fits(struct ui *ui, int height, int width, const char *what)
{
	if (LINES >= height && COLS >= width)
		return true;
	ui->screen = SCREEN_TABLE;
	ui_message(ui, true, "%s needs %dx%d and this terminal is %dx%d: enlarge it", what, width, height, COLS, LINES);
	return false;
}

void ui_setup_colors(struct ui *ui)
{
	for (int i = 0; i < UA_COUNT; i++)
		ui->attrs[i] = A_NORMAL;
	ui->attrs[UA_HEADER] = A_BOLD;
	ui->attrs[UA_COLUMNS] = A_REVERSE;
	/* Reverse video, which every terminal shows; bold is easy to miss. */
	ui->attrs[UA_SELECTED] = A_REVERSE;
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


/* A key typed into a dialog's text field: Backspace removes the last
 * character; a printable ASCII one is added while the field has room; any
 * other says why it typed nothing and sets *refused, so Enter waits. */
void ui_field_key(char *field, size_t size, int ch, char *error, size_t errlen, bool *refused)
{
	size_t len = strlen(field);
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			field[len - 1] = '\0';
		error[0] = '\0';
		*refused = false;
	} else if (ch >= 0x80 && ch < 0x100) {
		snprintf(error, errlen, "only plain ASCII characters can be typed here");
		*refused = true;
	} else if (ch >= 0x20 && ch < 0x7f) {
		if (len + 1 < size) {
			field[len] = (char)ch;
			field[len + 1] = '\0';
			error[0] = '\0';
		} else {
			snprintf(error, errlen, "the field is full (%zu characters): Backspace to correct it", len);
			*refused = true;
		}
	}
}
