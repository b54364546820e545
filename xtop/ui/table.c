/* The main screen: host header, one row per domain, footer. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/format.h"
#include "screens.h"

static void bar(char *buf, size_t len, double fraction, int width, bool unicode)
{
	if (width < 1 || len < 2) {
		if (len)
			buf[0] = '\0';
		return;
	}
	if (fraction < 0)
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	int filled = (int)(fraction * width + 0.5);
	size_t pos = 0;
	for (int i = 0; i < width && pos + 4 < len; i++) {
		if (i < filled && unicode) {
			memcpy(buf + pos, "\u2588", 3);
			pos += 3;
		} else {
			buf[pos++] = i < filled ? '|' : (unicode ? ' ' : '.');
		}
	}
	buf[pos] = '\0';
}

/* Returns the number of header lines drawn. */
static int draw_header(struct ui *ui)
{
	const struct xt_host_view *h = &ui->stats.host;
	char clock[16], up[24], line[512], total[16], freemem[16], used[16];
	time_t now = (time_t)h->wall_time;
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(clock, sizeof clock, "%H:%M:%S", &tm);
	xt_fmt_duration(up, sizeof up, h->uptime_s);
	xt_fmt_size(total, sizeof total, h->total_mem_bytes);
	xt_fmt_size(freemem, sizeof freemem, h->free_mem_bytes);
	xt_fmt_size(used, sizeof used, h->total_mem_bytes - h->free_mem_bytes);
	char busy[16];
	if (h->busy_known)
		snprintf(busy, sizeof busy, "%5.1f%%", h->busy_pct);
	else
		snprintf(busy, sizeof busy, "    -");
	size_t ndom = ui->stats.n;
	int hattr = ui->attrs[UA_HEADER];

	if (LINES < 16) {
		/* Tiny terminals: one summary line. */
		snprintf(line, sizeof line, "xtop %s  CPU%s  mem %s/%s  %zu dom  %.4gs", clock, busy, used, total,
			 ndom, ui->delay_s);
		ui_put(0, 0, COLS, hattr, line);
		return 1;
	}
	snprintf(line, sizeof line, "xtop - Xen %s   up %s   refresh %.4gs   %s", h->xen_version, up,
		 ui->delay_s, clock);
	ui_put(0, 0, COLS, hattr, line);

	/* "CPU [bar] text" and "Mem [bar] text": the bar takes what is left. */
	char barbuf[256], cpu_text[96], mem_text[96];
	/* A PC with VT-x/AMD-V off runs PV guests only: said where the CPU is. */
	snprintf(cpu_text, sizeof cpu_text, " %s busy of %u pCPUs%s", busy, h->ncpus,
		 h->guest_types & XT_GUEST_PVH ? "" : ", PV guests only (VT-x/AMD-V off)");
	snprintf(mem_text, sizeof mem_text, " %s used, %s free of %s", used, freemem, total);
	int barw = COLS - 6 - (int)(strlen(mem_text) > strlen(cpu_text) ? strlen(mem_text) : strlen(cpu_text));
	if (barw > 50)
		barw = 50;
	const char *texts[2] = { cpu_text, mem_text };
	double fractions[2] = {
		h->busy_known ? h->busy_pct / 100 : 0,
		h->total_mem_bytes ? (double)(h->total_mem_bytes - h->free_mem_bytes) / (double)h->total_mem_bytes : 0,
	};
	for (int i = 0; i < 2; i++) {
		int row = 1 + i;
		ui_put(row, 0, 4, A_NORMAL, i ? "Mem" : "CPU");
		int col = 4;
		if (barw >= 5) {
			bar(barbuf, sizeof barbuf, fractions[i], barw, ui->unicode);
			ui_put(row, col, 1, A_NORMAL, "[");
			ui_put(row, col + 1, barw, ui->attrs[UA_BAR], barbuf);
			ui_put(row, col + 1 + barw, 1, A_NORMAL, "]");
			col += barw + 2;
		}
		ui_put(row, col, COLS - col, A_NORMAL, texts[i]);
	}
	/* The longest form that fits: an 80-column console loses words, never
	 * the sort column. */
	unsigned other = h->crashed + h->dying + h->shutdown;
	const char *arrow = ui->sort_reverse != xt_fields[ui->sort_field].descending ? "v" : "^";
	const char *sort_name = xt_fields[ui->sort_field].header;
	for (int form = 0; form < 3; form++) {
		if (form == 0)
			snprintf(line, sizeof line, "Domains %zu: %u running, %u blocked, %u paused, %u other   CPU%% = %s   sort %s %s",
				 ndom, h->running, h->blocked, h->paused, other, xt_cpu_mode_name(ui->cpu_mode), sort_name, arrow);
		else if (form == 1)
			snprintf(line, sizeof line, "Domains %zu: %u running, %u blocked, %u paused, %u other   sort %s %s",
				 ndom, h->running, h->blocked, h->paused, other, sort_name, arrow);
		else
			snprintf(line, sizeof line, "%zu dom: %u run, %u blk, %u pau, %u oth  sort %s%s", ndom, h->running,
				 h->blocked, h->paused, other, sort_name, arrow);
		size_t len = strlen(line);
		if (ui->filter[0])
			snprintf(line + len, sizeof line - len, "%sfilter: %s", form ? "  " : "   ", ui->filter);
		if ((int)strlen(line) <= COLS)
			break;
	}
	ui_put(3, 0, COLS, A_NORMAL, line);
	return 4;
}

