/* The help screen: every key, one line each. */
#include <curses.h>
#include <stdio.h>

#include "screens.h"

static const char *const help_lines[] = {
	"Moving       Up/Down or j/k, PgUp/PgDn, Home/End (g/G)",
	"Sorting      < > previous/next column   r reverse",
	"             N name  I id  C CPU%  M memory  U uptime (again: reverse)",
	"CPU%         % cycles: one pCPU = 100, own vCPUs = 100, whole host = 100",
	"Filter       / type part of a name (Esc clears)",
	"Interval     d seconds between refreshes, fractions allowed (0.5)",
	"Domains      Enter: the menu of every action on the selected row",
	"             p pause/unpause   s shut down   D destroy (both ask first:",
	"               y yes, A yes and no more questions this session)",
	"             c console (xl console; Ctrl-] comes back); on an HVM row,",
	"               its screen full-screen (over ssh: how to tunnel its VNC)",
	"Resources    w CPU weight/cap   m memory target   v vCPUs online",
	"             o show the WEIGHT, CAP and TARGET columns",
	"Save/move    S save to RAM (a 'saved' row)   R restore it   L live-migrate",
	"Workloads    x in a guest over ssh: CPU burner, memory filler, HTTP load, stop",
	"Launch       n new guests from the catalogue; your own ISO in a shell:",
	"               xenlive-spawn iso /path/to/file.iso [--disk MB]",
	"Pool         P join a pool by its secret; its hosts show under the table",
	"Other        Ctrl-L redraw   h or ? this help   q quit",
	"Trouble      xenlive-report in a shell (Alt-F2): this PC's CPU,",
	"             virtualization, firmware, memory, Xen, network, boot medium",
	"",
	"CPU% is measured between two refreshes on CLOCK_MONOTONIC; '-' means",
	"the domain is new and has no interval yet.  Keys never shorten it.",
	"",
	"Press any key to return.",
};

void help_draw(struct ui *ui)
{
	int n = (int)(sizeof help_lines / sizeof help_lines[0]);
	int width = COLS > 78 ? 76 : COLS - 2;
	int height = n + 2 < LINES ? n + 2 : LINES;
	int top = (LINES - height) / 2, left = (COLS - width) / 2;
	if (width < 10 || height < 3)
		return;
	ui_box(top, left, height, width, "xtop help", ui->attrs[UA_HEADER]);
	for (int i = 0; i < n && i < height - 2; i++)
		ui_put(top + 1 + i, left + 2, width - 4, A_NORMAL, help_lines[i]);
}

void help_key(struct ui *ui, int ch)
{
	(void)ch;
	ui->screen = SCREEN_TABLE;
}
