/* Actions on a row, shared by the table's keys and the domain menu.  Each
 * goes through model/control.c (which checks the values first, where there
 * are any) and says what happened in the message line. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../util/format.h"
#include "screens.h"

static bool refuse_dom0(struct ui *ui, const struct xt_domain_view *v, const char *what)
{
	if (v->s.id != 0)
		return false;
	ui_message(ui, true, "%s is the control domain and cannot be %s from here", v->s.name, what);
	return true;
}

static bool refuse_saved(struct ui *ui, const struct xt_domain_view *v)
{
	if (!(v->s.state & XT_SAVED))
		return false;
	ui_message(ui, true, "%s is saved, not running: restore it first (R)", v->s.name);
	return true;
}

void action_pause(struct ui *ui, const struct xt_domain_view *v)
{
	char err[512];
	if (refuse_saved(ui, v) || refuse_dom0(ui, v, "paused"))
		return;
	bool pause = !(v->s.state & XT_PAUSED);
	if (xt_control_pause(ui->be, v->s.id, pause, err, sizeof err) < 0)
		ui_message(ui, true, "%s", err);
	else
		ui_message(ui, false, "%s %s", pause ? "paused" : "unpaused", v->s.name);
}

void action_shutdown(struct ui *ui, const struct xt_domain_view *v)
{
	if (refuse_saved(ui, v) || refuse_dom0(ui, v, "shut down"))
		return;
	confirm_open(ui, v, CONFIRM_SHUTDOWN);
}

void action_destroy(struct ui *ui, const struct xt_domain_view *v)
{
	if (v->s.state & XT_SAVED)
		action_delete_saved(ui, v);
	else if (!refuse_dom0(ui, v, "destroyed"))
		confirm_open(ui, v, CONFIRM_DESTROY);
}

void action_console(struct ui *ui, const struct xt_domain_view *v)
{
	char shown[XT_NAME_MAX], banner[XT_NAME_MAX + 96], err[512];
	if (refuse_saved(ui, v))
		return;
	xt_sanitize(shown, sizeof shown, v->s.name);
	snprintf(banner, sizeof banner, "\r\nConnected to the console of %s; press Ctrl-] to return to xtop.\r\n",
		 shown);
	term_leave(banner);
	int rc = xt_control_console(ui->be, v->s.id, err, sizeof err);
	term_return();
	if (rc < 0)
		ui_message(ui, true, "console: %s", err);
}

void action_save(struct ui *ui, const struct xt_domain_view *v)
{
	char err[512];
	if (refuse_saved(ui, v))
		return;
	ui_busy(ui, "saving %s to RAM ...", v->s.name);
	if (xt_control_save(ui->be, &v->s, ui->opts->save_dir, err, sizeof err) < 0)
		ui_message(ui, true, "%s", err);
	else
		ui_message(ui, false, "saved %s to RAM (R on its row restores it)", v->s.name);
	ui->resample_now = true;
}

void action_restore(struct ui *ui, const struct xt_domain_view *v)
{
	char err[512], name[XT_NAME_MAX];
	if (!(v->s.state & XT_SAVED)) {
		ui_message(ui, true, "%s is running; only a saved row can be restored", v->s.name);
		return;
	}
	snprintf(name, sizeof name, "%s", v->s.name);   /* v goes with the next sample */
	ui_busy(ui, "restoring %s ...", name);
	if (xt_control_restore(ui->be, ui->opts->save_dir, name, &ui->sample, err, sizeof err) < 0)
		ui_message(ui, true, "%s", err);
	else
		ui_message(ui, false, "restored %s: it runs on where it stopped", name);
	ui->resample_now = true;
}

void action_delete_saved(struct ui *ui, const struct xt_domain_view *v)
{
	confirm_open(ui, v, CONFIRM_DELETE_SAVED);
}

/* The progress line of a migration: seconds so far and xl's last words. */
struct migration {
	struct ui *ui;
	const char *name, *host;
};

static void migration_progress(void *ctx, double seconds, const char *line)
{
	struct migration *m = ctx;
	char clean[200];
	xt_sanitize(clean, sizeof clean, line);
	ui_busy(m->ui, "migrating %s to %s: %.0f s%s%s", m->name, m->host, seconds, clean[0] ? " - " : "", clean);
}

void action_migrate(struct ui *ui, const struct xt_domain_view *v, const char *host)
{
	char err[512], name[XT_NAME_MAX];
	if (refuse_saved(ui, v))
		return;
	if (xt_control_migrate_fits(&ui->pool, &v->s, host, err, sizeof err) < 0) {
		ui_message(ui, true, "%s", err);
		return;
	}
	snprintf(name, sizeof name, "%s", v->s.name);
	ui_busy(ui, "migrating %s to %s (the guest keeps running) ...", name, host);
	struct migration m = { ui, name, host };
	int rc = xt_control_migrate(ui->be, &v->s, host, migration_progress, &m, err, sizeof err);
	if (rc < 0)
		ui_message(ui, true, "%s", err);
	else
		ui_message(ui, false, "migrated %s to %s", name, host);
	ui->resample_now = true;
}

void action_workload(struct ui *ui, const struct xt_domain_view *v, enum xt_workload kind, const char *peer)
{
	static const char *const what[XT_LOAD_COUNT] = { "CPU burner", "memory filler", "HTTP load", "stop" };
	char err[512], name[XT_NAME_MAX];
	if (refuse_saved(ui, v) || refuse_dom0(ui, v, "given a workload"))
		return;
	snprintf(name, sizeof name, "%s", v->s.name);
	ui_busy(ui, "%s: starting the %s over ssh ...", name, what[kind]);
	if (xt_control_workload(ui->be, v->s.id, kind, peer, err, sizeof err) < 0)
		ui_message(ui, true, "%s", err);
	else if (kind == XT_LOAD_STOP)
		ui_message(ui, false, "%s: every workload stopped", name);
	else if (kind == XT_LOAD_HTTP)
		ui_message(ui, false, "%s: HTTP load against %s running (x s stops it)", name, peer);
	else
		ui_message(ui, false, "%s: %s running (x s stops it)", name, what[kind]);
}

void action_serve_toggle(struct ui *ui)
{
	if (ui->pool.nserves)
		action_serve(ui, false);   /* stopping reaches no one: no question */
	else
		confirm_serve_open(ui);
}

/* The tool's own line goes to the message line, as it said it. */
void action_serve(struct ui *ui, bool start)
{
	char said[512], clean[512];
	ui_busy(ui, start ? "starting to serve Xen Live to the network ..." : "stopping serving Xen Live ...");
	int rc = xt_control_pool_serve(ui->be, start, said, sizeof said);
	xt_sanitize(clean, sizeof clean, said);
	ui_message(ui, rc < 0, "%s", clean);
	ui->resample_now = true;
}

const struct xt_domain_view *ui_target_view(struct ui *ui)
{
	const struct xt_domain_view *v = NULL;
	if (ui->target.saved) {
		for (size_t i = 0; i < ui->nsaved; i++)
			if (strcmp(ui->saved_views[i].s.name, ui->target.name) == 0)
				v = &ui->saved_views[i];
	} else {
		v = xt_stats_find(&ui->stats, ui->target.id);
		if (v && memcmp(v->s.uuid, ui->target.uuid, sizeof v->s.uuid) != 0)
			v = NULL;
	}
	if (!v)
		ui_message(ui, true, "%s is gone", ui->target.name);
	return v;
}
