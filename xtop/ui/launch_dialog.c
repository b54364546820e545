/* The launch dialog (n): pick a catalogue image, memory, vCPUs and count;
 * see how many fit; launch through the shared launch module. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../model/media.h"
#include "../util/parse.h"
#include "screens.h"

enum { FOCUS_IMAGE, FOCUS_MEMORY, FOCUS_VCPUS, FOCUS_COUNT, FOCUS_N };

static void load_defaults(struct launch_dialog *d)
{
	if (d->image >= d->catalog.n)
		return;
	const struct xt_image *img = &d->catalog.images[d->image];
	snprintf(d->fields[0], sizeof d->fields[0], "%u", img->memory_mib);
	snprintf(d->fields[1], sizeof d->fields[1], "%u", img->vcpus);
	snprintf(d->fields[2], sizeof d->fields[2], "1");
}

/* The dialog's height: its image list (at most 3 lines shown when the
 * terminal is short; the list then scrolls), the fields, and room for
 * xl's words. */
static int launch_height(const struct ui *ui, int images)
{
	return 12 + images + !(ui->stats.host.guest_types & XT_GUEST_PVH);
}

#define LAUNCH_MIN_WIDTH 62

/* Refuses (to the table, one sentence) a terminal that cannot show the
 * whole dialog: nothing launches from a dialog that was not drawn. */
static bool launch_fits(struct ui *ui)
{
	int n = (int)ui->launch.catalog.n;
	return ui_fits(ui, launch_height(ui, n < 3 ? n : 3), LAUNCH_MIN_WIDTH, "the launch dialog");
}

void launch_open(struct ui *ui)
{
	struct launch_dialog *d = &ui->launch;
	xt_catalog_free(&d->catalog);
	memset(d, 0, sizeof *d);
	if (xt_catalog_load(ui->opts->catalog_dir, &d->catalog, d->load_error, sizeof d->load_error) == 0) {
		/* A bad file is skipped and said; the good images stay offered. */
		if (d->catalog.n == 0 && d->catalog.nskipped)
			snprintf(d->load_error, sizeof d->load_error, "%.*s", (int)sizeof d->load_error - 1, d->catalog.skipped);
		else if (d->catalog.n == 0)
			snprintf(d->load_error, sizeof d->load_error, "the guest catalogue %s has no images",
				 ui->opts->catalog_dir);
		else if (d->catalog.nskipped)
			snprintf(d->error, sizeof d->error, "%.*s", (int)sizeof d->error - 1, d->catalog.skipped);
		/* Then the CD and disk images on the disks and sticks attached. */
		if (d->catalog.n)
			xt_media_append(&d->catalog, ui->opts->media_lister, ui->opts->media_config);
	}
	load_defaults(d);
	ui->screen = SCREEN_LAUNCH;
	launch_fits(ui);
}

void launch_close(struct ui *ui)
{
	xt_catalog_free(&ui->launch.catalog);
}

/* Largest value of each field: memory, vCPUs, instances. */
static const unsigned long field_max[] = { XT_MEMORY_MAX_MIB, XT_VCPUS_MAX, XT_LAUNCH_MAX };

/* Field i (memory, vCPUs, instances) as a number: 0, or -1 with one
 * sentence in err (NULL: none).  The image's min_memory is xt_launch's. */
static int field_parse(const struct launch_dialog *d, int i, unsigned long *v, char *err, size_t errlen)
{
	if (i == 0)
		return xt_parse_mib("memory", d->fields[0], 1, field_max[0], v, err, errlen) == 0 ? 0 : -1;
	return xt_parse_uint_range(i == 1 ? "vCPU count" : "instance count", d->fields[i], 1, field_max[i], v, err,
				   errlen) == 0 ? 0 : -1;
}

/* The field as a number, or 0 when it is not one in range. */
static unsigned field_value(const struct launch_dialog *d, int i)
{
	unsigned long v;
	return field_parse(d, i, &v, NULL, 0) == 0 ? (unsigned)v : 0;
}