/* The key bar, htop-style: F-keys where a key has one.  Where they do not
 * all fit, the least used go first (higher drop numbers).  A pool key
 * shows only while the pool panel does. */
static const struct key_item {
	int key;
	const char *name, *label;
	int drop;
	bool pool;
} key_items[] = {
	{ KEY_F(1), "F1", "Help", 0, false },     { 'n', "n", "New", 2, false },
	{ '\r', "Enter", "Detail", 3, false },    { 'p', "p", "Pause", 6, false },
	{ KEY_F(9), "F9", "Destroy", 5, false },  { 'c', "c", "Console", 7, false },
	{ KEY_F(3), "F3", "Search", 10, false },  { KEY_F(4), "F4", "Filter", 4, false },
	{ KEY_F(6), "F6", "Sort", 8, false },     { 'd', "d", "Delay", 9, false },
	{ KEY_F(10), "F10", "Quit", 1, false },   { 'B', "B", "Serve", 11, true },
};
#define NKEY_ITEMS (int)(sizeof key_items / sizeof key_items[0])

static int pool_lines(const struct ui *ui);

static void draw_keybar(struct ui *ui, int row)
{
	/* Two spaces between keys where they all fit, else one, dropping
	 * keys until the rest fit. */
	bool keep[NKEY_ITEMS];
	int total = 0, gap = 2, nkept = 0;
	for (int i = 0; i < NKEY_ITEMS; i++) {
		keep[i] = !key_items[i].pool || pool_lines(ui);
		if (keep[i]) {
			total += (int)(strlen(key_items[i].name) + strlen(key_items[i].label)) + 1;
			nkept++;
		}
	}
	if (total + nkept - 2 > COLS)
		gap = 1;
	for (int drop = 11; drop >= 0 && total - 1 > COLS; drop--)
		for (int i = 0; i < NKEY_ITEMS; i++)
			if (keep[i] && key_items[i].drop == drop) {
				keep[i] = false;
				total -= (int)(strlen(key_items[i].name) + strlen(key_items[i].label)) + 1;
			}
	struct ui_layout *l = &ui->layout;
	l->keybar_row = row;
	l->nkeys = 0;
	int col = 0;
	for (int i = 0; i < NKEY_ITEMS && col < COLS; i++) {
		if (!keep[i])
			continue;
		int kl = (int)strlen(key_items[i].name), ll = (int)strlen(key_items[i].label);
		if (col + kl + ll > COLS)
			break;
		ui_put(row, col, kl, ui->attrs[UA_KEY], key_items[i].name);
		ui_put(row, col + kl, ll, A_NORMAL, key_items[i].label);
		l->keys[l->nkeys].x = col;
		l->keys[l->nkeys].width = kl + ll;
		l->keys[l->nkeys++].key = key_items[i].key;
		col += kl + ll + gap;
	}
	if (ui->lib_message[0] && col + 10 < COLS)
		ui_put(row, col, COLS - col, ui->attrs[UA_DIM], ui->lib_message);
}

