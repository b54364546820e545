/* The domain page (i or Enter on a row): everything about one domain on
 * one screen — type, state, uptime, vCPUs, memory, CPU and memory graphs
 * over the last minutes, networks with their addresses, disks, the image
 * it came from and the end of its console.  Esc returns to the table; a or
 * Enter opens the actions menu, which returns here. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../util/format.h"
#include "screens.h"

/* ---- which domain, and what the backend adds to the samples ---- */

static void set_target(struct detail *d, const struct xt_domain_view *v)
{
	d->id = v->s.id;
	memcpy(d->uuid, v->s.uuid, sizeof d->uuid);
	snprintf(d->name, sizeof d->name, "%s", v->s.name);
	d->saved = (v->s.state & XT_SAVED) != 0;
}

/* Reads the addresses, disks and console once per sample, not per key. */
static void read_extras(struct ui *ui, const struct xt_domain_view *v)
{
	struct detail *d = &ui->detail;
	char err[512];
	d->read_at = ui->stats.samples;
	memset(&d->info, 0, sizeof d->info);
	d->console[0] = '\0';
	snprintf(d->console_error, sizeof d->console_error, "%s",
		 d->saved ? "a saved guest has no console" : "this backend keeps no console log");
	if (!v || d->saved)
		return;
	if (ui->be->ops->domain_info && ui->be->ops->domain_info(ui->be, v->s.id, v->s.name, &d->info, err, sizeof err) < 0)
		memset(&d->info, 0, sizeof d->info);
	if (ui->be->ops->console_tail) {
		if (ui->be->ops->console_tail(ui->be, v->s.id, v->s.name, DETAIL_CONSOLE_LINES, d->console,
					      sizeof d->console, err, sizeof err) == 0)
			d->console_error[0] = '\0';
		else
			snprintf(d->console_error, sizeof d->console_error, "%s", err);
	}
}

/* The catalogue image the domain is an instance of, read when the page
 * opens (a handful of small files). */
static void find_image(struct ui *ui)
{
	struct detail *d = &ui->detail;
	struct xt_catalog cat;
	char err[512];
	d->image[0] = '\0';
	if (xt_catalog_load(ui->opts->catalog_dir, &cat, err, sizeof err) < 0)
		return;
	const struct xt_image *img = xt_image_of(&cat, d->name, &d->info);
	if (img)
		snprintf(d->image, sizeof d->image, "%s (%s)", img->name, img->display);
	xt_catalog_free(&cat);
}

void detail_open(struct ui *ui, const struct xt_domain_view *v)
{
	struct detail *d = &ui->detail;
	set_target(d, v);
	d->open = true;
	ui->screen = SCREEN_TABLE;
	read_extras(ui, v);
	find_image(ui);
}

static void detail_close(struct ui *ui)
{
	struct detail *d = &ui->detail;
	d->open = false;
	/* Back in the table on this domain, whatever id it has now. */
	snprintf(ui->selected_name, sizeof ui->selected_name, "%s", d->name);
	ui->selected_id = d->id;
}

/* The page's domain now: the same one (id and UUID), else the one of that
 * name (a save, restore or migration gives it another id, or makes it a
 * saved row); NULL when it is gone. */
static const struct xt_domain_view *current(struct ui *ui)
{
	struct detail *d = &ui->detail;
	const struct xt_domain_view *v = d->saved ? NULL : xt_stats_find(&ui->stats, d->id);
	if (v && memcmp(v->s.uuid, d->uuid, sizeof d->uuid) == 0)
		return v;
	v = NULL;
	for (size_t i = 0; i < ui->stats.n && !v; i++)
		if (strcmp(ui->stats.views[i].s.name, d->name) == 0)
			v = &ui->stats.views[i];
	for (size_t i = 0; i < ui->nsaved && !v; i++)
		if (strcmp(ui->saved_views[i].s.name, d->name) == 0)
			v = &ui->saved_views[i];
	if (v && (v->s.id != d->id || ((v->s.state & XT_SAVED) != 0) != d->saved)) {
		set_target(d, v);
		d->read_at = 0;     /* another domain id: read its extras again */
	}
	return v;
}

