/* LSM_LABEL: the label the next execve runs under (AppArmor profile, SELinux type).
 * Java picks the file and the content (LsmPlanner.java); this writes it to the calling
 * thread's own attr file on a verified procfs, never through a symlink or a mount placed
 * over it (a container's image cannot redirect the write: CVE-2025-52881). */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

/* Opens /proc/thread-self/attr/<rel> for writing; -1 with errno. "thread-self" is a
 * plain symlink inside the same procfs: RESOLVE_BENEATH keeps the walk in it,
 * RESOLVE_NO_XDEV refuses anything mounted over the attr files. */
static int open_attr(int proc, const char *rel)
{
    char path[256];
    struct statfs sfs;
    size_t n = strlen(rel);
    if (n == 0 || n > sizeof path - sizeof "thread-self/attr/") {
        errno = EINVAL;
        return -1;
    }
    memcpy(path, "thread-self/attr/", sizeof "thread-self/attr/" - 1);
    memcpy(path + sizeof "thread-self/attr/" - 1, rel, n + 1);
    struct open_how how = {
        .flags = O_WRONLY | O_CLOEXEC | O_NOCTTY,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
    };
    int fd = (int)syscall(SYS_openat2, proc, path, &how, sizeof how);
    if (fd < 0)
        return -1;
    if (fstatfs(fd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC) {
        close(fd);
        errno = EXDEV;
        return -1;
    }
    return fd;
}

/* args: attr file (relative to attr/), fallback attr file ("" = none), content */
int op_lsm_label(struct init_ctx *c, const struct plan_op *op)
{
    struct statfs sfs;
    const char *rel = op->args[0].s;
    int proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (proc < 0)
        return fail(c, errno, "open /proc");
    if (fstatfs(proc, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC) {
        close(proc);
        return fail(c, 0, "/proc is not a procfs");
    }
    int fd = open_attr(proc, rel);
    if (fd < 0 && errno == ENOENT && op->args[1].len > 0) {
        rel = op->args[1].s; /* kernels before 5.1 have only the shared attr/exec */
        fd = open_attr(proc, rel);
    }
    int e = errno;
    close(proc);
    if (fd < 0)
        return fail(c, e, "open /proc/thread-self/attr/%s", rel);
    /* one write: the LSM parses the whole value from a single call */
    ssize_t n;
    do
        n = write(fd, op->args[2].s, op->args[2].len);
    while (n < 0 && errno == EINTR);
    e = errno;
    close(fd);
    if (n < 0)
        return fail(c, e, "write %s to /proc/thread-self/attr/%s", op->args[2].s, rel);
    if ((size_t)n != op->args[2].len)
        return fail(c, EIO, "short write to /proc/thread-self/attr/%s", rel);
    return 0;
}
