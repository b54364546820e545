/* The value dialogs of the domain menu: CPU weight and cap, memory target,
 * vCPUs online, migration host.  Each shows the allowed range; a field takes
 * every character typed, and a value that is not a number of the allowed
 * form and range gets one sentence in the dialog, which stays open. */
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
		unsigned long min, max;
		xt_control_memory_range(&v->s, min_memory_for(ui, v->s.name), &min, &max);
		labels[0] = "Target (MiB)";
		uint64_t maxmem = v->s.static_max_bytes ? v->s.static_max_bytes : v->s.maxmem_bytes;
		const char *keeps = v->s.id == 0 ? " (Domain-0 keeps that)" : "";
		if (maxmem == XT_MEM_UNLIMITED)
			snprintf(range, len, "from %lu MiB%s, no maxmem; now %llu MiB; or with a unit (1.5G)", min, keeps,
				 (unsigned long long)(v->s.mem_bytes / MIB));
		else
			snprintf(range, len, "from %lu%s to %lu MiB (maxmem); now %llu MiB; or with a unit (1.5G)", min, keeps,
				 max, (unsigned long long)(v->s.mem_bytes / MIB));
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
	if (!ui_fits(ui, 10 + d->nfields, 60, "the dialog"))
		return;
	char name[XT_NAME_MAX], title[XT_NAME_MAX + 40], range[200], line[128];
	const char *labels[2] = { "", "" };
	describe(ui, v, labels, range, sizeof range);
	xt_sanitize(name, sizeof name, ui->target.name);
	snprintf(title, sizeof title, "%s: %s", title_of(d->kind), name);
	int width = COLS > 76 ? 72 : COLS - 2, height = 10 + d->nfields;
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
	row = ui_put_wrapped(row, top + height - 4, x, inner, ui->attrs[UA_DIM], range);
	if (d->error[0])
		ui_put_wrapped(row, top + height - 3, x, inner, ui->attrs[UA_ERROR], d->error);
	ui_put(top + height - 2, x, inner, A_NORMAL, "Tab next field  Enter apply  Esc cancel");
}

/* A field's number for the model, which checks the range and says why in
 * its own words (maxmem, maxvcpus, Domain-0's floor); false when the text
 * is no such number, with the parser's sentence in err. */
static bool number(int rc, unsigned long v)
{
	return rc == 0 || (rc == XT_PARSE_RANGE && v <= 1ul << 30);
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
	unsigned long a = 0, b = 0;
	if (d->refused)
		return;   /* the field holds less than was typed; the sentence says so */
	switch (d->kind) {
	case VALUE_SCHED: {
		unsigned long max_cap = 100ul * (v->s.vcpus ? v->s.vcpus : 1);
		int rw = xt_parse_uint_range("weight", d->fields[0], XT_WEIGHT_MIN, XT_WEIGHT_MAX, &a, err, sizeof err);
		if (!number(rw, a))
			d->focus = 0;
		else if (!number(xt_parse_uint_range("cap", d->fields[1], 0, max_cap, &b, err, sizeof err), b))
			d->focus = 1;
		else
			rc = xt_control_sched(ui->be, &v->s, (int)a, (int)b, err, sizeof err);
		break;
	}
	case VALUE_MEMORY: {
		unsigned image_min = min_memory_for(ui, v->s.name);
		unsigned long min, max;
		xt_control_memory_range(&v->s, image_min, &min, &max);
		if (number(xt_parse_mib("memory target", d->fields[0], min, max, &a, err, sizeof err), a))
			rc = xt_control_memory(ui->be, &v->s, a, image_min, err, sizeof err);
		break;
	}
	case VALUE_VCPUS:
		if (number(xt_parse_uint_range("vCPU count", d->fields[0], 1, v->s.vcpus ? v->s.vcpus : 1, &a, err,
						sizeof err), a))
			rc = xt_control_vcpus(ui->be, &v->s, a, err, sizeof err);
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
		if (b)
			ui_message(ui, false, "%s: weight %lu, cap %lu", ui->target.name, a, b);
		else
			ui_message(ui, false, "%s: weight %lu, cap none", ui->target.name, a);
		break;
	case VALUE_MEMORY: ui_message(ui, false, "%s: memory target %lu MiB", ui->target.name, a); break;
	case VALUE_VCPUS: ui_message(ui, false, "%s: %lu vCPUs online", ui->target.name, a); break;
	default: break;
	}
}

void value_key(struct ui *ui, int ch)
{
	struct value_dialog *d = &ui->value;
	switch (ch) {
	case 27: ui->screen = SCREEN_TABLE; return;
	case '\t': case KEY_DOWN: case KEY_BTAB: case KEY_UP: d->focus = (d->focus + 1) % d->nfields; return;
	case '\r': case '\n': case KEY_ENTER: apply(ui); return;
	default: break;
	}
	/* Every character goes into the field as typed; Enter judges it. */
	ui_field_key(d->fields[d->focus], sizeof d->fields[0], ch, d->error, sizeof d->error, &d->refused);
}