/* ---- drawing ---- */

static const char *state_word(unsigned state)
{
	return state & XT_SAVED ? "saved" : state & XT_CRASHED ? "crashed" : state & XT_DYING ? "dying"
	       : state & XT_SHUTDOWN ? "shut down" : state & XT_PAUSED ? "paused" : state & XT_RUNNING ? "running"
	       : state & XT_BLOCKED ? "blocked (idle)" : "no state";
}

/* A label in bold and its text after it. */
static void field(int row, const char *label, const char *text)
{
	ui_put(row, 1, 8, A_BOLD, label);
	ui_put(row, 9, COLS - 10, A_NORMAL, text);
}

static void section(struct ui *ui, int row, const char *title)
{
	ui_put(row, 1, COLS - 2, ui->attrs[UA_HEADER], title);
}

/* Appends to line (of size len) when the whole of text fits in width. */
static bool append(char *line, size_t len, int width, const char *text)
{
	size_t used = strlen(line), tl = strlen(text);
	if ((int)(used + tl) > width || used + tl >= len)
		return false;
	memcpy(line + used, text, tl + 1);
	return true;
}

static void draw_vcpus(struct ui *ui, int row, const struct xt_domain_view *v)
{
	char line[1024], item[48];
	unsigned online = v->s.vcpus_online ? v->s.vcpus_online : v->s.vcpus;
	snprintf(line, sizeof line, "%u of %u online", online, v->s.vcpus);
	const struct xt_vcpu_sample *vc = xt_view_vcpus(&ui->stats, v);
	int width = COLS - 10;
	for (unsigned j = 0; vc && j < v->s.vcpus; j++) {
		double pct;
		if (!vc[j].online)
			snprintf(item, sizeof item, "%s#%u off", j ? "  " : ":  ", j);
		else if (xt_view_vcpu_pct(&ui->stats, v, j, &pct))
			snprintf(item, sizeof item, "%s#%u %.1f%%", j ? "  " : ":  ", j, pct);
		else
			snprintf(item, sizeof item, "%s#%u on", j ? "  " : ":  ", j);
		/* Room is kept for the "+N more" that says some are left out. */
		if (!append(line, sizeof line, j + 1 < v->s.vcpus ? width - 10 : width, item)) {
			snprintf(item, sizeof item, "  +%u more", v->s.vcpus - j);
			append(line, sizeof line, width, item);
			break;
		}
	}
	field(row, "vCPUs", line);
}

static void draw_memory(struct ui *ui, int row, const struct xt_domain_view *v)
{
	char now[16], target[16] = "-", max[16], line[160];
	xt_fmt_size(now, sizeof now, v->s.mem_bytes);
	if (v->s.target_bytes)
		xt_fmt_size(target, sizeof target, v->s.target_bytes);
	/* What ballooning may reach; Xen's own limit when that is unknown. */
	uint64_t limit = v->s.static_max_bytes ? v->s.static_max_bytes : v->s.maxmem_bytes;
	if (limit == XT_MEM_UNLIMITED || limit == 0)
		snprintf(max, sizeof max, "no limit");
	else
		xt_fmt_size(max, sizeof max, limit);
	snprintf(line, sizeof line, "%s now, target %s, max %s", now, target, max);
	if (ui->stats.host.total_mem_bytes) {
		size_t l = strlen(line);
		snprintf(line + l, sizeof line - l, "   %.1f%% of the host's",
			 (double)v->s.mem_bytes * 100.0 / (double)ui->stats.host.total_mem_bytes);
	}
	field(row, "Memory", line);
}

/* One graph over the samples kept: its values (oldest first), the top of
 * its scale and its titles, longest first (the first that fits shows). */
struct graph {
	const float *values;
	double scale;
	char titles[3][160];
};