static bool message_shown(const struct ui *ui)
{
	return ui->message[0] && xt_monotonic_ns() < ui->message_until_ns;
}

static void draw_footer(struct ui *ui)
{
	int row = LINES - 1;
	ui->layout.nkeys = 0;
	if (ui->prompt == PROMPT_SEARCH) {
		search_draw(ui, row);
		return;
	}
	if (ui->prompt != PROMPT_NONE) {
		prompt_draw(ui, row);
		return;
	}
	/* A message that fits takes the key bar's line; a longer one goes
	 * above the key bar (table_draw). */
	if (message_shown(ui) && (int)strlen(ui->message) <= COLS) {
		ui_fill_line(row, ui->message_error ? ui->attrs[UA_ERROR] : ui->attrs[UA_HEADER]);
		ui_put(row, 0, COLS, ui->message_error ? ui->attrs[UA_ERROR] : ui->attrs[UA_HEADER], ui->message);
		return;
	}
	draw_keybar(ui, row);
}

/* A message longer than the screen is wide: its lines (at most max). */
static int message_lines(const struct ui *ui, char (*out)[256], int max)
{
	if (!message_shown(ui) || ui->prompt != PROMPT_NONE || (int)strlen(ui->message) <= COLS)
		return 0;
	int n = ui_wrap(ui->message, COLS, 0, out, max);
	return n < max ? n : max;
}

/* Word-wraps the --hint text into at most two lines of the screen's width;
 * returns how many it needs (0 without a hint or on tiny screens). */