void launch_draw(struct ui *ui)
{
	struct launch_dialog *d = &ui->launch;
	if (!launch_fits(ui))
		return;
	int width = COLS > 74 ? 70 : COLS - 2;
	int n = (int)d->catalog.n;
	int height = launch_height(ui, n);
	if (height > LINES)
		height = LINES;
	/* The image list gets what the other lines leave, scrolled to keep
	 * the chosen image in it. */
	size_t list = (size_t)(height - launch_height(ui, 0));
	if (d->image < d->image_top)
		d->image_top = d->image;
	if (d->image >= d->image_top + list)
		d->image_top = d->image - list + 1;
	if (d->image_top + list > d->catalog.n)
		d->image_top = d->catalog.n > list ? d->catalog.n - list : 0;
	int top = (LINES - height) / 2, left = (COLS - width) / 2;
	ui_box(top, left, height, width, "Launch guests", ui->attrs[UA_HEADER]);
	int row = top + 1, inner = width - 4, x = left + 2;
	char line[640];
	if (d->load_error[0]) {
		ui_put_wrapped(row, top + height - 3, x, inner, ui->attrs[UA_ERROR], d->load_error);
		ui_put(top + height - 2, x, inner, A_NORMAL, "Esc close");
		return;
	}
	if (list < d->catalog.n)
		snprintf(line, sizeof line, "Image (%zu-%zu of %zu, Up/Down for more)", d->image_top + 1,
			 d->image_top + list, d->catalog.n);
	else
		snprintf(line, sizeof line, "Image");
	ui_put(row++, x, inner, A_BOLD, line);
	for (int i = (int)d->image_top; i < n && (size_t)i < d->image_top + list; i++) {
		const struct xt_image *img = &d->catalog.images[i];
		bool runs = ui->stats.host.guest_types & img->type;
		snprintf(line, sizeof line, "%s %-10s %s%s", (size_t)i == d->image ? ">" : " ", img->name, img->display,
			 runs ? "" : " - not on this PC");
		int attr = (size_t)i == d->image ? (d->focus == FOCUS_IMAGE ? ui->attrs[UA_SELECTED] : (int)A_BOLD)
						 : runs ? (int)A_NORMAL : ui->attrs[UA_DIM];
		ui_put(row++, x, inner, attr, line);
	}
	row++;
	static const char *labels[] = { "Memory (MiB)", "vCPUs", "Instances" };
	for (int i = 0; i < 3; i++) {
		snprintf(line, sizeof line, "%-13s [%-8s]", labels[i], d->fields[i]);
		ui_put(row++, x, inner, d->focus == i + 1 ? ui->attrs[UA_SELECTED] : (int)A_NORMAL, line);
	}
	unsigned memory = field_value(d, 0);
	uint64_t free_bytes = ui->stats.host.free_mem_bytes;
	if (memory)
		snprintf(line, sizeof line, "Xen has %llu MiB free: room for %u more of %u MiB",
			 (unsigned long long)(free_bytes >> 20), xt_fit_count(free_bytes, memory), memory);
	else
		snprintf(line, sizeof line, "Xen has %llu MiB free", (unsigned long long)(free_bytes >> 20));
	ui_put(row++, x, inner, A_NORMAL, line);
	if (!(ui->stats.host.guest_types & XT_GUEST_PVH))
		ui_put(row++, x, inner, ui->attrs[UA_DIM], "PV guests only: VT-x/AMD-V is off in the firmware setup");
	if (d->error[0])
		row = ui_put_wrapped(row, top + height - 3, x, inner, ui->attrs[UA_ERROR], d->error);
	/* xl's own words, when it failed. */
	char *save = NULL;
	char out[sizeof d->tool_output];
	memcpy(out, d->tool_output, sizeof out);
	for (char *l = strtok_r(out, "\n", &save); l && row < top + height - 2; l = strtok_r(NULL, "\n", &save))
		ui_put(row++, x, inner, ui->attrs[UA_DIM], l);
	ui_put(top + height - 2, x, inner, A_NORMAL,
	       inner >= 59 ? "Tab field  Up/Down image or value  Enter launch  Esc cancel"
			   : "Tab field  Up/Down image/value  Enter launch  Esc cancel");
}

