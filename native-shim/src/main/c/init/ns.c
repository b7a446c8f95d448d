/* Namespaces: joining, unsharing and the S0 → S1 clone. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"
#include "paths.h"
#include "sync.h"

/* All namespace files (and ENTER_ROOT's directory) are opened before the first setns:
 * once S0 is in another mount namespace the remaining paths would resolve there. */
int setns_open_all(struct init_ctx *c)
{
    for (uint32_t i = 0; i < c->plan.count; i++) {
        const struct plan_op *op = &c->plan.ops[i];
        if (op->code == OP_CLONE)
            break;
        if (op->code == OP_SETNS)
            c->ns_fds[i] = open(op->args[1].s, O_RDONLY | O_CLOEXEC);
        else if (op->code == OP_ENTER_ROOT)
            c->ns_fds[i] = open(op->args[0].s, O_PATH | O_DIRECTORY | O_CLOEXEC);
        else
            continue;
        if (c->ns_fds[i] < 0) {
            c->op_index = (int)i;
            return fail(c, errno, "open %s", op->args[op->code == OP_SETNS ? 1 : 0].s);
        }
    }
    return 0;
}

int op_setns(struct init_ctx *c, const struct plan_op *op)
{
    int fd = c->ns_fds[c->op_index];
    if (fd < 0) /* a SETNS after CLONE (S1): open it now */
        fd = open(op->args[1].s, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(c, errno, "open %s", op->args[1].s);
    int rc = setns(fd, (int)op->args[0].i);
    if (rc < 0)
        fail(c, errno, "%s", "");
    close(fd);
    c->ns_fds[c->op_index] = -1;
    return rc;
}

int op_unshare(struct init_ctx *c, const struct plan_op *op)
{
    if (unshare((int)op->args[0].i) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

/* S0 is single-threaded, so a fork-like raw clone (no stack, no CLONE_VM) is safe and
 * lets us pass CLONE_NEW* flags; S1 then blocks until S0 has run the CHILD_* ops. */
int op_clone(struct init_ctx *c, const struct plan_op *op)
{
    int wake[2];
    if (pipe2(wake, O_CLOEXEC) < 0)
        return fail(c, errno, "pipe");
    unsigned long flags = (unsigned long)op->args[0].i;
    long pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
    if (pid < 0) {
        int e = errno;
        close(wake[0]);
        close(wake[1]);
        return fail(c, e, "%s", "");
    }
    if (pid == 0) {
        char b;
        ssize_t n;
        close(wake[1]);
        do
            n = read(wake[0], &b, 1);
        while (n < 0 && errno == EINTR);
        close(wake[0]);
        if (n != 1)
            _exit(1); /* S0 failed (and reported it) or died: nothing to do */
        c->role = ROLE_S1;
        return 0;
    }
    close(wake[0]);
    c->child = (pid_t)pid;
    c->wake_fd = wake[1];
    c->role = ROLE_S0_AFTER;
    char buf[24];
    int len = snprintf(buf, sizeof buf, "%ld", pid);
    if (sync_send(c->sync_fd, SYNC_PID, buf, (size_t)len) < 0)
        return fail(c, errno, "send pid");
    return 0;
}

int op_child_write_file(struct init_ctx *c, const struct plan_op *op)
{
    const char *rel = op->args[0].s;
    char path[64 + PATH_MAX];
    if (rel[0] == '/' || strstr(rel, ".."))
        return fail(c, EINVAL, "bad /proc path %s", rel);
    snprintf(path, sizeof path, "/proc/%d/%s", (int)c->child, rel);
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return fail(c, errno, "open %s", path);
    /* one write(): uid_map/gid_map must be written in a single call */
    ssize_t n = write(fd, op->args[1].s, op->args[1].len);
    int e = errno;
    close(fd);
    if (n < 0)
        return fail(c, e, "write %s", path);
    if ((size_t)n != op->args[1].len)
        return fail(c, EIO, "short write to %s", path);
    return 0;
}

/* exec: after setns(mnt) our root is the namespace's root mount, which is not the
 * container's root after --no-pivot or without a mount namespace. The init's own root
 * (/proc/<pid>/root, opened before any setns) is: chroot into it. */
int op_enter_root(struct init_ctx *c, const struct plan_op *op)
{
    int fd = c->ns_fds[c->op_index];
    if (fd < 0)
        fd = open(op->args[0].s, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fail(c, errno, "open %s", op->args[0].s);
    int rc = 0;
    if (fchdir(fd) < 0)
        rc = fail(c, errno, "chdir %s", op->args[0].s);
    else if (chroot(".") < 0)
        rc = fail(c, errno, "chroot");
    else if (chdir("/") < 0)
        rc = fail(c, errno, "chdir /");
    else if (reset_root(c) < 0)
        rc = fail(c, errno, "open new root");
    close(fd);
    c->ns_fds[c->op_index] = -1;
    return rc;
}
