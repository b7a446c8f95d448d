/* SYNC points with J and the OCI hooks S1 runs itself (createContainer, startContainer). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "init.h"
#include "sync.h"

int op_sync(struct init_ctx *c, const struct plan_op *op)
{
    uint32_t type;
    unsigned char *payload;
    size_t len;
    if (sync_send(c->sync_fd, SYNC_SYNC, op->args[0].s, op->args[0].len) < 0)
        return fail(c, errno, "send sync %s", op->args[0].s);
    int rc = sync_recv(c->sync_fd, &type, &payload, &len);
    if (rc == 1)
        return fail(c, EPIPE, "sync socket closed while waiting at %s", op->args[0].s);
    if (rc < 0)
        return fail(c, errno, "receive continue");
    if (type != SYNC_CONTINUE) {
        free(payload);
        return fail(c, EPROTO, "expected continue, got message type %u", type);
    }
    free(c->state);
    c->state = (char *)payload;
    c->state_len = len;
    return 0;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Keeps the first part of the hook's output for the error message. */
struct outbuf {
    char data[512];
    size_t len;
};

/* 1: read something, 0: EOF, -1: nothing now (EAGAIN) or error */
static int drain(int fd, struct outbuf *ob)
{
    char buf[4096];
    ssize_t n;
    do
        n = read(fd, buf, sizeof buf);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return n == 0 ? 0 : -1;
    size_t room = sizeof ob->data - 1 - ob->len;
    size_t take = (size_t)n < room ? (size_t)n : room;
    memcpy(ob->data + ob->len, buf, take);
    ob->len += take;
    ob->data[ob->len] = '\0';
    return 1;
}

static void hook_child(const char *path, char **argv, char **envp, int in, int out, int errfd)
{
    /* move our pipes above 2 first, in case 0-2 are closed and they landed there */
    in = fcntl(in, F_DUPFD, 3);
    out = fcntl(out, F_DUPFD, 3);
    if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
        goto fail;
    /* the hook gets stdio only: not the container's preserved fds, not our sync fd */
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
        for (int fd = 3; fd < 1024; fd++)
            if (fd != errfd)
                fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(path, argv, envp);
fail:;
    int e = errno;
    if (write(errfd, &e, sizeof e) < 0) {
        /* nothing left to tell */
    }
    _exit(127);
}

int op_hook(struct init_ctx *c, const struct plan_op *op)
{
    char *path = op->args[0].s;
    long long timeout = op->args[1].i;
    size_t argc = (size_t)op->args[2].i;
    size_t envc = op->argc - 3u - argc;
    char **argv = calloc(argc + 2, sizeof *argv);
    char **envp = calloc(envc + 1, sizeof *envp);
    int in[2] = {-1, -1}, out[2] = {-1, -1}, ep[2] = {-1, -1}, pidfd = -1, rc = -1;
    pid_t pid = -1;
    struct outbuf ob = {.len = 0};

    if (!argv || !envp) {
        fail(c, ENOMEM, "%s", "");
        goto out;
    }
    if (argc == 0)
        argv[0] = path;
    for (size_t i = 0; i < argc; i++)
        argv[i] = op->args[3 + i].s;
    for (size_t i = 0; i < envc; i++)
        envp[i] = op->args[3 + argc + i].s;

    /* the whole state goes into the pipe before the hook starts: no SIGPIPE and no
     * deadlock however the hook treats its stdin */
    if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(ep, O_CLOEXEC) < 0) {
        fail(c, errno, "pipe");
        goto out;
    }
    if (c->state_len > 65536 && fcntl(in[1], F_SETPIPE_SZ, (int)c->state_len) < 0) {
        fail(c, errno, "state of %zu bytes does not fit a pipe", c->state_len);
        goto out;
    }
    if (c->state_len && write_all(in[1], c->state, c->state_len) < 0) {
        fail(c, errno, "write state");
        goto out;
    }
    close(in[1]);
    in[1] = -1;

    pid = fork();
    if (pid < 0) {
        fail(c, errno, "fork");
        goto out;
    }
    if (pid == 0)
        hook_child(path, argv, envp, in[0], out[1], ep[1]);
    close(ep[1]);
    ep[1] = -1;
    close(out[1]);
    out[1] = -1;

    int e;
    ssize_t n;
    do
        n = read(ep[0], &e, sizeof e);
    while (n < 0 && errno == EINTR);
    if (n == sizeof e) {
        waitpid(pid, NULL, 0);
        pid = -1;
        fail(c, e, "hook %s: exec", path);
        goto out;
    }

    pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) {
        fail(c, errno, "pidfd_open");
        goto out;
    }
    long long deadline = timeout > 0 ? now_ms() + timeout * 1000 : -1;
    for (;;) {
        struct pollfd pfd[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = out[0], .events = POLLIN}};
        int wait = -1;
        if (deadline >= 0) {
            long long left = deadline - now_ms();
            wait = left > 0 ? (int)left : 0;
        }
        int r = poll(pfd, out[0] >= 0 ? 2 : 1, wait);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            fail(c, errno, "poll");
            goto out;
        }
        if (r == 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            pid = -1;
            fail(c, 0, "hook %s ran past its timeout of %llds", path, timeout);
            goto out;
        }
        if (out[0] >= 0 && pfd[1].revents && drain(out[0], &ob) == 0) {
            close(out[0]);
            out[0] = -1;
        }
        if (pfd[0].revents & POLLIN)
            break;
    }
    /* whatever the hook wrote before exiting (a daemon it left may hold the pipe open) */
    if (out[0] >= 0) {
        fcntl(out[0], F_SETFL, O_NONBLOCK);
        while (ob.len < sizeof ob.data - 1 && drain(out[0], &ob) > 0)
            ;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    pid = -1;
    while (ob.len && (ob.data[ob.len - 1] == '\n' || ob.data[ob.len - 1] == '\r'))
        ob.data[--ob.len] = '\0';
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        rc = 0;
    else if (WIFEXITED(status))
        fail(c, 0, "hook %s exited with status %d%s%s", path, WEXITSTATUS(status),
             ob.len ? ": " : "", ob.data);
    else
        fail(c, 0, "hook %s killed by signal %d%s%s", path, WTERMSIG(status), ob.len ? ": " : "",
             ob.data);
out:
    if (pid > 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    for (int i = 0; i < 2; i++) {
        if (in[i] >= 0)
            close(in[i]);
        if (out[i] >= 0)
            close(out[i]);
        if (ep[i] >= 0)
            close(ep[i]);
    }
    if (pidfd >= 0)
        close(pidfd);
    free(argv);
    free(envp);
    return rc;
}