/* Up/Down on a number: a step up or down; text that is not a number
 * stays as typed, with the sentence saying what is wrong. */
static void adjust(struct launch_dialog *d, int delta)
{
	int i = d->focus - 1;
	unsigned long max = field_max[i];
	unsigned long step = i == 0 ? 64 : 1;
	unsigned long v;
	if (field_parse(d, i, &v, d->error, sizeof d->error) < 0)
		return;
	d->error[0] = '\0';
	if (delta > 0 && v + step <= max)
		v += step;
	else if (delta < 0 && v > step)
		v -= step;
	snprintf(d->fields[i], sizeof d->fields[i], "%lu", v);
	d->refused = false;
}

static void do_launch(struct ui *ui)
{
	struct launch_dialog *d = &ui->launch;
	unsigned values[3];
	if (d->refused)
		return;   /* a field holds less than was typed; the sentence says so */
	d->error[0] = d->tool_output[0] = '\0';
	for (int i = 0; i < 3; i++) {
		unsigned long v;
		if (field_parse(d, i, &v, d->error, sizeof d->error) < 0) {
			d->focus = i + 1;
			return;
		}
		values[i] = (unsigned)v;
	}
	const struct xt_image *img = &d->catalog.images[d->image];
	struct xt_launch_request req = { .image = img, .memory_mib = values[0], .vcpus = values[1],
					 .count = values[2], .lock_path = XT_LAUNCH_LOCK_DEFAULT };
	/* Say what is happening: xl create takes a few seconds. */
	snprintf(d->error, sizeof d->error, "launching %u x %s ...", values[2], img->name);
	ui->redraw(ui);
	if (ui->screen != SCREEN_LAUNCH)
		return;   /* the terminal shrank: not drawn, so nothing launches */
	struct xt_launch_result res;
	char err[512];
	int rc = xt_launch(ui->be, &req, &res, err, sizeof err);
	if (rc < 0) {
		snprintf(d->error, sizeof d->error, "%s", err);
		if (res.tool_output)
			snprintf(d->tool_output, sizeof d->tool_output, "%s", res.tool_output);
		xt_launch_result_free(&res);
		return;
	}
	char names[400] = "";
	for (size_t i = 0; i < res.n; i++) {
		size_t l = strlen(names);
		snprintf(names + l, sizeof names - l, "%s%s", i ? ", " : "", res.names[i]);
	}
	xt_launch_result_free(&res);
	ui_message(ui, false, "launched %s", names);
	ui->screen = SCREEN_TABLE;
}

void launch_key(struct ui *ui, int ch)
{
	struct launch_dialog *d = &ui->launch;
	if (ch == 27 || ch == 'q') {
		ui->screen = SCREEN_TABLE;
		return;
	}
	if (d->load_error[0])
		return;
	switch (ch) {
	case '\t': case KEY_RIGHT: d->focus = (d->focus + 1) % FOCUS_N; return;
	case KEY_BTAB: case KEY_LEFT: d->focus = (d->focus + FOCUS_N - 1) % FOCUS_N; return;
	case '\r': case '\n': case KEY_ENTER: do_launch(ui); return;
	default: break;
	}
	if (d->focus == FOCUS_IMAGE) {
		if ((ch == KEY_UP || ch == 'k') && d->image > 0)
			d->image--;
		else if ((ch == KEY_DOWN || ch == 'j') && d->image + 1 < d->catalog.n)
			d->image++;
		else
			return;
		load_defaults(d);
		d->error[0] = d->tool_output[0] = '\0';
		d->refused = false;
		return;
	}
	/* Every character goes into the field as typed, '-' too (as a step
	 * key it made 5 of "-5"); Enter judges the text. */
	if (ch == KEY_UP)
		adjust(d, 1);
	else if (ch == KEY_DOWN)
		adjust(d, -1);
	else
		ui_field_key(d->fields[d->focus - 1], sizeof d->fields[0], ch, d->error, sizeof d->error, &d->refused);
}
