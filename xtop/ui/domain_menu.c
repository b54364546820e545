/* The domain menu (a on a row, or a or Enter on its domain page): every
 * action on that domain, one key each, with resource control and migration
 * opening a value dialog. */
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

/* The workload submenu (x): programs run in the guest over ssh. */
static const struct menu_item workload_items[] = {
	{ 'c', "c  CPU burner (a busy loop per vCPU)", false },
	{ 'm', "m  memory filler (half its free memory)", false },
	{ 'h', "h  HTTP load against another guest ...", false },
	{ 's', "s  stop every workload", false },
};
#define NWORKLOADS (sizeof workload_items / sizeof workload_items[0])

static const struct menu_item items[] = {
	{ 'w', "w  CPU weight and cap ...", false },
	{ 'm', "m  memory target (balloon) ...", false },
	{ 'v', "v  vCPUs online ...", false },
	{ 'S', "S  save to RAM (the row stays, as saved)", false },
	{ 'L', "L  migrate to ... (live)", false },
	{ 'p', "p  pause / unpause", false },
	{ 's', "s  shut down (asks first)", false },
	{ 'D', "D  destroy (asks first)", false },
	{ 'c', "c  console or HVM screen (Ctrl-] comes back)", false },
	{ 'x', "x  run a workload in it ...", false },
	{ 'R', "R  restore: run it again where it stopped", true },
	{ 'D', "D  delete the saved image (asks first)", true },
};
#define NITEMS (sizeof items / sizeof items[0])

void menu_open(struct ui *ui, const struct xt_domain_view *v)
{
	ui->target.id = v->s.id;
	memcpy(ui->target.uuid, v->s.uuid, sizeof ui->target.uuid);
	snprintf(ui->target.name, sizeof ui->target.name, "%s", v->s.name);
	ui->target.saved = (v->s.state & XT_SAVED) != 0;
	ui->target.workloads = false;
	ui->screen = SCREEN_MENU;
}

void menu_draw(struct ui *ui)
{
	char name[XT_NAME_MAX], title[XT_NAME_MAX + 24];
	xt_sanitize(name, sizeof name, ui->target.name);
	snprintf(title, sizeof title, "%s%s", name,
		 ui->target.saved ? " (saved)" : ui->target.workloads ? ": workloads" : "");
	const struct menu_item *list = ui->target.workloads ? workload_items : items;
	size_t count = ui->target.workloads ? NWORKLOADS : NITEMS;
	int n = 0;
	for (size_t i = 0; i < count; i++)
		n += list[i].for_saved == ui->target.saved;
	if (!ui_fits(ui, n + 4, 48, "the action menu"))
		return;
	int width = COLS > 52 ? 48 : COLS - 2, height = n + 4;
	int top = (LINES - height) / 2, left = (COLS - width) / 2;
	if (top < 0)
		top = 0;
	ui_box(top, left, height, width, title, ui->attrs[UA_HEADER]);
	int row = top + 1;
	for (size_t i = 0; i < count; i++)
		if (list[i].for_saved == ui->target.saved)
			ui_put(row++, left + 2, width - 4, A_NORMAL, list[i].label);
	ui_put(top + height - 2, left + 2, width - 4, ui->attrs[UA_DIM], "Esc closes");
}

/* Another running guest, as the HTTP load's first suggestion. */
static const char *other_guest(const struct ui *ui)
{
	for (size_t i = 0; i < ui->stats.n; i++) {
		const struct xt_domain_view *v = &ui->stats.views[i];
		if (v->s.id != 0 && v->s.id != ui->target.id)
			return v->s.name;
	}
	return "";
}

static void workload_key(struct ui *ui, const struct xt_domain_view *v, int ch)
{
	switch (ch) {
	case 'c': action_workload(ui, v, XT_LOAD_CPU, NULL); break;
	case 'm': action_workload(ui, v, XT_LOAD_MEMORY, NULL); break;
	case 's': action_workload(ui, v, XT_LOAD_STOP, NULL); break;
	case 'h':
		value_open(ui, VALUE_HTTP_PEER);
		if (ui->screen == SCREEN_VALUE)
			snprintf(ui->value.fields[0], sizeof ui->value.fields[0], "%.63s", other_guest(ui));
		break;
	default: break;
	}
}

void menu_key(struct ui *ui, int ch)
{
	bool workloads = ui->target.workloads;
	ui->target.workloads = false;
	ui->screen = SCREEN_TABLE;
	if (ch == 27 || ch == 'q')
		return;
	const struct menu_item *list = workloads ? workload_items : items;
	size_t count = workloads ? NWORKLOADS : NITEMS;
	bool offered = false;
	for (size_t i = 0; i < count; i++)
		offered |= list[i].key == ch && list[i].for_saved == ui->target.saved;
	if (!offered) {
		ui_message(ui, true, "'%c' is not an action for %s%s", ch > 32 && ch < 127 ? ch : '?',
			   ui->target.name, ui->target.saved ? " (saved)" : "");
		return;
	}
	const struct xt_domain_view *v = ui_target_view(ui);
	if (!v)
		return;
	if (workloads) {
		workload_key(ui, v, ch);
		return;
	}
	switch (ch) {
	case 'x':
		ui->target.workloads = true;
		ui->screen = SCREEN_MENU;
		break;
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
