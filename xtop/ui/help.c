/* The help screen: every key, one line each, wrapped to the width there is
 * and scrolled when the terminal is shorter than the help. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "screens.h"

static const char *const help_lines[] = {
	"Moving       Up/Down or j/k, PgUp/PgDn, Home/End (g/G), the mouse wheel",
	"Mouse        click a row to select it, a column title to sort by it (again: reverse),",
	"             a key in the bottom bar to press it",
	"Sorting      F6 pick a column on screen   < > previous/next one   r reverse",
	"             N name  I id  C CPU%  M memory  U uptime (again: reverse)",
	"CPU%         % cycles: one pCPU = 100, own vCPUs = 100, whole host = 100;",
	"             the CPU HISTORY bars use the same scale, a full bar being 100",
	"Search       F3 type part of a name: the selection jumps to it; F3 again: the next",
	"Filter       / or F4 type part of a name: only those rows show (Esc clears)",
	"Interval     d seconds between refreshes, fractions allowed (0.5)",
	"Domains      Enter or i: its page (graphs, addresses, console; Esc back)",
	"             a the menu of every action (also a or Enter on the page)",
	"             p pause/unpause   s shut down   D or F9 destroy",
	"               (both ask: y yes, A yes and no more questions this session)",
	"             c console (xl console; Ctrl-] comes back); on an HVM row,",
	"               its screen full-screen (over ssh: how to tunnel its VNC)",
	"Resources    w CPU weight/cap   m memory target   v vCPUs online",
	"             o show the WEIGHT, CAP and TARGET columns",
	"Save/move    S save to RAM (a 'saved' row)   R restore it   L live-migrate",
	"Workloads    x in a guest over ssh: CPU burner, memory filler, HTTP load, stop",
	"Launch       n new guests from the catalogue; your own ISO in a shell:",
	"               xenlive-spawn iso /path/to/file.iso [--disk MB]",
	"Pool         P join a pool by its secret; its hosts show under the table",
	"             B serve: this LAN's PCs boot Xen Live from here (asks); B again stops",
	"Other        l the last message again   Ctrl-L redraw",
	"             h, ? or F1 this help   q or F10 quit",
	"Trouble      xenlive-report in a shell (Alt-F2): this PC's CPU,",
	"             virtualization, firmware, memory, Xen, network, boot medium",
	"",
	"CPU% is measured between two refreshes on CLOCK_MONOTONIC; '-' means",
	"the domain is new and has no interval yet.  Keys never shorten it.",
};
#define NHELP (int)(sizeof help_lines / sizeof help_lines[0])

static char wrapped[256][256];
static int page = 1;        /* lines the box showed last */

/* Wraps every line to inner columns, continuation lines under the text
 * after the label; returns how many lines that makes. */
static int wrap_all(int inner)
{
	int n = 0;
	for (int i = 0; i < NHELP && n < 256; i++) {
		const char *t = help_lines[i];
		int indent = 0;
		if (strlen(t) > 13 && t[12] == ' ')
			for (indent = 13; t[indent] == ' '; indent++)
				;
		if (!t[0]) {
			wrapped[n++][0] = '\0';
			continue;
		}
		int got = ui_wrap(t, inner, indent, wrapped + n, 256 - n);
		n += got < 256 - n ? got : 256 - n;
	}
	return n;
}

void help_draw(struct ui *ui)
{
	int longest = 0;
	for (int i = 0; i < NHELP; i++)
		if ((int)strlen(help_lines[i]) > longest)
			longest = (int)strlen(help_lines[i]);
	int width = longest + 4 < COLS - 2 ? longest + 4 : COLS - 2;
	if (width < 10 || LINES < 4)
		return;
	int inner = width - 4, n = wrap_all(inner);
	int height = n + 3 < LINES ? n + 3 : LINES;
	page = height - 3 > 0 ? height - 3 : 1;
	if (ui->help_top > n - page)
		ui->help_top = n - page;
	if (ui->help_top < 0)
		ui->help_top = 0;
	int top = (LINES - height) / 2, left = (COLS - width) / 2;
	ui_box(top, left, height, width, "xtop help", ui->attrs[UA_HEADER]);
	for (int i = 0; i < page && ui->help_top + i < n; i++)
		ui_put(top + 1 + i, left + 2, inner, A_NORMAL, wrapped[ui->help_top + i]);
	char foot[128];
	if (n > page)
		snprintf(foot, sizeof foot, "lines %d-%d of %d: Up/Down/PgUp/PgDn scroll, other keys return",
			 ui->help_top + 1, ui->help_top + page, n);
	else
		snprintf(foot, sizeof foot, "Press any key to return.");
	ui_put(top + height - 2, left + 2, inner, ui->attrs[UA_DIM], foot);
}

void help_key(struct ui *ui, int ch)
{
	switch (ch) {
	case KEY_UP: case 'k': ui->help_top--; break;
	case KEY_DOWN: case 'j': ui->help_top++; break;
	case KEY_PPAGE: ui->help_top -= page; break;
	case KEY_NPAGE: case ' ': ui->help_top += page; break;
	case KEY_HOME: case 'g': ui->help_top = 0; break;
	case KEY_END: case 'G': ui->help_top = 1 << 20; break;   /* the draw stops at the last page */
	default: ui->screen = SCREEN_TABLE; break;
	}
}

void help_mouse(struct ui *ui, enum ui_click click, int y, int x)
{
	(void)y;
	(void)x;
	if (click == CLICK_WHEEL_UP)
		ui->help_top -= 3;
	else if (click == CLICK_WHEEL_DOWN)
		ui->help_top += 3;
	else
		ui->screen = SCREEN_TABLE;
}
