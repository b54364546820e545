/* The domain menu (Enter on a row): every action on that domain, one key
 * each, with resource control and migration opening a value dialog. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../util/format.h"
#include "screens.h"

struct menu_item {
	int key;
	const char *label;
	bool for_saved;     /* offered on a saved row (else on a running one) */
};

static const struct menu_item items[] = {
	{ 'w', "w  CPU weight and cap ...", false },
	{ 'm', "m  memory target (balloon) ...", false },
	{ 'v', "v  vCPUs online ...", false },
	{ 'S', "S  save to RAM (the row stays, as saved)", false },
	{ 'L', "L  live-migrate to a host ...", false },
	{ 'p', "p  pause / unpause", false },
	{ 's', "s  shut down", false },
	{ 'D', "D  destroy (asks first)", false },
	{ 'c', "c  console (Ctrl-] comes back)", false },
	{ 'R', "R  restore: run it again where it stopped", true },
	{ 'D', "D  delete the saved image", true },
};
#define NITEMS (sizeof items / sizeof items[0])

void menu_open(struct ui *ui, const struct xt_domain_view *v)
{
	ui->target.id = v->s.id;
	memcpy(ui->target.uuid, v->s.uuid, sizeof ui->target.uuid);
	snprintf(ui->target.name, sizeof ui->target.name, "%s", v->s.name);
	ui->target.saved = (v->s.state & XT_SAVED) != 0;
	ui->screen = SCREEN_MENU;
}

void menu_draw(struct ui *ui)
{
	char name[XT_NAME_MAX], title[XT_NAME_MAX + 16];
	xt_sanitize(name, sizeof name, ui->target.name);
	snprintf(title, sizeof title, "%s%s", name, ui->target.saved ? " (saved)" : "");
	int n = 0;
	for (size_t i = 0; i < NITEMS; i++)
		n += items[i].for_saved == ui->target.saved;
	int width = COLS > 52 ? 48 : COLS - 2, height = n + 4;
	int top = (LINES - height) / 2, left = (COLS - width) / 2;
	if (top < 0)
		top = 0;
	ui_box(top, left, height, width, title, ui->attrs[UA_HEADER]);
	int row = top + 1;
	for (size_t i = 0; i < NITEMS; i++)
		if (items[i].for_saved == ui->target.saved)
			ui_put(row++, left + 2, width - 4, A_NORMAL, items[i].label);
	ui_put(top + height - 2, left + 2, width - 4, ui->attrs[UA_DIM], "Esc closes");
}

void menu_key(struct ui *ui, int ch)
{
	ui->screen = SCREEN_TABLE;
	if (ch == 27 || ch == 'q')
		return;
	bool offered = false;
	for (size_t i = 0; i < NITEMS; i++)
		offered |= items[i].key == ch && items[i].for_saved == ui->target.saved;
	if (!offered) {
		ui_message(ui, true, "'%c' is not an action for %s%s", ch > 32 && ch < 127 ? ch : '?',
			   ui->target.name, ui->target.saved ? " (saved)" : "");
		return;
	}
	const struct xt_domain_view *v = ui_target_view(ui);
	if (!v)
		return;
	switch (ch) {
	case 'w': value_open(ui, VALUE_SCHED); break;
	case 'm': value_open(ui, VALUE_MEMORY); break;
	case 'v': value_open(ui, VALUE_VCPUS); break;
	case 'L': value_open(ui, VALUE_MIGRATE); break;
	case 'S': action_save(ui, v); break;
	case 'R': action_restore(ui, v); break;
	case 'p': action_pause(ui, v); break;
	case 's': action_shutdown(ui, v); break;
	case 'D': action_destroy(ui, v); break;
	case 'c': action_console(ui, v); break;
	default: break;
	}
}
