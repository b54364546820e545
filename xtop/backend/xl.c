#define _POSIX_C_SOURCE 200809L
#include "xl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/proc.h"

void xt_xl_create_argv(const char *xl, const struct xt_create_spec *spec, char *argv[], char *buf,
		       size_t buflen)
{
	size_t argc = 0;
	argv[argc++] = (char *)xl;
	argv[argc++] = "create";
	if (spec->console)
		argv[argc++] = "-c";
	argv[argc++] = (char *)spec->config;
	/* xl appends KEY=VALUE to the config as written, and its syntax wants
	 * strings quoted (a bare debian-2 is an error); names carry no quote
	 * or backslash (model/launch.c refuses them), so plain quotes suffice. */
	int used = snprintf(buf, buflen, "name=\"%s\"", spec->name);
	argv[argc++] = buf;
	buf += used + 1;
	buflen -= (size_t)used + 1;
	if (spec->memory_mib) {
		used = snprintf(buf, buflen, "memory=%u", spec->memory_mib);
		argv[argc++] = buf;
		buf += used + 1;
		buflen -= (size_t)used + 1;
	}
	/* The rest: KEY=N words, each when set. */
	const struct { const char *key; unsigned value; } words[] = {
		{ "vcpus", spec->vcpus }, { "maxmem", spec->maxmem_mib }, { "maxvcpus", spec->maxvcpus },
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (!words[i].value)
			continue;
		used = snprintf(buf, buflen, "%s=%u", words[i].key, words[i].value);
		argv[argc++] = buf;
		buf += used + 1;
		buflen -= (size_t)used + 1;
	}
	for (size_t i = 0; i < XT_CREATE_EXTRA; i++)
		if (spec->extra[i])
			argv[argc++] = (char *)spec->extra[i];
	argv[argc] = NULL;
}

/* The first non-blank line of a tool's output, for a one-sentence error. */
static void first_line(const char *text, char *out, size_t outlen)
{
	text += strspn(text, " \t\r\n");
	size_t n = strcspn(text, "\r\n");
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, text, n);
	out[n] = '\0';
}

/* Runs argv; on failure err says "xl VERB WHAT failed: <xl's first line>"
 * and *keep_output (when wanted) gets all that xl printed. */
static int run_as(const char *label, char *const argv[], const char *what, bool interactive, char **keep_output,
		  char *err, size_t errlen);

static int run(char *const argv[], const char *what, bool interactive, char **keep_output, char *err,
	       size_t errlen)
{
	char label[64];
	snprintf(label, sizeof label, "xl %s", argv[1]);
	return run_as(label, argv, what, interactive, keep_output, err, errlen);
}

/* The same, saying "LABEL WHAT failed: ..." (ssh, not xl, for workloads). */
static int run_as(const char *label, char *const argv[], const char *what, bool interactive, char **keep_output,
		  char *err, size_t errlen)
{
	char *output = NULL, why[256], line[256] = "";
	int rc = interactive ? xt_run_interactive(argv, why, sizeof why)
			     : xt_run_capture(argv, &output, why, sizeof why);
	if (rc > 0 && output)
		first_line(output, line, sizeof line);
	if (rc < 0)
		snprintf(err, errlen, "%s %s failed: %s", label, what, why);
	else if (rc > 0 && line[0])
		snprintf(err, errlen, "%s %s failed: %s", label, what, line);
	else if (rc > 0)
		snprintf(err, errlen, "%s %s failed (exit status %d)", label, what, rc);
	if (keep_output && rc != 0)
		*keep_output = output;
	else
		free(output);
	return rc == 0 ? 0 : -1;
}

int xt_xl_create(const char *xl, const struct xt_create_spec *spec, char **tool_output, char *err,
		 size_t errlen)
{
	char *argv[XT_XL_ARGC_MAX], words[5 * 64 + XT_NAME_MAX];
	xt_xl_create_argv(xl, spec, argv, words, sizeof words);
	if (tool_output)
		*tool_output = NULL;
	return run(argv, spec->name, spec->console, tool_output, err, errlen);
}

