/* Rootless and user-namespace setup ops (docs/plan-format.md, 110-119; docs/rootless.md).
 * DUMPABLE lets an unprivileged S0 (or newuidmap run by it) open S1's /proc files: a
 * non-dumpable process's /proc/<pid> belongs to the host's root. CHILD_IDMAP_TOOL writes
 * S1's id maps through the setuid newuidmap/newgidmap when they map more than the caller's
 * own id. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"

int op_dumpable(struct init_ctx *c, const struct plan_op *op)
{
    if (prctl(PR_SET_DUMPABLE, (unsigned long)(op->args[0].i ? 1 : 0), 0UL, 0UL, 0UL) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

static void __attribute__((noreturn)) tool_child(char **argv, int out, int ep)
{
    char *envp[] = {NULL};
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
        goto failed;
    signal(SIGPIPE, SIG_DFL);
    execve(argv[0], argv, envp);
failed:;
    int e = errno;
    if (write(ep, &e, sizeof e) < 0)
        _exit(127);
    _exit(127);
}

/* args: tool path, then the mapping as "containerID hostID size" words; S1's pid goes first */
int op_child_idmap_tool(struct init_ctx *c, const struct plan_op *op)
{
    const char *tool = op->args[0].s;
    size_t words = op->argc - 1u;
    char pid[24];
    char **argv = calloc(words + 3, sizeof *argv);
    int out[2] = {-1, -1}, ep[2] = {-1, -1}, rc = -1;
    char buf[512];
    size_t len = 0;
    pid_t child = -1;

    if (!argv)
        return fail(c, ENOMEM, "%s", "");
    snprintf(pid, sizeof pid, "%d", (int)c->child);
    argv[0] = (char *)(uintptr_t)tool;
    argv[1] = pid;
    for (size_t i = 0; i < words; i++)
        argv[2 + i] = op->args[1 + i].s;
    if (pipe2(out, O_CLOEXEC) < 0 || pipe2(ep, O_CLOEXEC) < 0) {
        fail(c, errno, "pipe");
        goto out;
    }
    child = fork();
    if (child < 0) {
        fail(c, errno, "fork");
        goto out;
    }
    if (child == 0)
        tool_child(argv, out[1], ep[1]);
    close(out[1]);
    out[1] = -1;
    close(ep[1]);
    ep[1] = -1;
    int e;
    ssize_t n;
    do
        n = read(ep[0], &e, sizeof e);
    while (n < 0 && errno == EINTR);
    if (n == sizeof e) {
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
            ;
        child = -1;
        fail(c, e, "exec %s", tool);
        goto out;
    }
    for (;;) {
        n = read(out[0], buf + len, sizeof buf - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
        if (len == sizeof buf - 1) {
            char sink[256]; /* keep reading so the tool never blocks on a full pipe */
            while ((n = read(out[0], sink, sizeof sink)) > 0 || (n < 0 && errno == EINTR))
                ;
            break;
        }
    }
    buf[len] = '\0';
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
        ;
    child = -1;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        rc = 0;
    else if (WIFEXITED(status))
        fail(c, 0, "%s exited with status %d%s%s", tool, WEXITSTATUS(status), len ? ": " : "", buf);
    else
        fail(c, 0, "%s killed by signal %d%s%s", tool, WTERMSIG(status), len ? ": " : "", buf);
out:
    if (child > 0) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
    }
    for (int i = 0; i < 2; i++) {
        if (out[i] >= 0)
            close(out[i]);
        if (ep[i] >= 0)
            close(ep[i]);
    }
    free(argv);
    return rc;
}