/* The lowest and highest of the last `shown` of n values (0 when none). */
static void window_range(const float *values, unsigned n, unsigned shown, double *low, double *high)
{
	*low = *high = 0;
	for (unsigned i = n - shown; i < n; i++) {
		if (i == n - shown || values[i] < *low)
			*low = values[i];
		if (values[i] > *high)
			*high = values[i];
	}
}

/* CPU% in the screen's mode (converted in place); the scale is what the
 * domain can use. */
static void cpu_graph(struct ui *ui, const struct xt_domain_view *v, float *cpu, unsigned n, unsigned shown,
		      const char *span, struct graph *g)
{
	unsigned ncpus = ui->stats.host.ncpus ? ui->stats.host.ncpus : 1;
	for (unsigned i = 0; i < n; i++) {
		struct xt_domain_view one = { .s = v->s, .cpu_pct = cpu[i] };
		cpu[i] = (float)xt_cpu_in_mode(&one, ui->cpu_mode, ncpus);
	}
	double now = n ? cpu[n - 1] : 0, low, peak;
	window_range(cpu, n, shown, &low, &peak);
	g->values = cpu;
	g->scale = ui->cpu_mode == XT_CPU_PCPU && v->s.vcpus ? 100.0 * v->s.vcpus : 100.0;
	const char *mode = xt_cpu_mode_name(ui->cpu_mode);
	if (!n) {
		snprintf(g->titles[0], sizeof g->titles[0], "CPU%% (%s): no interval measured yet", mode + 2);
		snprintf(g->titles[1], sizeof g->titles[1], "CPU%%: measuring");
	} else {
		snprintf(g->titles[0], sizeof g->titles[0],
			 "CPU%% (%s): now %.1f, peak %.1f over the last %s; scale 0-%.0f", mode + 2, now, peak, span,
			 g->scale);
		snprintf(g->titles[1], sizeof g->titles[1], "CPU%% now %.1f, peak %.1f, last %s", now, peak, span);
	}
	snprintf(g->titles[2], sizeof g->titles[2], "CPU%% %.1f", now);
}

/* Memory against what ballooning may reach (else the host's). */
static void mem_graph(struct ui *ui, const struct xt_domain_view *v, const float *mem, unsigned n, unsigned shown,
		      const char *span, struct graph *g)
{
	uint64_t limit = v->s.static_max_bytes ? v->s.static_max_bytes : v->s.maxmem_bytes;
	if (limit == XT_MEM_UNLIMITED || limit == 0)
		limit = ui->stats.host.total_mem_bytes;
	double low, high;
	window_range(mem, n, shown, &low, &high);
	g->values = mem;
	g->scale = (double)limit / (1024.0 * 1024.0);
	if (high > g->scale)
		g->scale = high;
	char now_s[16], low_s[16], high_s[16], scale_s[16];
	xt_fmt_size(now_s, sizeof now_s, (uint64_t)v->s.mem_bytes);
	xt_fmt_size(low_s, sizeof low_s, (uint64_t)(low * 1024 * 1024));
	xt_fmt_size(high_s, sizeof high_s, (uint64_t)(high * 1024 * 1024));
	xt_fmt_size(scale_s, sizeof scale_s, (uint64_t)(g->scale * 1024 * 1024));
	if (!n)
		snprintf(g->titles[0], sizeof g->titles[0], "Memory: now %s; scale 0-%s", now_s, scale_s);
	else
		snprintf(g->titles[0], sizeof g->titles[0],
			 "Memory: now %s, lowest %s, highest %s over the last %s; scale 0-%s", now_s, low_s, high_s,
			 span, scale_s);
	snprintf(g->titles[1], sizeof g->titles[1], "Mem now %s of %s, last %s", now_s, scale_s, n ? span : "-");
	snprintf(g->titles[2], sizeof g->titles[2], "Mem %s", now_s);
}

