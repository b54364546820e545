/* The value dialogs of the domain menu: CPU weight and cap, memory target,
 * vCPUs online, migration host.  Each shows the allowed range, and a value
 * out of it gets model/control.c's sentence in the dialog, which stays open. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../util/format.h"
#include "../util/parse.h"
#include "screens.h"

#define MIB (1024ull * 1024ull)

/* The image's min_memory when the domain is an instance of a catalogue image. */
static unsigned min_memory_for(const struct ui *ui, const char *name)
{
	struct xt_catalog cat;
	char err[256];
	unsigned min = 0;
	if (xt_catalog_load(ui->opts->catalog_dir, &cat, err, sizeof err) < 0)
		return 0;
	for (size_t i = 0; i < cat.n; i++)
		if (xt_is_instance_of(name, cat.images[i].name) || strcmp(name, cat.images[i].name) == 0)
			min = cat.images[i].min_memory_mib;
	xt_catalog_free(&cat);
	return min;
}

void value_open(struct ui *ui, enum value_kind kind)
{
	const struct xt_domain_view *v = ui_target_view(ui);
	if (!v)
		return;
	struct value_dialog *d = &ui->value;
	memset(d, 0, sizeof *d);
	d->kind = kind;
	d->nfields = kind == VALUE_SCHED ? 2 : 1;
	switch (kind) {
	case VALUE_SCHED:
		/* Weight and cap need a control sample; until it comes, defaults. */
		snprintf(d->fields[0], sizeof d->fields[0], "%d", v->s.weight > 0 ? v->s.weight : 256);
		snprintf(d->fields[1], sizeof d->fields[1], "%d", v->s.cap > 0 ? v->s.cap : 0);
		break;
	case VALUE_MEMORY:
		snprintf(d->fields[0], sizeof d->fields[0], "%llu",
			 (unsigned long long)((v->s.target_bytes ? v->s.target_bytes : v->s.mem_bytes) / MIB));
		break;
	case VALUE_VCPUS:
		snprintf(d->fields[0], sizeof d->fields[0], "%u", v->s.vcpus_online ? v->s.vcpus_online : v->s.vcpus);
		break;
	case VALUE_MIGRATE: {
		/* In a pool, the first peer heard from; else this machine. */
		const char *to = "localhost";
		for (size_t i = 0; i < ui->pool.nhosts; i++)
			if (!ui->pool.hosts[i].self && ui->pool.hosts[i].up) {
				to = ui->pool.hosts[i].name;
				break;
			}
		snprintf(d->fields[0], sizeof d->fields[0], "%s", to);
		break;
	}
	case VALUE_HTTP_PEER:
		break;
	}
	ui->screen = SCREEN_VALUE;
}

static const char *title_of(enum value_kind k)
{
	switch (k) {
	case VALUE_SCHED: return "CPU weight and cap";
	case VALUE_MEMORY: return "Memory target";
	case VALUE_VCPUS: return "vCPUs online";
	case VALUE_MIGRATE: return "Live migration";
	case VALUE_HTTP_PEER: return "HTTP load";
	}
	return "";
}

/* The labels and the range line for the target as it is now. */
static void describe(const struct ui *ui, const struct xt_domain_view *v, const char *labels[2], char *range,
		     size_t len)
{
	const struct value_dialog *d = &ui->value;
	switch (d->kind) {
	case VALUE_SCHED:
		labels[0] = "Weight";
		labels[1] = "Cap (%)";
		snprintf(range, len, "weight 1-65535 (256 default); cap 0 = none, up to %u (100 per vCPU)",
			 100 * (v->s.vcpus ? v->s.vcpus : 1));
		break;
	case VALUE_MEMORY: {
		unsigned min = min_memory_for(ui, v->s.name);
		labels[0] = "Target (MiB)";
		uint64_t max = v->s.static_max_bytes ? v->s.static_max_bytes : v->s.maxmem_bytes;
		if (max == XT_MEM_UNLIMITED)
			snprintf(range, len, "from %u MiB; no maxmem", min ? min : 1);
		else
			snprintf(range, len, "from %u to %llu MiB (maxmem); now %llu MiB", min ? min : 1,
				 (unsigned long long)(max / MIB), (unsigned long long)(v->s.mem_bytes / MIB));
		break;
	}
	case VALUE_VCPUS:
		labels[0] = "vCPUs";
		snprintf(range, len, "from 1 to %u (maxvcpus)", v->s.vcpus);
		break;
	case VALUE_MIGRATE: {
		labels[0] = "Host";
		/* The pool's other hosts with their free memory, then localhost. */
		size_t used = 0;
		for (size_t i = 0; i < ui->pool.nhosts && used + 40 < len; i++) {
			const struct xt_pool_host *h = &ui->pool.hosts[i];
			if (h->self)
				continue;
			char host[XT_HOST_MAX];
			xt_sanitize(host, sizeof host, h->name);
			int w = h->up ? snprintf(range + used, len - used, "%s%s (%ld MiB free)", used ? ", " : "pool: ", host,
						 h->free_mib)
				      : snprintf(range + used, len - used, "%s%s (lost)", used ? ", " : "pool: ", host);
			if (w < 0 || (size_t)w >= len - used)
				break;
			used += (size_t)w;
		}
		snprintf(range + used, len - used, "%s", used ? "; or localhost" : "localhost moves it within this machine");
		break;
	}
	case VALUE_HTTP_PEER:
		labels[0] = "Against";
		snprintf(range, len, "the guest whose page it fetches over and over");
		break;
	}
}

