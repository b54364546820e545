/* State shared by the screens of the interactive UI.  Only ui/ includes
 * curses; nothing here includes a Xen header. */
#ifndef XTOP_SCREENS_H
#define XTOP_SCREENS_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/catalog.h"
#include "../model/control.h"
#include "../model/launch.h"
#include "../model/fields.h"
#include "../model/options.h"
#include "../model/settings.h"
#include "../model/stats.h"

enum ui_screen { SCREEN_TABLE, SCREEN_HELP, SCREEN_LAUNCH, SCREEN_CONFIRM, SCREEN_MENU, SCREEN_VALUE, SCREEN_SORT };
enum prompt_kind { PROMPT_NONE, PROMPT_FILTER, PROMPT_DELAY, PROMPT_POOL, PROMPT_SEARCH };

/* Colour pairs; with no colours every one maps to a plain attribute. */
enum ui_attr { UA_HEADER, UA_COLUMNS, UA_SELECTED, UA_NEW, UA_PAUSED, UA_ERROR, UA_BAR, UA_DIM, UA_KEY, UA_COUNT };

struct launch_dialog {
	struct xt_catalog catalog;
	char load_error[512];
	size_t image;               /* index into catalog */
	int focus;                  /* 0 image list, 1 memory, 2 vcpus, 3 count */
	char fields[3][24];         /* memory, vcpus, count as typed */
	bool refused;               /* a key typed nothing: Enter waits for a fix */
	size_t image_top;           /* first image shown when the list scrolls */
	char error[512];
	char tool_output[2048];
};

/* What a question guards: each cannot be undone, or (serving the CD)
 * reaches beyond this machine. */
enum confirm_kind { CONFIRM_DESTROY, CONFIRM_SHUTDOWN, CONFIRM_DELETE_SAVED, CONFIRM_SERVE };

struct confirm {
	enum confirm_kind kind;
	uint32_t id;
	uint8_t uuid[16];
	char name[XT_NAME_MAX];
	bool dont_ask;              /* answered A: no more questions this session */
};

/* The row the domain menu and its dialogs act on.  Checked again before
 * acting: the domain may be gone, or its id reused, meanwhile. */
struct target {
	uint32_t id;
	uint8_t uuid[16];
	char name[XT_NAME_MAX];
	bool saved;                 /* a saved image, not a running domain */
	bool workloads;             /* the menu shows the workload submenu */
};

enum value_kind { VALUE_SCHED, VALUE_MEMORY, VALUE_VCPUS, VALUE_MIGRATE, VALUE_HTTP_PEER };

struct value_dialog {
	enum value_kind kind;
	int nfields, focus;
	char fields[2][64];
	bool refused;               /* a key typed nothing: Enter waits for a fix */
	char error[512];
};

/* Where the last draw put things: the mouse and </> go by what is on
 * screen. */
struct ui_layout {
	bool shown[XT_F_COUNT];     /* columns on screen */
	int col_x[XT_F_COUNT], col_w[XT_F_COUNT];
	int header_row, first_row;  /* column titles, first domain row */
	int keybar_row, nkeys;
	struct { int x, width, key; } keys[16];
	int box_top, box_left, box_width;  /* the sort menu */
};

/* The domain page (ui/detail.c).  While open it stands where the table
 * does, so the dialogs opened from it (the actions menu) return to it. */
#define DETAIL_CONSOLE_LINES 64
struct detail {
	bool open;
	uint32_t id;
	uint8_t uuid[16];
	char name[XT_NAME_MAX];
	bool saved;                 /* a saved image, not a running domain */
	char image[XT_IMAGE_NAME_MAX + XT_TEXT_MAX + 4];   /* where it came from; "" unknown */
	unsigned read_at;           /* stats.samples when the extras below were read */
	struct xt_domain_info info;
	char console[8192];
	char console_error[512];
};

struct ui {
	struct xt_backend *be;
	const struct xt_options *opts;
	struct xt_stats stats;
	struct xt_sample sample;
	const struct xt_domain_view **rows;  /* filtered and sorted */
	size_t nrows, rows_cap;
	enum xt_field_id sort_field;
	bool sort_reverse;
	enum xt_cpu_mode cpu_mode;
	double delay_s;
	uint64_t next_sample_ns;
	uint64_t started_ns;
	char filter[64];
	uint32_t selected_id;
	char selected_name[XT_NAME_MAX];
	size_t selected;            /* row index */
	size_t top;                 /* first row shown */
	enum ui_screen screen;
	enum prompt_kind prompt;
	char prompt_buf[64];
	char prompt_note[96];       /* why the last key typed nothing */
	struct confirm confirm;
	struct launch_dialog launch;
	struct target target;
	struct value_dialog value;
	struct detail detail;
	bool show_control;          /* optional columns: weight, cap, target */
	bool resample_now;          /* a guest got a new id: sample at once */
	struct xt_pool pool;        /* this host's pool (xenlive-pool), with each sample */
	struct xt_saved *saved;     /* saved guests, refreshed with each sample */
	size_t nsaved;
	struct xt_domain_view *saved_views;  /* rows standing for them */
	char message[512];
	bool message_error;
	uint64_t message_until_ns;
	/* Draws the whole screen now: the loop's ui_draw, reached through
	 * this so that a long action (ui_busy) need not know the loop. */
	void (*redraw)(struct ui *);
	char lib_message[200];      /* last line libxenstat wrote to stderr */
	bool unicode, colors, quit;
	bool repaint_each_sample;   /* on a Linux console: others may write to it */
	unsigned samples_since_repaint;
	int attrs[UA_COUNT];
	int table_rows;             /* visible rows at the last draw */
	struct ui_layout layout;
	int help_top;               /* first help line shown */
	char search[64];            /* F3's text */
	bool search_failed;
	int sort_cursor;            /* the sort menu's highlighted column */
	/* The settings file: what it holds, the screen's settings when last
	 * compared, and a change not yet written. */
	struct xt_settings settings_file, settings_seen;
	bool settings_unsaved;
};