/* A graph's title line and `rows` rows of columns, newest at the right. */
static void draw_graph(struct ui *ui, int top, int col, int width, int rows, const struct graph *g, unsigned n)
{
	char buf[XT_LONG_HISTORY * 4 + 8];
	int t = 0;
	while (t + 1 < (int)(sizeof g->titles / sizeof g->titles[0]) && (int)strlen(g->titles[t]) > width)
		t++;
	ui_put(top, col, width, ui->attrs[UA_HEADER], g->titles[t]);
	for (int r = 0; r < rows; r++) {
		xt_graph_row(buf, sizeof buf, g->values, n, width, g->scale, r, rows, ui->unicode);
		ui_put(top + 1 + r, col, width, ui->attrs[UA_BAR], buf);
	}
}

/* CPU% and memory, side by side or (stacked) one above the other. */
static void draw_graphs(struct ui *ui, int top, int rows, bool stacked, const struct xt_domain_view *v)
{
	float cpu[XT_LONG_HISTORY], mem[XT_LONG_HISTORY];
	unsigned n = xt_view_history(&ui->stats, v, cpu, mem, XT_LONG_HISTORY);
	int width = stacked ? COLS - 2 : (COLS - 4) / 2;
	if (width > XT_LONG_HISTORY)
		width = XT_LONG_HISTORY;
	if (width < 4)
		return;
	unsigned shown = n < (unsigned)width ? n : (unsigned)width;
	char span[24];
	xt_fmt_duration(span, sizeof span, xt_history_span_s(&ui->stats, shown));
	struct graph cpu_g, mem_g;
	cpu_graph(ui, v, cpu, n, shown, span, &cpu_g);
	mem_graph(ui, v, mem, n, shown, span, &mem_g);
	int cpu_rows = stacked ? (rows - 2) / 2 : rows - 1;
	draw_graph(ui, top, 1, width, cpu_rows, &cpu_g, n);
	if (stacked)
		draw_graph(ui, top + 1 + cpu_rows, 1, width, rows - 2 - cpu_rows, &mem_g, n);
	else
		draw_graph(ui, top, 1 + width + 2, width, rows - 1, &mem_g, n);
}

static const struct xt_net_info *net_info(const struct detail *d, unsigned id)
{
	for (size_t i = 0; i < d->info.nnets; i++)
		if (d->info.nets[i].id == id)
			return &d->info.nets[i];
	return NULL;
}

static const struct xt_disk_info *disk_info(const struct detail *d, unsigned dev)
{
	for (size_t i = 0; i < d->info.ndisks; i++)
		if (d->info.disks[i].dev == dev)
			return &d->info.disks[i];
	return NULL;
}

/* Rows used: a title and a line per network (at most max_lines). */
static int draw_nets(struct ui *ui, int row, int max_lines, const struct xt_domain_view *v)
{
	const struct detail *d = &ui->detail;
	const struct xt_net_sample *nets = xt_view_nets(&ui->stats, v);
	section(ui, row, "Networks");
	if (!v->s.nets || !nets) {
		ui_put(row + 1, 3, COLS - 4, ui->attrs[UA_DIM], v->s.nets ? "reading ..." : "none");
		return 2;
	}
	int lines = 0;
	for (unsigned j = 0; j < v->s.nets && lines < max_lines; j++, lines++) {
		char line[512], name[32], rx[16] = "-", tx[16] = "-";
		double rrate, trate;
		if (lines + 1 == max_lines && j + 1 < v->s.nets && max_lines > 1) {
			snprintf(line, sizeof line, "... and %u more", v->s.nets - j);
			ui_put(row + 1 + lines, 3, COLS - 4, ui->attrs[UA_DIM], line);
			lines++;
			break;
		}
		if (xt_view_net_rates(&ui->stats, v, j, &rrate, &trate)) {
			xt_fmt_rate(rx, sizeof rx, rrate);
			xt_fmt_rate(tx, sizeof tx, trate);
		}
		const struct xt_net_info *ni = net_info(d, nets[j].id);
		char mac[18], addr[48];
		xt_sanitize(mac, sizeof mac, ni && ni->mac[0] ? ni->mac : "-");
		xt_sanitize(addr, sizeof addr, ni && ni->addr[0] ? ni->addr : "address not known");
		snprintf(name, sizeof name, "vif%u.%u", v->s.id, nets[j].id);
		snprintf(line, sizeof line, "%-10s %-17s  %-17s  rx %6s/s  tx %6s/s", name, mac, addr, rx, tx);
		ui_put(row + 1 + lines, 3, COLS - 4, A_NORMAL, line);
	}
	return 1 + lines;
}

