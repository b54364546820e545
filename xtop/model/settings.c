#define _POSIX_C_SOURCE 200809L
#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/format.h"
#include "../util/parse.h"

/* Larger than any file xtop writes by far: anything bigger is not ours. */
#define SETTINGS_MAX_BYTES 65536

void xt_settings_defaults(struct xt_settings *s)
{
	memset(s, 0, sizeof *s);
	s->sort_field = XT_F_ID;
	s->cpu_mode = XT_CPU_PCPU;
	s->delay_s = 2.0;
	s->color = true;
}

static const char *const cpu_modes[XT_CPU_MODES] = { "pcpu", "vcpu", "host" };

static int yes_no(const char *v, bool *out)
{
	if (strcmp(v, "yes") == 0)
		*out = true;
	else if (strcmp(v, "no") == 0)
		*out = false;
	else
		return -1;
	return 0;
}

/* Text from the file as an error quotes it: printable, and short, so the
 * sentence still fits the status line. */
static const char *quote(char *buf, size_t len, const char *text)
{
	char clean[256];
	xt_sanitize(clean, sizeof clean, text);
	xt_ellipsize(buf, len, clean, 20, false);
	return buf;
}

/* One `key = value`; 0, or -1 with what is wrong in why. */
static int parse_setting(struct xt_settings *s, const char *key, const char *value, char *why, size_t len)
{
	char q[32];
	if (strcmp(key, "sort") == 0) {
		int f = xt_field_by_name(value);
		if (f < 0 || f == XT_F_HISTORY) {
			snprintf(why, len, "unknown sort column '%s'", quote(q, sizeof q, value));
			return -1;
		}
		s->sort_field = (enum xt_field_id)f;
	} else if (strcmp(key, "reverse") == 0) {
		if (yes_no(value, &s->sort_reverse) < 0) {
			snprintf(why, len, "reverse is yes or no, not '%s'", quote(q, sizeof q, value));
			return -1;
		}
	} else if (strcmp(key, "cpu_mode") == 0) {
		int m = 0;
		while (m < XT_CPU_MODES && strcmp(value, cpu_modes[m]) != 0)
			m++;
		if (m == XT_CPU_MODES) {
			snprintf(why, len, "cpu_mode is pcpu, vcpu or host, not '%s'", quote(q, sizeof q, value));
			return -1;
		}
		s->cpu_mode = (enum xt_cpu_mode)m;
	} else if (strcmp(key, "delay") == 0) {
		if (xt_parse_seconds(value, 0.1, 3600.0, &s->delay_s) < 0) {
			snprintf(why, len, "delay is seconds from 0.1 to 3600, not '%s'", quote(q, sizeof q, value));
			return -1;
		}
	} else if (strcmp(key, "columns") == 0) {
		if (strcmp(value, "all") == 0)
			s->all_columns = true;
		else if (strcmp(value, "default") == 0)
			s->all_columns = false;
		else {
			snprintf(why, len, "columns is default or all, not '%s'", quote(q, sizeof q, value));
			return -1;
		}
	} else if (strcmp(key, "color") == 0) {
		if (yes_no(value, &s->color) < 0) {
			snprintf(why, len, "color is yes or no, not '%s'", quote(q, sizeof q, value));
			return -1;
		}
	} else {
		snprintf(why, len, "unknown setting '%s'", quote(q, sizeof q, key));
		return -1;
	}
	return 0;
}

int xt_settings_parse(const char *text, size_t len, const char *filename, struct xt_settings *out, char *err,
		      size_t errlen)
{
	struct xt_settings s = *out;
	char why[200] = "";
	unsigned lineno = 0;
	for (size_t at = 0; at < len && !why[0];) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t l = nl ? (size_t)(nl - (text + at)) : len - at;
		char line[256], q[32];
		lineno++;
		if (memchr(text + at, '\0', l)) {
			snprintf(why, sizeof why, "not a text file");
		} else if (l >= sizeof line) {
			snprintf(why, sizeof why, "line too long");
		} else {
			memcpy(line, text + at, l);
			line[l] = '\0';
			char *hash = strchr(line, '#');
			if (hash)
				*hash = '\0';
			char *eq = strchr(line, '=');
			char *key = line;
			if (eq)
				*eq = '\0';
			key = xt_trim(key);
			if (!eq && *key)
				snprintf(why, sizeof why, "'%s' is not a 'key = value' line", quote(q, sizeof q, key));
			else if (eq)
				parse_setting(&s, key, xt_trim(eq + 1), why, sizeof why);
		}
		at += l + (nl ? 1 : 0);
	}
	if (why[0]) {
		snprintf(err, errlen, "%s:%u: %s", filename, lineno, why);
		return -1;
	}
	*out = s;
	return 0;
}