static int hint_lines(const struct ui *ui, char out[2][256])
{
	const char *t = ui->opts ? ui->opts->hint : NULL;
	if (!t || !*t || LINES < 16 || COLS < 20)
		return 0;
	int width = COLS - 1 < 255 ? COLS - 1 : 255, n = 0;
	while (*t && n < 2) {
		while (*t == ' ')
			t++;
		int len = (int)strlen(t), cut = len;
		if (len > width) {
			cut = width;
			while (cut > 0 && t[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
		}
		snprintf(out[n], 256, "%.*s", cut, t);
		t += cut;
		n++;
	}
	return n;
}

/* Lines the pool panel takes: a title and a line per host (at most 6),
 * then whether the CD is served to the LAN; none outside a pool (unless
 * serving) or on a screen too short for it. */
static int pool_lines(const struct ui *ui)
{
	if ((!ui->pool.nhosts && !ui->pool.nserves) || LINES < 20)
		return 0;
	int hosts = (int)(ui->pool.nhosts < 6 ? ui->pool.nhosts : 6);
	return (hosts ? 1 + hosts : 0) + 1;
}

/* Serving the CD to the LAN (xenlive-pool serve): where and how, or the
 * key that starts it. */
static void serve_line(const struct ui *ui, char *line, size_t len)
{
	const struct xt_pool *p = &ui->pool;
	if (!p->nserves) {
		snprintf(line, len, "Not serving: press B to boot other PCs of this LAN from this machine");
		return;
	}
	size_t used = (size_t)snprintf(line, len, "Serving Xen Live to the network on ");
	for (size_t i = 0; i < p->nserves && used < len; i++) {
		char nic[32], addr[48];
		xt_sanitize(nic, sizeof nic, p->serves[i].nic);
		xt_sanitize(addr, sizeof addr, p->serves[i].addr);
		int w = snprintf(line + used, len - used, "%s%s (%s, %s)", i ? ", " : "", nic, addr,
				 p->serves[i].dhcp ? "full DHCP" : "proxy DHCP");
		if (w < 0)
			break;
		used += (size_t)w;
	}
	if (used < len)
		snprintf(line + used, len - used, "; B stops");
}

/* The pool's hosts under the table: name, address, Xen's free memory,
 * whether it is heard from, and its guests. */
static void draw_pool(struct ui *ui, int row)
{
	int n = pool_lines(ui);
	if (!n)
		return;
	char line[1024];
	int hosts = n - 1 - (ui->pool.nhosts ? 1 : 0);
	if (hosts) {
		ui_fill_line(row, ui->attrs[UA_COLUMNS]);
		snprintf(line, sizeof line, "POOL %-14s %-15s %6s %-5s %s", "HOST", "ADDRESS", "FREE", "STATE",
			 "GUESTS");
		ui_put(row++, 0, COLS, ui->attrs[UA_COLUMNS], line);
	}
	for (int i = 0; i < hosts; i++) {
		const struct xt_pool_host *h = &ui->pool.hosts[i];
		char free_s[16], guests[600] = "", name[XT_HOST_MAX];
		if (h->free_mib < 0)
			snprintf(free_s, sizeof free_s, "?");
		else
			xt_fmt_size(free_s, sizeof free_s, (uint64_t)h->free_mib * 1024 * 1024);
		size_t used = 0;
		for (size_t d = 0; d < ui->pool.ndomains && used + 2 < sizeof guests; d++) {
			if (strcmp(ui->pool.domains[d].host, h->name) != 0)
				continue;
			int w = snprintf(guests + used, sizeof guests - used, "%s%s", used ? ", " : "",
					 ui->pool.domains[d].name);
			if (w < 0 || (size_t)w >= sizeof guests - used)
				break;
			used += (size_t)w;
		}
		xt_sanitize(name, sizeof name, h->name);
		char clean[600];
		xt_sanitize(clean, sizeof clean, guests[0] ? guests : "-");
		snprintf(line, sizeof line, "     %-14s %-15s %6s %-5s %s", name, h->addr, free_s,
			 h->self ? "this" : h->up ? "up" : "lost", clean);
		ui_put(row++, 0, COLS, h->up ? (int)A_NORMAL : ui->attrs[UA_DIM], line);
	}
	serve_line(ui, line, sizeof line);
	ui_put(row, 0, COLS, ui->pool.nserves ? (int)A_BOLD : ui->attrs[UA_DIM], line);
}

void table_draw(struct ui *ui)
{
	char hint[2][256], msg[8][256];
	int nhint = hint_lines(ui, hint);
	int top = draw_header(ui);
	int header_row = top;
	int first_row = top + 1;
	int npool = pool_lines(ui);
	int nmsg = message_lines(ui, msg, 8);
	int rows = LINES - first_row - 1 - nhint - npool;
	/* A long message takes lines from the table while it shows; on a
	 * screen too small for that it covers the table for a moment. */
	bool msg_over = nmsg && rows - nmsg < 1;
	if (!msg_over)
		rows -= nmsg;
	if (rows < 1)
		rows = 1;
	ui->table_rows = rows;
	ui->layout.header_row = header_row;
	ui->layout.first_row = first_row;

	int longest = 0;
	for (size_t i = 0; i < ui->nrows; i++) {
		int l = (int)strlen(ui->rows[i]->s.name);
		if (l > longest)
			longest = l;
	}
	bool *shown = ui->layout.shown;
	int widths[XT_F_COUNT];
	xt_plan_columns(COLS, longest, ui->show_control, shown, widths);

	/* The rows fill the screen from the first one that keeps the
	 * selection visible: after a resize or a filter the selected row
	 * never stands alone over empty lines. */
	if (ui->top + (size_t)rows > ui->nrows)
		ui->top = ui->nrows > (size_t)rows ? ui->nrows - (size_t)rows : 0;
	if (ui->selected < ui->top)
		ui->top = ui->selected;
	if (ui->selected >= ui->top + (size_t)rows)
		ui->top = ui->selected - (size_t)rows + 1;

	ui_fill_line(header_row, ui->attrs[UA_COLUMNS]);
	int col = 0;
	for (int f = 0; f < XT_F_COUNT; f++) {
		if (!shown[f])
			continue;
		const struct xt_field *fd = &xt_fields[f];
		char head[32];
		const char *arrow = f == (int)ui->sort_field ? (fd->descending != ui->sort_reverse ? "v" : "^") : "";
		snprintf(head, sizeof head, "%s%s", fd->header, arrow);
		int w = widths[f];
		ui->layout.col_x[f] = col;
		ui->layout.col_w[f] = w;
		int attr = ui->attrs[UA_COLUMNS] | (f == (int)ui->sort_field ? A_BOLD : 0);
		if (fd->left_align)
			mvprintw(header_row, col, "%-*.*s", w, w, head), mvchgat(header_row, col, w, attr, 0, NULL);
		else
			ui_put(header_row, col + (w > (int)strlen(head) ? w - (int)strlen(head) : 0), w, attr, head);
		col += w + 1;
	}
	mvchgat(header_row, 0, -1, ui->attrs[UA_COLUMNS], 0, NULL);

	struct xt_fmt_ctx ctx = { ui->cpu_mode, &ui->stats.host, ui->stats.host.wall_time, ui->unicode };
	uint64_t now_ns = ui->stats.last_ns;
	for (int r = 0; r < rows && ui->top + (size_t)r < ui->nrows; r++) {
		size_t idx = ui->top + (size_t)r;
		const struct xt_domain_view *v = ui->rows[idx];
		int y = first_row + r;
		bool selected = idx == ui->selected;
		/* Domains that appeared after start-up stay highlighted for a
		 * few refreshes (and at least 5 seconds). */
		bool is_new = v->first_seen_ns > ui->started_ns && now_ns - v->first_seen_ns < 5000000000ull;
		int attr = selected ? ui->attrs[UA_SELECTED]
				    : is_new ? ui->attrs[UA_NEW]
					     : (v->s.state & XT_PAUSED) ? ui->attrs[UA_PAUSED] : (int)A_NORMAL;
		if (selected)
			ui_fill_line(y, attr);
		col = 0;
		for (int f = 0; f < XT_F_COUNT; f++) {
			if (!shown[f])
				continue;
			const struct xt_field *fd = &xt_fields[f];
			int w = widths[f];
			char text[XT_HISTORY * 4 + 8], cut[XT_NAME_MAX + 8];
			if (f == XT_F_HISTORY) {
				/* History is kept as % of one pCPU; the bars take the
				 * scale of the CPU% shown, a full bar being 100. */
				unsigned per = ui->cpu_mode == XT_CPU_VCPU ? v->s.vcpus
					       : ui->cpu_mode == XT_CPU_HOST ? ui->stats.host.ncpus : 1;
				xt_sparkline(text, sizeof text, v->history, v->hist_len, w, 100.0 * (per ? per : 1),
					     ui->unicode);
				ui_put(y, col, w, attr, text);
			} else {
				fd->print(text, sizeof text, v, &ctx);
				if (f == XT_F_NAME) {
					xt_ellipsize(cut, sizeof cut, text, w, ui->unicode);
					ui_put(y, col, w, attr, cut);
				} else {
					int l = (int)strlen(text);
					ui_put(y, col + (l < w ? w - l : 0), w, attr, text);
				}
			}
			col += w + 1;
		}
	}
	if (ui->nrows == 0) {
		const char *empty = ui->filter[0] ? "no domain matches the filter (/ to change it)" : "no domains";
		ui_put(first_row, 1, COLS - 1, ui->attrs[UA_DIM], empty);
	}
	int bottom = LINES - 1 - (msg_over ? 0 : nmsg);
	draw_pool(ui, bottom - nhint - npool);
	for (int i = 0; i < nhint; i++)
		ui_put(bottom - nhint + i, 1, COLS - 1, ui->attrs[UA_DIM], hint[i]);
	draw_footer(ui);
	if (nmsg) {
		int first = msg_over ? LINES - nmsg : bottom;
		if (first < 1)
			first = 1;
		int attr = ui->message_error ? ui->attrs[UA_ERROR] : ui->attrs[UA_HEADER];
		for (int i = 0; i < nmsg && first + i < LINES; i++) {
			ui_fill_line(first + i, attr);
			ui_put(first + i, 0, COLS, attr, msg[i]);
		}
		if (first + nmsg > LINES - 1)
			ui->layout.nkeys = 0;
	}
}

static void move_selection(struct ui *ui, long delta)
{
	if (!ui->nrows)
		return;
	long target = (long)ui->selected + delta;
	if (target < 0)
		target = 0;
	if (target >= (long)ui->nrows)
		target = (long)ui->nrows - 1;
	ui->selected = (size_t)target;
	ui->selected_id = ui->rows[ui->selected]->s.id;
	snprintf(ui->selected_name, sizeof ui->selected_name, "%s", ui->rows[ui->selected]->s.name);
}

static void set_sort(struct ui *ui, enum xt_field_id f)
{
	if (ui->sort_field == f)
		ui->sort_reverse = !ui->sort_reverse;
	else {
		ui->sort_field = f;
		ui->sort_reverse = false;
	}
}

/* < and >: the previous or next column on screen (CPU HISTORY sorts as
 * CPU%, so it is left out). */
static void cycle_sort(struct ui *ui, int dir)
{
	int f = (int)ui->sort_field;
	for (int i = 0; i < XT_F_COUNT; i++) {
		f = (f + dir + XT_F_COUNT) % XT_F_COUNT;
		if (f != XT_F_HISTORY && ui->layout.shown[f]) {
			ui->sort_field = (enum xt_field_id)f;
			return;
		}
	}
}

/* Silence would leave the user guessing whether the key was seen. */
static void nothing_here(struct ui *ui, int ch)
{
	char name[32];
	if (ch >= KEY_F(1) && ch <= KEY_F(24))
		snprintf(name, sizeof name, "F%d", ch - KEY_F(0));
	else if (ch > 32 && ch < 127)
		snprintf(name, sizeof name, "%c", ch);
	else if (ch == ' ')
		snprintf(name, sizeof name, "Space");
	else if (ch > 0 && ch < 32)
		snprintf(name, sizeof name, "Ctrl-%c", ch + 64);
	else {
		const char *k = keyname(ch);
		snprintf(name, sizeof name, "%s", k ? (strncmp(k, "KEY_", 4) == 0 ? k + 4 : k) : "that key");
	}
	ui_message(ui, false, "%s does nothing here; h for help", name);
}

/* Keys that act on the selected row; the domain menu offers the same. */
static void row_key(struct ui *ui, const struct xt_domain_view *v, int ch)
{
	switch (ch) {
	case '\r': case '\n': case KEY_ENTER: case 'i': detail_open(ui, v); break;
	case 'a': menu_open(ui, v); break;
	case 'p': action_pause(ui, v); break;
	case 's': action_shutdown(ui, v); break;
	case 'D': case KEY_F(9): action_destroy(ui, v); break;
	case 'c': action_console(ui, v); break;
	case 'S': action_save(ui, v); break;
	case 'R': action_restore(ui, v); break;
	case 'w': case 'm': case 'v': case 'L': case 'x':
		menu_open(ui, v);
		if (ui->screen == SCREEN_MENU)
			menu_key(ui, ch);
		break;
	default: nothing_here(ui, ch); break;
	}
}

void table_key(struct ui *ui, int ch)
{
	const struct xt_domain_view *v = ui->nrows ? ui->rows[ui->selected] : NULL;
	long page = ui->table_rows > 1 ? ui->table_rows - 1 : 1;
	switch (ch) {
	case 'q': case 'Q': case KEY_F(10): ui->quit = true; break;
	case KEY_UP: case 'k': move_selection(ui, -1); break;
	case KEY_DOWN: case 'j': move_selection(ui, 1); break;
	case KEY_PPAGE: move_selection(ui, -page); break;
	case KEY_NPAGE: case ' ': move_selection(ui, page); break;
	case KEY_HOME: case 'g': move_selection(ui, -(long)ui->nrows); break;
	case KEY_END: case 'G': move_selection(ui, (long)ui->nrows); break;
	case 'h': case '?': case KEY_F(1):
		ui->help_top = 0;
		ui->screen = SCREEN_HELP;
		break;
	case '<': case ',': cycle_sort(ui, -1); break;
	case '>': case '.': cycle_sort(ui, 1); break;
	case KEY_F(6): sort_menu_open(ui); break;
	case 'r': ui->sort_reverse = !ui->sort_reverse; break;
	case 'N': set_sort(ui, XT_F_NAME); break;
	case 'I': set_sort(ui, XT_F_ID); break;
	case 'C': set_sort(ui, XT_F_CPU); break;
	case 'M': set_sort(ui, XT_F_MEM); break;
	case 'U': set_sort(ui, XT_F_UPTIME); break;
	case '%': ui->cpu_mode = (enum xt_cpu_mode)((ui->cpu_mode + 1) % XT_CPU_MODES); break;
	case '/': case KEY_F(4): prompt_open(ui, PROMPT_FILTER); break;
	case KEY_F(3): search_open(ui); break;
	case 'd': prompt_open(ui, PROMPT_DELAY); break;
	case 'P': prompt_open(ui, PROMPT_POOL); break;
	case 'B': action_serve_toggle(ui); break;
	case 27:
		if (ui->filter[0]) {
			ui->filter[0] = '\0';
			ui_message(ui, false, "filter cleared");
		}
		break;
	case 'l':
		/* The last message again, for one that went too soon. */
		if (ui->message[0])
			ui->message_until_ns = xt_monotonic_ns() + 8000000000ull;
		else
			ui_message(ui, false, "no message yet");
		break;
	case 'n': launch_open(ui); break;
	case 'o':
		ui->show_control = !ui->show_control;
		ui_message(ui, false, ui->show_control ? "showing WEIGHT, CAP and TARGET (o hides them)"
						       : "resource columns hidden");
		break;
	default:
		if (v)
			row_key(ui, v, ch);
		else
			nothing_here(ui, ch);
		break;
	}
}

/* The wheel scrolls the rows; the selection stays on screen. */
static void scroll_rows(struct ui *ui, long delta)
{
	size_t rows = ui->table_rows > 0 ? (size_t)ui->table_rows : 1;
	if (ui->nrows <= rows)
		return;
	long top = (long)ui->top + delta, last = (long)(ui->nrows - rows);
	ui->top = (size_t)(top < 0 ? 0 : top > last ? last : top);
	if (ui->selected < ui->top)
		move_selection(ui, (long)ui->top - (long)ui->selected);
	else if (ui->selected >= ui->top + rows)
		move_selection(ui, (long)(ui->top + rows - 1) - (long)ui->selected);
}

void table_mouse(struct ui *ui, enum ui_click click, int y, int x)
{
	const struct ui_layout *l = &ui->layout;
	if (click != CLICK_LEFT) {
		scroll_rows(ui, click == CLICK_WHEEL_UP ? -3 : 3);
		return;
	}
	if (y == l->header_row) {
		/* A column title sorts by it; again, the other way. */
		for (int f = 0; f < XT_F_COUNT; f++)
			if (l->shown[f] && x >= l->col_x[f] && x < l->col_x[f] + l->col_w[f])
				set_sort(ui, f == XT_F_HISTORY ? XT_F_CPU : (enum xt_field_id)f);
		return;
	}
	if (y >= l->first_row && y < l->first_row + ui->table_rows) {
		size_t idx = ui->top + (size_t)(y - l->first_row);
		if (idx < ui->nrows)
			move_selection(ui, (long)idx - (long)ui->selected);
		return;
	}
	if (y == l->keybar_row)
		for (int i = 0; i < l->nkeys; i++)
			if (x >= l->keys[i].x && x < l->keys[i].x + l->keys[i].width) {
				table_key(ui, l->keys[i].key);
				return;
			}
}
