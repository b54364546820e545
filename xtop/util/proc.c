#define _POSIX_C_SOURCE 200809L
#include "proc.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUTPUT_LIMIT (64 * 1024)

static int wait_child(pid_t pid, const char *prog, char *err, size_t errlen)
{
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, "could not wait for %s: %s", prog, strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) == 127)
			snprintf(err, errlen, "%s could not be run (not installed or not in PATH)", prog);
		return WEXITSTATUS(status);
	}
	snprintf(err, errlen, "%s was killed by signal %d", prog, WTERMSIG(status));
	return -1;
}

/* In the child: report exec failure through exit code 127 like a shell. */
static void exec_or_die(char *const argv[])
{
	execvp(argv[0], argv);
	dprintf(STDERR_FILENO, "%s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int run_capture(char *const argv[], const char *input, char **output, char *err, size_t errlen);

/* Appends chunk to buf (OUTPUT_LIMIT + 1 bytes, or NULL when malloc
 * failed), dropping what does not fit: a child's output is read to its end
 * either way.  True when buf took something. */
static bool append_capped(char *buf, size_t *len, const char *chunk, size_t n)
{
	if (!buf)
		return false;
	if (*len + n > OUTPUT_LIMIT)
		n = OUTPUT_LIMIT - *len;
	memcpy(buf + *len, chunk, n);
	*len += n;
	return true;
}

int xt_run_capture(char *const argv[], char **output, char *err, size_t errlen)
{
	return run_capture(argv, NULL, output, err, errlen);
}

int xt_run_input(char *const argv[], const char *input, char **output, char *err, size_t errlen)
{
	return run_capture(argv, input, output, err, errlen);
}

static int run_capture(char *const argv[], const char *input, char **output, char *err, size_t errlen)
{
	int pipefd[2], infd[2] = { -1, -1 };
	if (output)
		*output = NULL;
	if (pipe(pipefd) < 0) {
		snprintf(err, errlen, "could not create a pipe: %s", strerror(errno));
		return -1;
	}
	/* Small input fits in the pipe's buffer: written before the child runs. */
	if (input && (strlen(input) > 4096 || pipe(infd) < 0)) {
		snprintf(err, errlen, "could not hand input to %s", argv[0]);
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (input) {
		ssize_t w = write(infd[1], input, strlen(input));
		(void)w;
		close(infd[1]);
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "could not start %s: %s", argv[0], strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		if (infd[0] >= 0)
			close(infd[0]);
		return -1;
	}
	if (pid == 0) {
		int in = infd[0] >= 0 ? infd[0] : open("/dev/null", O_RDONLY);
		if (in >= 0)
			dup2(in, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		signal(SIGPIPE, SIG_DFL);
		exec_or_die(argv);
	}
	close(pipefd[1]);
	if (infd[0] >= 0)
		close(infd[0]);
	char *buf = malloc(OUTPUT_LIMIT + 1);
	size_t len = 0;
	for (;;) {
		char chunk[4096];
		ssize_t n = read(pipefd[0], chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		append_capped(buf, &len, chunk, (size_t)n);
	}
	close(pipefd[0]);
	if (buf)
		buf[len] = '\0';
	int rc = wait_child(pid, argv[0], err, errlen);
	if (output)
		*output = buf;
	else
		free(buf);
	return rc;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The last non-blank line of buf[0..len), into line. */
static void last_line(const char *buf, size_t len, char *line, size_t linelen)
{
	size_t end = len;
	while (end > 0 && (buf[end - 1] == '\n' || buf[end - 1] == '\r' || buf[end - 1] == ' '))
		end--;
	size_t start = end;
	while (start > 0 && buf[start - 1] != '\n' && buf[start - 1] != '\r')
		start--;
	size_t n = end - start < linelen - 1 ? end - start : linelen - 1;
	memcpy(line, buf + start, n);
	line[n] = '\0';
}

int xt_run_progress(char *const argv[], xt_progress_fn progress, void *ctx, char **output, char *err,
		    size_t errlen)
{
	int pipefd[2];
	if (output)
		*output = NULL;
	if (pipe(pipefd) < 0) {
		snprintf(err, errlen, "could not create a pipe: %s", strerror(errno));
		return -1;
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "could not start %s: %s", argv[0], strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		signal(SIGPIPE, SIG_DFL);
		exec_or_die(argv);
	}
	close(pipefd[1]);
	char *buf = malloc(OUTPUT_LIMIT + 1), line[256] = "";
	size_t len = 0;
	for (;;) {
		struct pollfd pfd = { .fd = pipefd[0], .events = POLLIN };
		int ready = poll(&pfd, 1, 1000);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready > 0) {
			char chunk[4096];
			ssize_t n = read(pipefd[0], chunk, sizeof chunk);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			if (append_capped(buf, &len, chunk, (size_t)n))
				last_line(buf, len, line, sizeof line);
		} else if (ready < 0) {
			break;
		}
		if (progress)
			progress(ctx, seconds_since(&t0), line);
	}
	close(pipefd[0]);
	if (buf)
		buf[len] = '\0';
	int rc = wait_child(pid, argv[0], err, errlen);
	if (output)
		*output = buf;
	else
		free(buf);
	return rc;
}

int xt_run_interactive(char *const argv[], char *err, size_t errlen)
{
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old_int, old_quit;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "could not start %s: %s", argv[0], strerror(errno));
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		return -1;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		exec_or_die(argv);
	}
	int rc = wait_child(pid, argv[0], err, errlen);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return rc;
}

bool xt_on_virtual_console(int fd)
{
	const char *name = ttyname(fd);
	if (!name || strncmp(name, "/dev/tty", 8) != 0 || !name[8])
		return false;
	for (const char *p = name + 8; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}