void value_draw(struct ui *ui)
{
	const struct xt_domain_view *v = NULL;
	if (ui->target.saved)
		return;
	v = xt_stats_find(&ui->stats, ui->target.id);
	if (!v)
		return;
	struct value_dialog *d = &ui->value;
	char name[XT_NAME_MAX], title[XT_NAME_MAX + 40], range[160], line[128];
	const char *labels[2] = { "", "" };
	describe(ui, v, labels, range, sizeof range);
	xt_sanitize(name, sizeof name, ui->target.name);
	snprintf(title, sizeof title, "%s: %s", title_of(d->kind), name);
	int width = COLS > 76 ? 72 : COLS - 2, height = 9 + d->nfields;
	int top = (LINES - height) / 2, left = (COLS - width) / 2, x = left + 2, inner = width - 4;
	if (top < 0)
		top = 0;
	ui_box(top, left, height, width, title, ui->attrs[UA_HEADER]);
	int row = top + 2;
	for (int i = 0; i < d->nfields; i++) {
		snprintf(line, sizeof line, "%-13s [%-20s]", labels[i], d->fields[i]);
		ui_put(row++, x, inner, d->focus == i ? ui->attrs[UA_SELECTED] : (int)A_NORMAL, line);
	}
	row++;
	ui_put(row++, x, inner, ui->attrs[UA_DIM], range);
	if (d->error[0])
		ui_put(row, x, inner, ui->attrs[UA_ERROR], d->error);
	ui_put(top + height - 2, x, inner, A_NORMAL, "Tab next field  Enter apply  Esc cancel");
}

/* A whole number typed into a field, or -1 when it is not one. */
static long field_number(const char *text, unsigned long max)
{
	unsigned long v;
	if (strcmp(text, "0") == 0)
		return 0;
	return xt_parse_positive(text, max, &v) == 0 ? (long)v : -1;
}

static void apply(struct ui *ui)
{
	struct value_dialog *d = &ui->value;
	const struct xt_domain_view *v = ui_target_view(ui);
	if (!v) {
		ui->screen = SCREEN_TABLE;
		return;
	}
	char err[512] = "";
	int rc = -1;
	long a = field_number(d->fields[0], 1ul << 30), b = d->nfields > 1 ? field_number(d->fields[1], 1ul << 30) : 0;
	switch (d->kind) {
	case VALUE_SCHED:
		if (a < 0 || b < 0)
			snprintf(err, sizeof err, "weight and cap must be whole numbers (cap 0 = no cap)");
		else
			rc = xt_control_sched(ui->be, &v->s, (int)a, (int)b, err, sizeof err);
		break;
	case VALUE_MEMORY:
		if (a < 0)
			snprintf(err, sizeof err, "the memory target must be a whole number of MiB");
		else
			rc = xt_control_memory(ui->be, &v->s, (unsigned long)a, min_memory_for(ui, v->s.name), err, sizeof err);
		break;
	case VALUE_VCPUS:
		if (a < 0)
			snprintf(err, sizeof err, "the vCPU count must be a whole number");
		else
			rc = xt_control_vcpus(ui->be, &v->s, (unsigned long)a, err, sizeof err);
		break;
	case VALUE_HTTP_PEER: {
		char peer[64];
		snprintf(peer, sizeof peer, "%s", d->fields[0]);
		if (!xt_valid_host(peer)) {
			snprintf(d->error, sizeof d->error, "'%s' is not a guest's name; give one from the list", peer);
			return;
		}
		ui->screen = SCREEN_TABLE;
		action_workload(ui, v, XT_LOAD_HTTP, peer);
		return;
	}
	case VALUE_MIGRATE: {
		char host[64];
		snprintf(host, sizeof host, "%s", d->fields[0]);
		if (!xt_valid_host(host)) {
			snprintf(d->error, sizeof d->error, "'%s' is not a host name; give a name or address such as localhost",
				 host);
			return;
		}
		ui->screen = SCREEN_TABLE;
		action_migrate(ui, v, host);
		return;
	}
	}
	if (rc < 0) {
		snprintf(d->error, sizeof d->error, "%s", err);   /* stays open to correct it */
		return;
	}
	ui->screen = SCREEN_TABLE;
	switch (d->kind) {
	case VALUE_SCHED:
		ui_message(ui, false, "%s: weight %ld, cap %s", ui->target.name, a, b ? d->fields[1] : "none");
		break;
	case VALUE_MEMORY: ui_message(ui, false, "%s: memory target %ld MiB", ui->target.name, a); break;
	case VALUE_VCPUS: ui_message(ui, false, "%s: %ld vCPUs online", ui->target.name, a); break;
	default: break;
	}
}

void value_key(struct ui *ui, int ch)
{
	struct value_dialog *d = &ui->value;
	char *field = d->fields[d->focus];
	size_t len = strlen(field);
	switch (ch) {
	case 27: ui->screen = SCREEN_TABLE; return;
	case '\t': case KEY_DOWN: case KEY_BTAB: case KEY_UP: d->focus = (d->focus + 1) % d->nfields; return;
	case '\r': case '\n': case KEY_ENTER: apply(ui); return;
	case KEY_BACKSPACE: case 127: case 8:
		if (len)
			field[len - 1] = '\0';
		d->error[0] = '\0';
		return;
	default: break;
	}
	bool text = d->kind == VALUE_MIGRATE || d->kind == VALUE_HTTP_PEER;
	bool ok = text ? (ch > 32 && ch < 127) : (ch >= '0' && ch <= '9');
	if (ok && len + 1 < sizeof d->fields[0]) {
		field[len] = (char)ch;
		field[len + 1] = '\0';
		d->error[0] = '\0';
	}
}