/* xl VERB [ARG] ID [ARG2]: id first or last as xl wants it. */
static int domain_verb(const char *xl, const char *verb, const char *option, uint32_t id, const char *value,
		       bool interactive, char *err, size_t errlen)
{
	char idbuf[16];
	snprintf(idbuf, sizeof idbuf, "%u", id);
	char *argv[8];
	size_t argc = 0;
	argv[argc++] = (char *)xl;
	argv[argc++] = (char *)verb;
	if (option)
		argv[argc++] = (char *)option;
	argv[argc++] = idbuf;
	if (value)
		argv[argc++] = (char *)value;
	argv[argc] = NULL;
	return run(argv, idbuf, interactive, NULL, err, errlen);
}

int xt_xl_pause(const char *xl, uint32_t id, bool pause, char *err, size_t errlen)
{
	return domain_verb(xl, pause ? "pause" : "unpause", NULL, id, NULL, false, err, errlen);
}

int xt_xl_shutdown(const char *xl, uint32_t id, char *err, size_t errlen)
{
	return domain_verb(xl, "shutdown", NULL, id, NULL, false, err, errlen);
}

int xt_xl_destroy(const char *xl, uint32_t id, char *err, size_t errlen)
{
	return domain_verb(xl, "destroy", NULL, id, NULL, false, err, errlen);
}

int xt_xl_console(const char *xl, uint32_t id, char *err, size_t errlen)
{
	return domain_verb(xl, "console", NULL, id, NULL, true, err, errlen);
}

int xt_xl_set_sched(const char *xl, uint32_t id, int weight, int cap, char *err, size_t errlen)
{
	char idbuf[16], w[16], c[16];
	snprintf(idbuf, sizeof idbuf, "%u", id);
	char *argv[10];
	size_t argc = 0;
	argv[argc++] = (char *)xl;
	argv[argc++] = "sched-credit2";
	argv[argc++] = "-d";
	argv[argc++] = idbuf;
	if (weight != XT_SCHED_KEEP) {
		snprintf(w, sizeof w, "%d", weight);
		argv[argc++] = "-w";
		argv[argc++] = w;
	}
	if (cap != XT_SCHED_KEEP) {
		snprintf(c, sizeof c, "%d", cap);
		argv[argc++] = "-c";
		argv[argc++] = c;
	}
	argv[argc] = NULL;
	return run(argv, idbuf, false, NULL, err, errlen);
}

int xt_xl_set_memory(const char *xl, uint32_t id, unsigned mib, char *err, size_t errlen)
{
	char value[24];
	snprintf(value, sizeof value, "%um", mib);
	return domain_verb(xl, "mem-set", NULL, id, value, false, err, errlen);
}

int xt_xl_set_vcpus(const char *xl, uint32_t id, unsigned n, char *err, size_t errlen)
{
	char value[16];
	snprintf(value, sizeof value, "%u", n);
	return domain_verb(xl, "vcpu-set", NULL, id, value, false, err, errlen);
}

int xt_xl_save(const char *xl, uint32_t id, const char *path, char *err, size_t errlen)
{
	return domain_verb(xl, "save", NULL, id, path, false, err, errlen);
}

int xt_xl_restore(const char *xl, const char *path, char *err, size_t errlen)
{
	char *argv[] = { (char *)xl, "restore", (char *)path, NULL };
	return run(argv, path, false, NULL, err, errlen);
}

int xt_xl_migrate(const char *xl, uint32_t id, const char *host, char *err, size_t errlen)
{
	return domain_verb(xl, "migrate", NULL, id, host, false, err, errlen);
}

int xt_pool_join_run(const char *secret, char *err, size_t errlen)
{
	char *argv[] = { "xenlive-pool", "join", "-", NULL }, *output = NULL, why[256], input[300];
	snprintf(input, sizeof input, "%s\n", secret);
	int rc = xt_run_input(argv, input, &output, why, sizeof why);
	memset(input, 0, sizeof input);
	if (rc < 0) {
		snprintf(err, errlen, "xenlive-pool join failed: %s", why);
	} else if (rc > 0) {
		char line[256] = "";
		first_line(output ? output : "", line, sizeof line);
		/* xenlive-pool: <its sentence> */
		const char *say = strncmp(line, "xenlive-pool: ", 14) == 0 ? line + 14 : line;
		snprintf(err, errlen, "%s", say[0] ? say : "xenlive-pool join failed");
	}
	free(output);
	return rc == 0 ? 0 : -1;
}

