/* One-line input on the footer: the name filter (applied as you type) and
 * the refresh interval. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../util/format.h"
#include "../util/parse.h"
#include "screens.h"

void prompt_open(struct ui *ui, enum prompt_kind kind)
{
	ui->prompt = kind;
	ui->prompt_note[0] = '\0';
	if (kind == PROMPT_FILTER)
		snprintf(ui->prompt_buf, sizeof ui->prompt_buf, "%s", ui->filter);
	else
		ui->prompt_buf[0] = '\0';
}

void prompt_draw(struct ui *ui, int row)
{
	char line[260];
	/* Why a key typed nothing comes first, where a long text cannot push
	 * it off the screen. */
	size_t at = 0;
	if (ui->prompt_note[0])
		at = (size_t)snprintf(line, sizeof line, "(%s) ", ui->prompt_note);
	if (ui->prompt == PROMPT_FILTER) {
		snprintf(line + at, sizeof line - at, "Filter by name: %s_", ui->prompt_buf);
	} else if (ui->prompt == PROMPT_POOL) {
		/* The secret is never shown: one star per character. */
		char stars[sizeof ui->prompt_buf];
		size_t n = strlen(ui->prompt_buf);
		memset(stars, '*', n);
		stars[n] = '\0';
		snprintf(line + at, sizeof line - at,
			 "Join a pool - its secret (the same on every machine; Esc cancels): %s_", stars);
	} else
		snprintf(line + at, sizeof line - at, "Refresh interval in seconds, 0.1 to 3600 (now %.4g): %s_",
			 ui->delay_s, ui->prompt_buf);
	ui_fill_line(row, ui->attrs[UA_HEADER]);
	ui_put(row, 0, COLS, ui->attrs[UA_HEADER], line);
}

static void apply_delay(struct ui *ui)
{
	double d;
	if (xt_parse_seconds(ui->prompt_buf, 0.1, 3600, &d) < 0) {
		ui_message(ui, true, "invalid interval '%s': give seconds from 0.1 to 3600, like 0.5 or 2",
			   ui->prompt_buf);
		return;
	}
	uint64_t step = (uint64_t)(d * 1e9);
	ui->delay_s = d;
	/* The window in progress keeps its start; only its end moves. */
	ui->next_sample_ns = ui->stats.last_ns + step;
	ui_message(ui, false, "refreshing every %.4g s", d);
}

static void apply_pool_join(struct ui *ui)
{
	char err[512];
	if (ui->pool.nhosts) {
		ui_message(ui, true, "this host is in a pool already; leave it first (xenlive-pool leave)");
		return;
	}
	ui_busy(ui, "joining the pool ...");
	if (xt_control_pool_join(ui->be, ui->prompt_buf, err, sizeof err) < 0)
		ui_message(ui, true, "%s", err);
	else
		ui_message(ui, false, "joining the pool: its hosts show under the table as they answer");
	ui->resample_now = true;
}

void prompt_key(struct ui *ui, int ch)
{
	size_t len = strlen(ui->prompt_buf);
	if (ch == 27) {
		if (ui->prompt == PROMPT_FILTER)
			ui->filter[0] = '\0';
		ui->prompt = PROMPT_NONE;
		memset(ui->prompt_buf, 0, sizeof ui->prompt_buf);
		return;
	}
	if (ch == '\r' || ch == '\n' || ch == KEY_ENTER) {
		if (ui->prompt_note[0])
			return;   /* the last key typed nothing: the text is not what was typed */
		if (ui->prompt == PROMPT_DELAY)
			apply_delay(ui);
		else if (ui->prompt == PROMPT_POOL)
			apply_pool_join(ui);
		ui->prompt = PROMPT_NONE;
		memset(ui->prompt_buf, 0, sizeof ui->prompt_buf);
		return;
	}
	ui->prompt_note[0] = '\0';
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			ui->prompt_buf[len - 1] = '\0';
	} else if (ch >= 0x80 && ch < 0x100) {
		snprintf(ui->prompt_note, sizeof ui->prompt_note, "only plain ASCII characters can be typed here");
	} else if (ch >= 0x20 && ch < 0x7f) {
		if (len + 1 < sizeof ui->prompt_buf) {
			ui->prompt_buf[len] = (char)ch;
			ui->prompt_buf[len + 1] = '\0';
		} else {
			snprintf(ui->prompt_note, sizeof ui->prompt_note, "full at %zu characters: Backspace to correct it",
				 len);
		}
	}
	if (ui->prompt == PROMPT_FILTER)
		snprintf(ui->filter, sizeof ui->filter, "%s", ui->prompt_buf);
}
