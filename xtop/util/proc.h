/* Running helper programs (xl) from an argument vector, never a shell. */
#ifndef XTOP_PROC_H
#define XTOP_PROC_H

#include <stdbool.h>
#include <stddef.h>

/* Runs argv[0] (searched in PATH) with stdin from /dev/null and stdout and
 * stderr captured together into *output (malloc'd, NUL-terminated, at most
 * 64 KiB kept; may be NULL if the caller does not want it).  Returns the
 * exit status (0..255), or -1 when the program could not be run or died
 * from a signal, with the reason in err. */
int xt_run_capture(char *const argv[], char **output, char *err, size_t errlen);

/* Like xt_run_capture, for long runs: calls progress(ctx, seconds, line)
 * about once a second and at each new line of output, with the seconds
 * since the start and the last non-blank line so far ("" before any). */
typedef void (*xt_progress_fn)(void *ctx, double seconds, const char *line);
int xt_run_progress(char *const argv[], xt_progress_fn progress, void *ctx, char **output, char *err,
		    size_t errlen);

/* xt_run_capture with input (at most a few KiB) on the program's stdin
 * instead of /dev/null: a secret handed over without argv. */
int xt_run_input(char *const argv[], const char *input, char **output, char *err, size_t errlen);

/* Runs argv on the caller's terminal and waits; same return convention. */
int xt_run_interactive(char *const argv[], char *err, size_t errlen);

/* True when fd is a Linux virtual console (/dev/ttyN): the PC's own screen. */
bool xt_on_virtual_console(int fd);

#endif
