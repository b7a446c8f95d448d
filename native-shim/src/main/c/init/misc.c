/* Small ops: files, sysctls, names, limits, the exec fifo and READY. */
#include <poll.h>
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"
#include "paths.h"
#include "sync.h"

int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int write_file(struct init_ctx *c, const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return fail(c, errno, "open %s", path);
    if (write_all(fd, data, len) < 0) {
        int e = errno;
        close(fd);
        return fail(c, e, "write %s", path);
    }
    close(fd);
    return 0;
}

int op_write_file(struct init_ctx *c, const struct plan_op *op)
{
    return write_file(c, op->args[0].s, op->args[1].s, op->args[1].len);
}

int op_oom_score_adj(struct init_ctx *c, const struct plan_op *op)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", op->args[0].i);
    return write_file(c, "/proc/self/oom_score_adj", buf, (size_t)n);
}

int op_setsid(struct init_ctx *c, const struct plan_op *op)
{
    (void)op;
    if (setsid() < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

/* The key is looked up beneath /proc/sys without following any symlink or crossing a
 * mount, and the file must be on procfs: a rootfs cannot redirect the write (CVE-2025-52881). */
int op_sysctl(struct init_ctx *c, const struct plan_op *op)
{
    char rel[PATH_MAX];
    struct statfs sfs;
    const char *key = op->args[0].s;
    if (op->args[0].len == 0 || op->args[0].len >= sizeof rel)
        return fail(c, EINVAL, "bad sysctl key %s", key);
    for (size_t i = 0; i <= op->args[0].len; i++)
        rel[i] = key[i] == '.' ? '/' : key[i];
    int dir = open("/proc/sys", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return fail(c, errno, "open /proc/sys");
    if (fstatfs(dir, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC) {
        close(dir);
        return fail(c, 0, "/proc/sys is not on procfs");
    }
    struct open_how how = {
        .flags = O_WRONLY | O_CLOEXEC | O_NOCTTY,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
    };
    int fd = (int)syscall(SYS_openat2, dir, rel, &how, sizeof how);
    int e = errno;
    close(dir);
    if (fd < 0)
        return fail(c, e, "open /proc/sys/%s", rel);
    if (fstatfs(fd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC) {
        close(fd);
        return fail(c, 0, "/proc/sys/%s is not on procfs", rel);
    }
    /* one write: sysctl handlers take the value from a single call */
    ssize_t n = write(fd, op->args[1].s, op->args[1].len);
    e = errno;
    close(fd);
    if (n < 0)
        return fail(c, e, "write /proc/sys/%s", rel);
    if ((size_t)n != op->args[1].len)
        return fail(c, EIO, "short write to /proc/sys/%s", rel);
    return 0;
}

int op_sethostname(struct init_ctx *c, const struct plan_op *op)
{
    if (sethostname(op->args[0].s, op->args[0].len) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

int op_setdomainname(struct init_ctx *c, const struct plan_op *op)
{
    if (setdomainname(op->args[0].s, op->args[0].len) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

int op_rlimit(struct init_ctx *c, const struct plan_op *op)
{
    struct rlimit rl = {.rlim_cur = (rlim_t)op->args[1].u, .rlim_max = (rlim_t)op->args[2].u};
    if (prlimit(0, (__rlimit_resource_t)op->args[0].i, &rl, NULL) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

int op_open_fifo(struct init_ctx *c, const struct plan_op *op)
{
    struct stat st;
    /* The read end, opened now as root and before the root changes: a FIFO opened
     * O_RDONLY|O_NONBLOCK does not wait for a writer, and init needs no /proc access
     * later, after it dropped its privileges (crun's direction of the handshake). */
    int fd = open(op->args[0].s, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return fail(c, errno, "%s", "");
    if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode)) {
        close(fd);
        return fail(c, 0, "%s is not a fifo", op->args[0].s);
    }
    if (c->fifo_fd >= 0)
        close(c->fifo_fd);
    c->fifo_fd = fd;
    return 0;
}

/* Blocks until `start` writes a byte into the fifo: the create → start handshake. */
int op_wait_fifo(struct init_ctx *c, const struct plan_op *op)
{
    (void)op;
    if (c->fifo_fd < 0)
        return fail(c, EBADF, "no OPEN_FIFO before WAIT_FIFO");
    struct pollfd p = {.fd = c->fifo_fd, .events = POLLIN};
    char b;
    for (;;) {
        int n = poll(&p, 1, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(c, errno, "wait on exec fifo");
        ssize_t r = read(c->fifo_fd, &b, 1);
        if (r == 1)
            break;
        if (r < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (r == 0) {
            /* a writer came and went without a byte: keep waiting for `start` */
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
            continue;
        }
        return fail(c, errno, "read exec fifo");
    }
    close(c->fifo_fd);
    c->fifo_fd = -1;
    return 0;
}

int op_umask(struct init_ctx *c, const struct plan_op *op)
{
    (void)c;
    umask((mode_t)op->args[0].i & 0777);
    return 0;
}

int op_ready(struct init_ctx *c, const struct plan_op *op)
{
    (void)op;
    if (sync_send(c->sync_fd, SYNC_READY, NULL, 0) < 0)
        return fail(c, errno, "send ready");
    return 0;
}
