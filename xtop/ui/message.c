/* The message line every screen reports to: what an action did
 * (ui_message), or what it is doing while it takes seconds (ui_busy).
 * The screens include this, not the loop, so no screen calls back into
 * app.c. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>

#include "screens.h"

static void set_message(struct ui *ui, bool error, uint64_t shown_ns, const char *fmt, va_list ap)
{
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	ui->message_error = error;
	ui->message_until_ns = xt_monotonic_ns() + shown_ns;
}

void ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(ui, error, (error ? 8 : 4) * 1000000000ull, fmt, ap);
	va_end(ap);
}

void ui_busy(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(ui, false, 2000000000ull, fmt, ap);
	va_end(ap);
	ui->redraw(ui);
}