/* The message line (message.c): what happened, shown for a few seconds;
 * ui_busy shows what is happening at once, for actions that take a few
 * seconds. */
void ui_message(struct ui *, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ui_busy(struct ui *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The loop's parts (app.c), shared with the refresh benchmark (bench.c);
 * the screens use none of them. */
void ui_rebuild_rows(struct ui *);
void ui_init_state(struct ui *, struct xt_backend *, const struct xt_options *);
void ui_free_state(struct ui *);
int ui_take_sample(struct ui *);
void ui_draw(struct ui *);

/* The terminal (term.c).  term_setup keeps stderr off the screen and
 * restores the terminal at exit and on crashes; term_leave gives the
 * terminal to something else (a console) until term_return. */
/* False, with one sentence in why, when TERM names a terminal curses
 * cannot draw on (unknown, or no cursor addressing like TERM=dumb). */
bool term_can_draw(char *why, size_t len);
void term_setup(void);
void term_restore(void);
void term_release_stderr(void);
bool term_stop_requested(void);
void term_drain_stderr(char *last_line, size_t len);
bool term_on_linux_console(void);
void term_leave(const char *banner);
void term_return(void);

void table_draw(struct ui *);
void table_key(struct ui *, int ch);
void help_draw(struct ui *);
void help_key(struct ui *, int ch);
void launch_open(struct ui *);
void launch_draw(struct ui *);
void launch_key(struct ui *, int ch);
void launch_close(struct ui *);
/* Asks y/N before the action, or acts at once after an A this session. */
void confirm_open(struct ui *, const struct xt_domain_view *, enum confirm_kind);
/* Asks before serving the CD to the LAN, every time (A does not apply). */
void confirm_serve_open(struct ui *);
void confirm_draw(struct ui *);
void confirm_key(struct ui *, int ch);
void menu_open(struct ui *, const struct xt_domain_view *);
void menu_draw(struct ui *);
void menu_key(struct ui *, int ch);
void value_open(struct ui *, enum value_kind);
void value_draw(struct ui *);
void value_key(struct ui *, int ch);
void detail_open(struct ui *, const struct xt_domain_view *);
void detail_draw(struct ui *);
void detail_key(struct ui *, int ch);
void prompt_open(struct ui *, enum prompt_kind);
void prompt_draw(struct ui *, int row);
void prompt_key(struct ui *, int ch);
void search_open(struct ui *);
void search_draw(struct ui *, int row);
void search_key(struct ui *, int ch);
void sort_menu_open(struct ui *);
void sort_menu_draw(struct ui *);
void sort_menu_key(struct ui *, int ch);
/* Mouse events (button presses and the wheel), in screen cells. */
enum ui_click { CLICK_LEFT, CLICK_WHEEL_UP, CLICK_WHEEL_DOWN };
void table_mouse(struct ui *, enum ui_click, int y, int x);
void sort_menu_mouse(struct ui *, enum ui_click, int y, int x);
void help_mouse(struct ui *, enum ui_click, int y, int x);

/* Actions on a row (actions.c), shared by the table's keys and the menu.
 * Each reports its outcome with ui_message. */
void action_pause(struct ui *, const struct xt_domain_view *);
void action_shutdown(struct ui *, const struct xt_domain_view *);   /* asks first */
void action_console(struct ui *, const struct xt_domain_view *);
void action_destroy(struct ui *, const struct xt_domain_view *);   /* asks first */
void action_save(struct ui *, const struct xt_domain_view *);
void action_restore(struct ui *, const struct xt_domain_view *);   /* a saved row */
void action_delete_saved(struct ui *, const struct xt_domain_view *);   /* asks first */
void action_migrate(struct ui *, const struct xt_domain_view *, const char *host);
void action_workload(struct ui *, const struct xt_domain_view *, enum xt_workload, const char *peer);
/* The pool's network boot server: B asks before starting it (confirm.c,
 * which then calls action_serve) and stops it at once. */
void action_serve_toggle(struct ui *);
void action_serve(struct ui *, bool start);
/* The target's current view, or NULL (with a message) when it is gone. */
const struct xt_domain_view *ui_target_view(struct ui *);

/* Drawing helpers and the colour scheme (draw.c). */
void ui_setup_colors(struct ui *);
void ui_fill_line(int row, int attr);
void ui_put(int row, int col, int width, int attr, const char *text);
void ui_box(int top, int left, int height, int width, const char *title, int attr);
/* Writes text over rows row..last_row, breaking at spaces; returns the
 * next row. */
int ui_put_wrapped(int row, int last_row, int x, int width, int attr, const char *text);
void ui_field_key(char *field, size_t size, int ch, char *error, size_t errlen, bool *refused);
/* Word-wraps text to width columns into at most max lines of out (each
 * 256 bytes, continuation lines indented by indent); returns the lines
 * it needs, which may be more than max. */
int ui_wrap(const char *text, int width, int indent, char (*out)[256], int max);
/* A dialog of height x width: true when the terminal holds it; else the
 * dialog closes (back to the table) with one sentence naming the size. */
bool ui_fits(struct ui *, int height, int width, const char *what);

#endif
