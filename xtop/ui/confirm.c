/* Questions before what cannot be undone: destroy, shut down, deleting a
 * saved image.  y acts, A acts and asks nothing more this session (as
 * htop's setup can), any other key cancels.  Serving the CD to the LAN
 * asks too, every time: it answers other PCs' network boot, which an A
 * given for a guest's question never meant. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../util/format.h"
#include "screens.h"

static const struct {
	const char *title, *verb, *detail, *not_done, *what;
	const char *detail2;        /* a second line, or NULL */
	bool always_asks;           /* A is not offered, nor taken as an answer */
} kinds[] = {
	[CONFIRM_DESTROY] = { "Destroy domain", "Destroy", "It is killed at once, like pulling the plug.",
			      "not destroyed", "the destroy question", NULL, false },
	[CONFIRM_SHUTDOWN] = { "Shut down domain", "Shut down",
			       "Its OS is asked to stop; only a new launch brings it back.", "not shut down",
			       "the shut down question", NULL, false },
	[CONFIRM_DELETE_SAVED] = { "Delete saved image", "Delete the saved image of",
				   "The guest cannot be restored afterwards.", "not deleted", "the delete question", NULL,
				   false },
	[CONFIRM_SERVE] = { "Serve Xen Live to the network", "Boot other PCs of this LAN from this machine",
			    "It answers network boot (PXE, DHCP) requests on this LAN:", "not serving",
			    "the serve question", "PCs that boot from the network get Xen Live and join this pool.",
			    true },
};
#define ANSWERS "y yes   A yes, and no more questions this session"

/* Does what the question asked; says so with ui_message. */
static void act(struct ui *ui, const char *also)
{
	const struct confirm *c = &ui->confirm;
	char err[512];
	int rc;
	switch (c->kind) {
	case CONFIRM_SHUTDOWN:
		rc = xt_control_shutdown(ui->be, c->id, err, sizeof err);
		break;
	case CONFIRM_DELETE_SAVED:
		rc = xt_saved_delete(ui->opts->save_dir, c->name, err, sizeof err);
		break;
	case CONFIRM_SERVE:
		action_serve(ui, true);   /* says what happened itself */
		return;
	default:
		rc = xt_control_destroy(ui->be, c->id, err, sizeof err);
		break;
	}
	if (rc < 0)
		ui_message(ui, true, "%s", err);
	else if (c->kind == CONFIRM_SHUTDOWN)
		ui_message(ui, false, "asked %s to shut down%s", c->name, also);
	else if (c->kind == CONFIRM_DELETE_SAVED)
		ui_message(ui, false, "deleted the saved image of %s%s", c->name, also);
	else
		ui_message(ui, false, "destroyed %s%s", c->name, also);
}

void confirm_open(struct ui *ui, const struct xt_domain_view *v, enum confirm_kind kind)
{
	ui->confirm.kind = kind;
	ui->confirm.id = v->s.id;
	memcpy(ui->confirm.uuid, v->s.uuid, sizeof ui->confirm.uuid);
	snprintf(ui->confirm.name, sizeof ui->confirm.name, "%s", v->s.name);
	if (ui->confirm.dont_ask)
		act(ui, "");
	else
		ui->screen = SCREEN_CONFIRM;
}

/* Serving the CD is this machine's, not a domain's: no row to name. */
void confirm_serve_open(struct ui *ui)
{
	ui->confirm.kind = CONFIRM_SERVE;
	ui->confirm.name[0] = '\0';
	ui->screen = SCREEN_CONFIRM;
}

void confirm_draw(struct ui *ui)
{
	const struct confirm *c = &ui->confirm;
	char name[XT_NAME_MAX], line[XT_NAME_MAX + 64];
	xt_sanitize(name, sizeof name, c->name);
	const char *answers = kinds[c->kind].always_asks ? "y yes" : ANSWERS, *detail2 = kinds[c->kind].detail2;
	int height = detail2 ? 8 : 7, extra = detail2 ? 1 : 0;
	/* The box holds its fixed lines whole; a terminal that cannot hold
	 * it gets no question (and nothing acts): one sentence instead. */
	size_t longest = strlen(answers);
	if (strlen(kinds[c->kind].detail) > longest)
		longest = strlen(kinds[c->kind].detail);
	if (detail2 && strlen(detail2) > longest)
		longest = strlen(detail2);
	if (c->kind == CONFIRM_SERVE && strlen(kinds[c->kind].verb) + 1 > longest)
		longest = strlen(kinds[c->kind].verb) + 1;
	int need = (int)longest + 4;
	if (!ui_fits(ui, height, need, kinds[c->kind].what))
		return;
	int width = COLS > 68 ? 64 : COLS - 2;
	if (width < need)
		width = need;
	int top = LINES / 2 - 4, left = (COLS - width) / 2;
	if (top < 0)
		top = 0;
	ui_box(top, left, height, width, kinds[c->kind].title, ui->attrs[UA_ERROR]);
	if (c->kind == CONFIRM_SERVE)
		snprintf(line, sizeof line, "%s?", kinds[c->kind].verb);
	else if (c->kind == CONFIRM_DELETE_SAVED)
		snprintf(line, sizeof line, "%s %s?", kinds[c->kind].verb, name);
	else
		snprintf(line, sizeof line, "%s %s (id %u)?", kinds[c->kind].verb, name, c->id);
	ui_put(top + 1, left + 2, width - 4, A_BOLD, line);
	ui_put(top + 2, left + 2, width - 4, A_NORMAL, kinds[c->kind].detail);
	if (detail2)
		ui_put(top + 3, left + 2, width - 4, A_NORMAL, detail2);
	ui_put(top + 4 + extra, left + 2, width - 4, A_NORMAL, answers);
	ui_put(top + 5 + extra, left + 2, width - 4, A_NORMAL, "any other key cancels");
}

void confirm_key(struct ui *ui, int ch)
{
	struct confirm *c = &ui->confirm;
	ui->screen = SCREEN_TABLE;
	bool a_counts = !kinds[c->kind].always_asks;
	if (ch != 'y' && ch != 'Y' && !(ch == 'A' && a_counts)) {
		ui_message(ui, false, "%s", kinds[c->kind].not_done);
		return;
	}
	if (ch == 'A')
		c->dont_ask = true;
	/* The id may have been reused while the question was open. */
	if (c->kind != CONFIRM_DELETE_SAVED && c->kind != CONFIRM_SERVE) {
		const struct xt_domain_view *v = xt_stats_find(&ui->stats, c->id);
		if (!v || memcmp(v->s.uuid, c->uuid, sizeof v->s.uuid) != 0) {
			ui_message(ui, true, "%s is already gone", c->name);
			return;
		}
	}
	act(ui, ch == 'A' ? "; no more questions this session" : "");
}