static int draw_disks(struct ui *ui, int row, int max_lines, const struct xt_domain_view *v)
{
	const struct detail *d = &ui->detail;
	const struct xt_vbd_sample *vbds = xt_view_vbds(&ui->stats, v);
	section(ui, row, "Disks");
	if (!v->s.vbds || !vbds) {
		ui_put(row + 1, 3, COLS - 4, ui->attrs[UA_DIM], v->s.vbds ? "reading ..." : "none");
		return 2;
	}
	int lines = 0;
	for (unsigned j = 0; j < v->s.vbds && lines < max_lines; j++, lines++) {
		char line[700], name[24], rd[16] = "-", wr[16] = "-", target[512];
		double rrate, wrate;
		if (lines + 1 == max_lines && j + 1 < v->s.vbds && max_lines > 1) {
			snprintf(line, sizeof line, "... and %u more", v->s.vbds - j);
			ui_put(row + 1 + lines, 3, COLS - 4, ui->attrs[UA_DIM], line);
			lines++;
			break;
		}
		xt_fmt_vbd_name(name, sizeof name, vbds[j].dev);
		const struct xt_disk_info *di = disk_info(d, vbds[j].dev);
		xt_sanitize(target, sizeof target, di && di->target[0] ? di->target : "");
		if (vbds[j].error) {
			snprintf(line, sizeof line, "%-10s its statistics cannot be read  %s", name, target);
		} else {
			if (xt_view_vbd_rates(&ui->stats, v, j, &rrate, &wrate)) {
				xt_fmt_rate(rd, sizeof rd, rrate);
				xt_fmt_rate(wr, sizeof wr, wrate);
			}
			snprintf(line, sizeof line, "%-10s read %6s/s  write %6s/s  %s", name, rd, wr, target);
		}
		ui_put(row + 1 + lines, 3, COLS - 4, A_NORMAL, line);
	}
	return 1 + lines;
}

/* A console line as plain text: escape sequences (colours, cursor moves)
 * dropped, carriage returns gone, anything else unprintable as '?'. */
static void clean_console_line(char *dst, size_t len, const char *src, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < len; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c == 0x1b && i + 1 < n && src[i + 1] == '[') {
			for (i += 2; i < n && !((unsigned char)src[i] >= 0x40 && (unsigned char)src[i] <= 0x7e); i++)
				;
		} else if (c == 0x1b && i + 1 < n && src[i + 1] == ']') {
			for (i += 2; i < n && src[i] != '\a' && src[i] != 0x1b; i++)
				;
		} else if (c == '\t') {
			dst[o++] = ' ';
		} else if (c != '\r' && c != 0x1b) {
			dst[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
		}
	}
	dst[o] = '\0';
}

static void draw_console(struct ui *ui, int row, int lines)
{
	const struct detail *d = &ui->detail;
	section(ui, row, "Console, its last lines");
	if (lines <= 0)
		return;
	if (d->console_error[0]) {
		ui_put_wrapped(row + 1, row + lines, 3, COLS - 4, ui->attrs[UA_DIM], d->console_error);
		return;
	}
	/* The last `lines` lines, from the end of the text. */
	const char *text = d->console, *start = text + strlen(text);
	int found = 0;
	while (start > text && found < lines) {
		start--;
		if (start > text && start[-1] == '\n')
			found++;
	}
	if (start == text && !*text) {
		ui_put(row + 1, 3, COLS - 4, ui->attrs[UA_DIM], "(nothing written yet)");
		return;
	}
	for (int r = 1; *start && r <= lines; r++) {
		const char *end = strchr(start, '\n');
		size_t n = end ? (size_t)(end - start) : strlen(start);
		char line[1024];
		clean_console_line(line, sizeof line, start, n);
		ui_put(row + r, 3, COLS - 4, A_NORMAL, line);
		start += n + (end ? 1 : 0);
	}
}

