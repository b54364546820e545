/* "Really destroy?" — D never kills a domain without a y. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../util/format.h"
#include "screens.h"

void confirm_open(struct ui *ui, const struct xt_domain_view *v)
{
	ui->confirm.id = v->s.id;
	memcpy(ui->confirm.uuid, v->s.uuid, sizeof ui->confirm.uuid);
	snprintf(ui->confirm.name, sizeof ui->confirm.name, "%s", v->s.name);
	ui->screen = SCREEN_CONFIRM;
}

void confirm_draw(struct ui *ui)
{
	char name[XT_NAME_MAX], line[XT_NAME_MAX + 64];
	xt_sanitize(name, sizeof name, ui->confirm.name);
	int width = COLS > 64 ? 60 : COLS - 2;
	int top = LINES / 2 - 3, left = (COLS - width) / 2;
	if (top < 0)
		top = 0;
	ui_box(top, left, 6, width, "Destroy domain", ui->attrs[UA_ERROR]);
	snprintf(line, sizeof line, "Destroy %s (id %u)?", name, ui->confirm.id);
	ui_put(top + 1, left + 2, width - 4, A_BOLD, line);
	ui_put(top + 2, left + 2, width - 4, A_NORMAL, "It is killed at once, like pulling the plug.");
	ui_put(top + 4, left + 2, width - 4, A_NORMAL, "y destroy   any other key cancels");
}

void confirm_key(struct ui *ui, int ch)
{
	ui->screen = SCREEN_TABLE;
	if (ch != 'y' && ch != 'Y') {
		ui_message(ui, false, "not destroyed");
		return;
	}
	/* The id may have been reused while the question was open. */
	const struct xt_domain_view *v = xt_stats_find(&ui->stats, ui->confirm.id);
	if (!v || memcmp(v->s.uuid, ui->confirm.uuid, sizeof v->s.uuid) != 0) {
		ui_message(ui, true, "%s is already gone", ui->confirm.name);
		return;
	}
	char err[512];
	if (ui->be->ops->destroy(ui->be, ui->confirm.id, err, sizeof err) < 0)
		ui_message(ui, true, "%s", err);
	else
		ui_message(ui, false, "destroyed %s", ui->confirm.name);
}