/* The last non-blank line of a tool's output: a refusal's one sentence,
 * or a crash's own last words (Python's traceback ends with them). */
static void last_line(const char *text, char *out, size_t outlen)
{
	const char *best = "";
	for (const char *p = text; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		const char *start = p + strspn(p, " \t\r");
		if (*start && *start != '\n')
			best = start;
	}
	first_line(best, out, outlen);
}

int xt_pool_serve_run(bool start, char *said, size_t len)
{
	char *argv[] = { "xenlive-pool", "serve", start ? NULL : "--stop", NULL }, *output = NULL, why[256],
	     line[256] = "";
	int rc = xt_run_capture(argv, &output, why, sizeof why);
	const char *o = output ? output : "";
	/* stdout and stderr come together: on success the one line it prints,
	 * on a refusal its sentence (after "xenlive-pool: "). */
	if (rc == 0)
		first_line(o, line, sizeof line);
	else if (rc > 0)
		last_line(o, line, sizeof line);
	const char *say = strncmp(line, "xenlive-pool: ", 14) == 0 ? line + 14 : line;
	if (rc < 0)
		snprintf(said, len, "xenlive-pool serve failed: %s", why);
	else if (say[0])
		snprintf(said, len, "%s", say);
	else if (rc == 0)
		snprintf(said, len, start ? "serving Xen Live to the network" : "not serving Xen Live to the network");
	else
		snprintf(said, len, "xenlive-pool serve failed (exit status %d)", rc);
	free(output);
	return rc == 0 ? 0 : -1;
}

/* xl's own words on a failed migration: its last line ("Migration failed,
 * resuming at sender." or why), where the first is often libxl's noise. */
int xt_xl_migrate_progress(const char *xl, uint32_t id, const char *host, xt_backend_progress_fn progress,
			   void *ctx, char *err, size_t errlen)
{
	if (!progress)
		return xt_xl_migrate(xl, id, host, err, errlen);
	char idbuf[16], why[256], *output = NULL;
	snprintf(idbuf, sizeof idbuf, "%u", id);
	char *argv[] = { (char *)xl, "migrate", idbuf, (char *)host, NULL };
	int rc = xt_run_progress(argv, progress, ctx, &output, why, sizeof why);
	if (rc < 0) {
		snprintf(err, errlen, "xl migrate %s failed: %s", idbuf, why);
	} else if (rc > 0) {
		char line[256] = "";
		const char *o = output ? output : "";
		const char *hit = strstr(o, "Migration failed");
		if (!hit)
			hit = strstr(o, "error");
		if (hit)
			first_line(hit, line, sizeof line);
		if (line[0])
			snprintf(err, errlen, "xl migrate %s failed: %s", idbuf, line);
		else
			snprintf(err, errlen, "xl migrate %s failed (exit status %d)", idbuf, rc);
	}
	free(output);
	return rc == 0 ? 0 : -1;
}

int xt_workload_argv(const char *name, enum xt_workload kind, const char *peer_addr, char *argv[])
{
	static const char *const kinds[XT_LOAD_COUNT] = { "cpu", "memory", "http", "stop" };
	if ((unsigned)kind >= XT_LOAD_COUNT || (kind == XT_LOAD_HTTP) != (peer_addr != NULL))
		return -1;
	size_t argc = 0;
	argv[argc++] = XT_GUEST_WORKLOAD;
	argv[argc++] = (char *)name;
	argv[argc++] = (char *)kinds[kind];
	if (peer_addr)
		argv[argc++] = (char *)peer_addr;
	argv[argc] = NULL;
	return 0;
}

int xt_ssh_workload(const char *name, enum xt_workload kind, const char *peer_addr, char *err, size_t errlen)
{
	char *argv[XT_WORKLOAD_ARGC_MAX];
	if (xt_workload_argv(name, kind, peer_addr, argv) < 0) {
		snprintf(err, errlen, "no such workload");
		return -1;
	}
	/* "ssh NAME failed: ...": what fails is ssh, or the guest. */
	return run_as("ssh", argv, name, false, NULL, err, errlen);
}