static void draw_footer(struct ui *ui)
{
	int row = LINES - 1;
	if (ui->message[0] && xt_monotonic_ns() < ui->message_until_ns) {
		int attr = ui->message_error ? ui->attrs[UA_ERROR] : ui->attrs[UA_HEADER];
		ui_fill_line(row, attr);
		ui_put(row, 0, COLS, attr, ui->message);
		return;
	}
	static const char *keys[][2] = { { "Esc", "Back" },   { "a", "Actions" }, { "p", "Pause" },
					 { "c", "Console" }, { "j/k", "Prev/next" },  { "%", "CPU%" },
					 { "h", "Help" } };
	int col = 0;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		int kl = (int)strlen(keys[i][0]), ll = (int)strlen(keys[i][1]);
		if (col + kl + ll > COLS)
			break;
		ui_put(row, col, kl, ui->attrs[UA_KEY], keys[i][0]);
		ui_put(row, col + kl, ll, A_NORMAL, keys[i][1]);
		col += kl + ll + 2;
	}
}

void detail_draw(struct ui *ui)
{
	struct detail *d = &ui->detail;
	const struct xt_domain_view *v = current(ui);
	if (d->read_at != ui->stats.samples)
		read_extras(ui, v);
	char name[XT_NAME_MAX], line[512];
	xt_sanitize(name, sizeof name, d->name);
	ui_fill_line(0, ui->attrs[UA_COLUMNS]);
	if (v && !d->saved)
		snprintf(line, sizeof line, "%s  (id %u)", name, v->s.id);
	else
		snprintf(line, sizeof line, "%s", name);
	ui_put(0, 1, COLS - 1, ui->attrs[UA_COLUMNS] | A_BOLD, line);
	draw_footer(ui);
	if (!v) {
		snprintf(line, sizeof line, "%s is no longer here: destroyed, shut down or moved away. Esc returns to "
			 "the table.", name);
		ui_put_wrapped(2, LINES - 2, 1, COLS - 2, A_NORMAL, line);
		return;
	}

	/* Type, state and uptime; vCPUs; memory; the image. */
	char state[8], up[24];
	xt_fmt_state(state, sizeof state, v->s.state);
	double uptime = v->s.start_time > 0 && ui->stats.host.wall_time >= v->s.start_time
				? (double)(ui->stats.host.wall_time - v->s.start_time) : -1;
	xt_fmt_duration(up, sizeof up, uptime);
	const char *type = v->s.type ? xt_guest_type_name(v->s.type) : "-";
	if (d->saved)
		snprintf(line, sizeof line, "%-6s State saved, not running", type);
	else
		snprintf(line, sizeof line, "%-6s State %s (%s)   Up %s", type, state_word(v->s.state), state, up);
	field(1, "Type", line);
	if (d->saved) {
		char size[16];
		xt_fmt_size(size, sizeof size, v->s.mem_bytes);
		snprintf(line, sizeof line, "its memory and state (%s) are kept in %s/%s.save; R restores it, D deletes "
			 "it", size, ui->opts->save_dir, name);
		ui_put_wrapped(2, LINES - 2, 9, COLS - 10, A_NORMAL, line);
		ui_put(2, 1, 8, A_BOLD, "Saved");
		return;
	}
	draw_vcpus(ui, 2, v);
	draw_memory(ui, 3, v);
	if (v->s.id == 0)
		field(4, "Image", "- (the control domain, started by Xen itself)");
	else
		field(4, "Image", d->image[0] ? d->image : "not known (not an instance of a catalogue image)");

	/* What is left between the info and the key bar: the graphs take a
	 * share, networks and disks a line each, the console the rest. */
	int top = 6, bottom = LINES - 1, room = bottom - top;
	if (room < 4)
		return;
	bool stacked = LINES >= 40 && COLS >= 60;
	int devices_each = room >= 30 ? 8 : room >= 20 ? 3 : 2;
	unsigned nn = v->s.nets ? v->s.nets : 1, nd = v->s.vbds ? v->s.vbds : 1;
	int net_rows = 1 + (int)(nn < (unsigned)devices_each ? nn : (unsigned)devices_each);
	int disk_rows = 1 + (int)(nd < (unsigned)devices_each ? nd : (unsigned)devices_each);
	int rest = room - net_rows - disk_rows - 2;   /* a blank line after the graphs and the devices */
	int graph_rows = stacked ? rest / 2 : rest / 3 + 1;
	if (graph_rows > (stacked ? 22 : 11))
		graph_rows = stacked ? 22 : 11;
	if (graph_rows < (stacked ? 4 : 3))
		graph_rows = rest >= 3 ? 3 : 0;
	if (graph_rows < 4)
		stacked = false;
	int row = top;
	if (graph_rows) {
		draw_graphs(ui, row, graph_rows, stacked, v);
		row += graph_rows + 1;
	}
	if (row + net_rows <= bottom)
		row += draw_nets(ui, row, net_rows - 1, v);
	if (row + disk_rows <= bottom)
		row += draw_disks(ui, row, disk_rows - 1, v) + 1;
	if (row + 1 < bottom)
		draw_console(ui, row, bottom - row - 1);
}