int xt_settings_load(const char *path, const char *label, struct xt_settings *out, char *err, size_t errlen)
{
	xt_settings_defaults(out);
	FILE *f = fopen(path, "rb");
	if (!f && errno == ENOENT)
		return 0;
	/* Short enough that the whole sentence fits an 80-column status line. */
	const char *tail = "; the file is ignored";
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s%s", label, strerror(errno), tail);
		return -1;
	}
	char *text = malloc(SETTINGS_MAX_BYTES + 1);
	size_t n = text ? fread(text, 1, SETTINGS_MAX_BYTES + 1, f) : 0;
	bool failed = !text || ferror(f);
	fclose(f);
	int rc = 1;
	if (failed) {
		snprintf(err, errlen, "cannot read %s%s", label, tail);
		rc = -1;
	} else if (n > SETTINGS_MAX_BYTES) {
		snprintf(err, errlen, "%s is far too large for xtop's settings%s", label, tail);
		rc = -1;
	} else if (xt_settings_parse(text, n, label, out, err, errlen) < 0) {
		size_t l = strlen(err);
		snprintf(err + l, errlen - l, "%s", tail);
		rc = -1;
	}
	free(text);
	if (rc < 0)
		xt_settings_defaults(out);
	return rc;
}

/* mkdir -p of the directory part of path. */
static int make_parents(const char *path)
{
	char dir[XT_SETTINGS_PATH_MAX];
	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
		errno = ENAMETOOLONG;
		return -1;
	}
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0700) < 0 && errno != EEXIST)
				return -1;
			if (!c)
				break;
			*p = c;
		}
	}
	return 0;
}

int xt_settings_save(const char *path, const struct xt_settings *s, char *err, size_t errlen)
{
	char tmp[XT_SETTINGS_PATH_MAX + 16];
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	int fd = make_parents(path) < 0 ? -1 : mkstemp(tmp);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		snprintf(err, errlen, "cannot save the settings to %s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		return -1;
	}
	fprintf(f,
		"# xtop's settings, rewritten by xtop when one changes on the screen;\n"
		"# command-line options override them for one run.\n"
		"sort = %s\nreverse = %s\ncpu_mode = %s\ndelay = %.6g\ncolumns = %s\ncolor = %s\n",
		xt_fields[s->sort_field].key_name, s->sort_reverse ? "yes" : "no", cpu_modes[s->cpu_mode], s->delay_s,
		s->all_columns ? "all" : "default", s->color ? "yes" : "no");
	/* Flushed to the disk before the rename, so a crash leaves the old
	 * file or the new one, never an empty one. */
	bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	int saved_errno = errno;
	ok = fclose(f) == 0 && ok;
	if (ok && rename(tmp, path) == 0)
		return 0;
	snprintf(err, errlen, "cannot save the settings to %s: %s", path, strerror(ok ? errno : saved_errno));
	unlink(tmp);
	return -1;
}

int xt_settings_path(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;
	/* The XDG rule: a relative XDG_CONFIG_HOME is ignored. */
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, len, "%s/xtop/xtoprc", xdg);
	else if (home && home[0])
		n = snprintf(buf, len, "%s/.config/xtop/xtoprc", home);
	else
		return -1;
	return n > 0 && (size_t)n < len ? 0 : -1;
}

bool xt_settings_follow(struct xt_settings *file, const struct xt_settings *before, const struct xt_settings *now)
{
	struct xt_settings was = *file;
	if (now->sort_field != before->sort_field)
		file->sort_field = now->sort_field;
	if (now->sort_reverse != before->sort_reverse)
		file->sort_reverse = now->sort_reverse;
	if (now->cpu_mode != before->cpu_mode)
		file->cpu_mode = now->cpu_mode;
	if (now->delay_s != before->delay_s)
		file->delay_s = now->delay_s;
	if (now->all_columns != before->all_columns)
		file->all_columns = now->all_columns;
	if (now->color != before->color)
		file->color = now->color;
	return memcmp(&was, file, sizeof was) != 0;
}

void xt_settings_setup(struct xt_settings_file *sf, struct xt_options *o)
{
	memset(sf, 0, sizeof *sf);
	xt_settings_defaults(&sf->saved);
	o->settings = sf;
	if (o->batch || o->bench_refreshes || o->no_config || xt_settings_path(sf->path, sizeof sf->path) < 0) {
		sf->path[0] = '\0';
		return;
	}
	/* Named as a user would type it: ~/.config/xtop/xtoprc. */
	char label[XT_SETTINGS_PATH_MAX + 2];
	const char *home = getenv("HOME");
	size_t hl = home ? strlen(home) : 0;
	if (hl > 1 && strncmp(sf->path, home, hl) == 0 && sf->path[hl] == '/')
		snprintf(label, sizeof label, "~%s", sf->path + hl);
	else
		snprintf(label, sizeof label, "%s", sf->path);
	struct xt_settings *s = &sf->saved;
	if (xt_settings_load(sf->path, label, s, sf->error, sizeof sf->error) <= 0)
		return;
	if (!o->sort_given) {
		o->sort_field = s->sort_field;
		if (!o->sort_reverse)       /* --reverse alone keeps the file's column */
			o->sort_reverse = s->sort_reverse;
	}
	if (!o->cpu_mode_given)
		o->cpu_mode = s->cpu_mode;
	if (!o->delay_given)
		o->delay_s = s->delay_s;
	o->all_columns = s->all_columns;
	if (!s->color)
		o->no_color = true;
}