/* ---- keys ---- */

/* Moves the page to the previous or next row of the table. */
static void step(struct ui *ui, int delta)
{
	size_t at = ui->nrows;
	for (size_t i = 0; i < ui->nrows; i++)
		if (strcmp(ui->rows[i]->s.name, ui->detail.name) == 0)
			at = i;
	if (at == ui->nrows || (delta < 0 && at == 0) || (delta > 0 && at + 1 >= ui->nrows))
		return;
	const struct xt_domain_view *v = ui->rows[delta < 0 ? at - 1 : at + 1];
	ui->selected_id = v->s.id;
	snprintf(ui->selected_name, sizeof ui->selected_name, "%s", v->s.name);
	detail_open(ui, v);
}

void detail_key(struct ui *ui, int ch)
{
	const struct xt_domain_view *v = current(ui);
	switch (ch) {
	case 27: case 'q': case 'Q': case 'i': case KEY_LEFT: case KEY_BACKSPACE: case 127:
		detail_close(ui);
		return;
	case 'h': case '?': case KEY_F(1):
		ui->help_top = 0;
		ui->screen = SCREEN_HELP;
		return;
	case KEY_F(10): ui->quit = true; return;
	case KEY_F(9): ch = 'D'; break;   /* destroy, as on the table */
	case KEY_UP: case 'k': step(ui, -1); return;
	case KEY_DOWN: case 'j': step(ui, 1); return;
	case '%': ui->cpu_mode = (enum xt_cpu_mode)((ui->cpu_mode + 1) % XT_CPU_MODES); return;
	default: break;
	}
	/* Every action goes through the actions menu, as on the table. */
	bool action = ch == '\r' || ch == '\n' || ch == KEY_ENTER || (ch > 0 && ch < 128 && strchr("apsDcSRwmvLx", ch));
	if (!action) {
		/* Silence would leave the user guessing whether the key was seen. */
		if (ch > 32 && ch < 127)
			ui_message(ui, false, "%c does nothing on this page; Esc returns to the table, h for help", ch);
		return;
	}
	if (!v) {
		ui_message(ui, true, "%s is gone", ui->detail.name);
		return;
	}
	menu_open(ui, v);
	if (ch != 'a' && ch != '\r' && ch != '\n' && ch != KEY_ENTER)
		menu_key(ui, ch);
}
