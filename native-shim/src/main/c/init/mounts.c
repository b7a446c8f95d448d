/* Mount-related ops. Targets are resolved by paths.c and mounted on through
 * /proc/self/fd/N, so the checked inode is the one mounted on. */
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "init.h"
#include "paths.h"

static const char *nullable(const char *s)
{
    return *s ? s : NULL;
}

int op_mount(struct init_ctx *c, const struct plan_op *op)
{
    struct target t;
    int rc = target_open(c, op->args[1].s, (int)op->args[5].i, &t);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    rc = mount(op->args[0].s, t.path, nullable(op->args[2].s), (unsigned long)op->args[3].u,
               nullable(op->args[4].s));
    if (rc < 0)
        fail(c, errno, "%s", "");
    target_close(&t);
    return rc;
}

int op_propagate(struct init_ctx *c, const struct plan_op *op)
{
    struct target t;
    int rc = target_open(c, op->args[0].s, (int)op->args[2].i, &t);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    rc = mount(NULL, t.path, NULL, (unsigned long)op->args[1].u, NULL);
    if (rc < 0)
        fail(c, errno, "%s", "");
    target_close(&t);
    return rc;
}

int op_setattr(struct init_ctx *c, const struct plan_op *op)
{
    struct target t;
    int rc = target_open(c, op->args[0].s, (int)op->args[4].i, &t);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    struct mount_attr attr = {.attr_set = op->args[1].u, .attr_clr = op->args[2].u};
    unsigned flags = AT_EMPTY_PATH | (op->args[3].i ? AT_RECURSIVE : 0);
    rc = (int)syscall(SYS_mount_setattr, t.fd, "", flags, &attr, sizeof attr);
    if (rc < 0)
        fail(c, errno, "%s", "");
    target_close(&t);
    return rc;
}

/* Flags a less privileged mount namespace cannot clear on remount ("locked"). */
static unsigned long locked_flags(const char *path)
{
    struct statvfs sv;
    unsigned long f = 0;
    if (statvfs(path, &sv) < 0)
        return 0;
    if (sv.f_flag & ST_NOSUID)
        f |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV)
        f |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC)
        f |= MS_NOEXEC;
    if (sv.f_flag & ST_NOATIME)
        f |= MS_NOATIME;
    if (sv.f_flag & ST_NODIRATIME)
        f |= MS_NODIRATIME;
    if (sv.f_flag & ST_RELATIME)
        f |= MS_RELATIME;
    return f;
}

int op_remount(struct init_ctx *c, const struct plan_op *op)
{
    struct target t;
    int rc = target_open(c, op->args[0].s, (int)op->args[2].i, &t);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    unsigned long flags = MS_REMOUNT | (unsigned long)op->args[1].u;
    rc = mount(NULL, t.path, NULL, flags, NULL);
    if (rc < 0 && errno == EPERM) {
        unsigned long locked = locked_flags(t.path);
        if ((flags | locked) != flags)
            rc = mount(NULL, t.path, NULL, flags | locked, NULL);
        else
            errno = EPERM;
    }
    if (rc < 0)
        fail(c, errno, "%s", "");
    target_close(&t);
    return rc;
}

int op_mkdir(struct init_ctx *c, const struct plan_op *op)
{
    struct target t;
    int flags = (int)op->args[2].i | PATH_MKDIR;
    /* the op's own mode for what it creates: resolve with MKDIR but our mode */
    int dirfd;
    char name[NAME_MAX + 1];
    int rc = parent_open(c, op->args[0].s, flags, &dirfd, name);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    if (mkdirat(dirfd, name, (mode_t)op->args[1].i) < 0 && errno != EEXIST) {
        int e = errno;
        close(dirfd);
        return fail(c, e, "mkdir %s", op->args[0].s);
    }
    close(dirfd);
    /* must now resolve to a directory (an existing file or dangling link is an error) */
    rc = target_open(c, op->args[0].s, (int)op->args[2].i & ~(PATH_MKDIR | PATH_MKFILE | PATH_OPTIONAL), &t);
    if (rc != 0)
        return -1;
    struct stat st;
    rc = 0;
    if (fstat(t.fd, &st) < 0)
        rc = fail(c, errno, "stat %s", op->args[0].s);
    else if (!S_ISDIR(st.st_mode))
        rc = fail(c, ENOTDIR, "mkdir %s", op->args[0].s);
    target_close(&t);
    return rc;
}

int op_mkfile(struct init_ctx *c, const struct plan_op *op)
{
    int dirfd;
    char name[NAME_MAX + 1];
    int rc = parent_open(c, op->args[0].s, (int)op->args[2].i | PATH_MKDIR, &dirfd, name);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    int fd = openat(dirfd, name, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC | O_NOCTTY,
                    (mode_t)op->args[1].i);
    if (fd >= 0)
        close(fd);
    else if (errno != EEXIST)
        rc = fail(c, errno, "create %s", op->args[0].s);
    close(dirfd);
    return rc;
}

int op_mknod(struct init_ctx *c, const struct plan_op *op)
{
    const char *path = op->args[0].s;
    mode_t mode = (mode_t)op->args[1].i;
    dev_t dev = makedev((unsigned)op->args[2].i, (unsigned)op->args[3].i);
    int dirfd;
    char name[NAME_MAX + 1];
    int rc = parent_open(c, path, (int)op->args[6].i, &dirfd, name);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    /* the plan's mode is exact, as runc creates devices under umask 0 */
    mode_t old = umask(0);
    rc = mknodat(dirfd, name, mode, dev);
    int e = errno;
    umask(old);
    if (rc < 0 && e == EEXIST) {
        struct stat st;
        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            e = errno;
        } else if ((st.st_mode & S_IFMT) == (mode & S_IFMT) &&
                   (!(S_ISCHR(mode) || S_ISBLK(mode)) || st.st_rdev == dev)) {
            rc = 0; /* same node already there (e.g. a bind-mounted /dev) */
        }
    }
    if (rc < 0) {
        close(dirfd);
        return fail(c, e, "mknod %s", path);
    }
    if (fchownat(dirfd, name, (uid_t)op->args[4].i, (gid_t)op->args[5].i, AT_SYMLINK_NOFOLLOW) < 0) {
        e = errno;
        close(dirfd);
        return fail(c, e, "chown %s", path);
    }
    close(dirfd);
    return 0;
}

int op_symlink(struct init_ctx *c, const struct plan_op *op)
{
    int dirfd;
    char name[NAME_MAX + 1];
    int rc = parent_open(c, op->args[1].s, (int)op->args[2].i, &dirfd, name);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    rc = symlinkat(op->args[0].s, dirfd, name);
    if (rc < 0 && errno == EEXIST)
        rc = 0;
    if (rc < 0)
        fail(c, errno, "symlink %s", op->args[1].s);
    close(dirfd);
    return rc;
}

int op_set_root(struct init_ctx *c, const struct plan_op *op)
{
    int fd = open(op->args[0].s, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fail(c, errno, "%s", "");
    if (c->root_fd >= 0)
        close(c->root_fd);
    c->root_fd = fd;
    return 0;
}

/* runc's pivot_root(".", "."): no directory inside the rootfs is needed for the old
 * root, which is stacked on "." and detached right away (after making it rslave, so the
 * unmount does not propagate to the host). */
int op_pivot_root(struct init_ctx *c, const struct plan_op *op)
{
    int rc = -1;
    int oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (oldroot < 0)
        return fail(c, errno, "open old root");
    int newroot = open(op->args[0].s, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (newroot < 0) {
        fail(c, errno, "open %s", op->args[0].s);
        goto out_old;
    }
    if (fchdir(newroot) < 0) {
        fail(c, errno, "chdir %s", op->args[0].s);
        goto out;
    }
    if (syscall(SYS_pivot_root, ".", ".") < 0) {
        fail(c, errno, "%s", "");
        goto out;
    }
    if (fchdir(oldroot) < 0) {
        fail(c, errno, "chdir to old root");
        goto out;
    }
    if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) {
        fail(c, errno, "make old root rslave");
        goto out;
    }
    if (umount2(".", MNT_DETACH) < 0) {
        fail(c, errno, "detach old root");
        goto out;
    }
    if (chdir("/") < 0) {
        fail(c, errno, "chdir /");
        goto out;
    }
    if (reset_root(c) < 0) {
        fail(c, errno, "open new root");
        goto out;
    }
    rc = 0;
out:
    close(newroot);
out_old:
    close(oldroot);
    return rc;
}

/* Reads all of /proc/self/mountinfo into a NUL-terminated heap buffer (S1 is an ordinary
 * single-threaded process here, so malloc is fine). */
static char *read_mountinfo(void)
{
    int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 16384, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (cap - len < 4096) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(buf);
            buf = NULL;
            break;
        }
        if (n == 0) {
            buf[len] = '\0';
            break;
        }
        len += (size_t)n;
    }
    int e = errno;
    close(fd);
    errno = e;
    return buf;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo */
static void unescape_octal(char *s)
{
    char *out = s;
    for (; *s; s++) {
        if (s[0] == '\\' && s[1] >= '0' && s[1] <= '7' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' &&
            s[3] <= '7') {
            *out++ = (char)(((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
            s += 3;
        } else {
            *out++ = *s;
        }
    }
    *out = '\0';
}

static int under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* --no-pivot leaves the host's mount tree in the container's mount namespace, below the
 * new root. A full procfs or sysfs mount in it would let a process in the container mount
 * a fresh, unmasked proc or sysfs (the kernel's "fully visible" check finds the hidden
 * host copy), so, as runc does, detach every proc/sysfs mount outside the rootfs, or cover
 * it with a tmpfs when it cannot be detached (locked in a user namespace). */
static int hide_host_pseudo_fs(struct init_ctx *c, const char *rootfs)
{
    char *info = read_mountinfo();
    if (!info)
        return fail(c, errno, "read /proc/self/mountinfo");
    int rc = 0;
    char *save = NULL;
    for (char *line = strtok_r(info, "\n", &save); line && rc == 0; line = strtok_r(NULL, "\n", &save)) {
        char *sep = strstr(line, " - ");
        if (!sep)
            continue;
        char fstype[32];
        if (sscanf(sep + 3, "%31s", fstype) != 1 || (strcmp(fstype, "proc") != 0 && strcmp(fstype, "sysfs") != 0))
            continue;
        *sep = '\0';
        char *f[5];
        char *fsave = NULL;
        int n = 0;
        for (char *t = strtok_r(line, " ", &fsave); t && n < 5; t = strtok_r(NULL, " ", &fsave))
            f[n++] = t;
        if (n < 5)
            continue;
        char *point = f[4];
        unescape_octal(point);
        if (under(point, rootfs))
            continue;
        /* keep the unmount from propagating to the host; EINVAL: no longer a mount point,
         * it went away with a parent detached before it */
        if (mount(NULL, point, NULL, MS_SLAVE | MS_REC, NULL) < 0) {
            if (errno == EINVAL || errno == ENOENT)
                continue;
            rc = fail(c, errno, "make %s rslave", point);
        } else if (umount2(point, MNT_DETACH) < 0) {
            int e = errno;
            if (e != EINVAL && e != EPERM)
                rc = fail(c, e, "detach %s", point);
            else if (mount("tmpfs", point, "tmpfs", 0, NULL) < 0 && errno != ENOENT)
                rc = fail(c, errno, "cover %s with a tmpfs", point);
        }
    }
    free(info);
    return rc;
}

int op_move_root(struct init_ctx *c, const struct plan_op *op)
{
    const char *path = op->args[0].s;
    if (hide_host_pseudo_fs(c, path) < 0)
        return -1;
    if (chdir(path) < 0)
        return fail(c, errno, "chdir %s", path);
    if (mount(path, "/", NULL, MS_MOVE, NULL) < 0)
        return fail(c, errno, "move %s to /", path);
    if (chroot(".") < 0)
        return fail(c, errno, "chroot");
    if (chdir("/") < 0)
        return fail(c, errno, "chdir /");
    if (reset_root(c) < 0)
        return fail(c, errno, "open new root");
    return 0;
}

/* No mount namespace: only chroot, so the host's mounts are never touched. */
int op_chroot(struct init_ctx *c, const struct plan_op *op)
{
    const char *path = op->args[0].s;
    if (chdir(path) < 0)
        return fail(c, errno, "chdir %s", path);
    if (chroot(".") < 0)
        return fail(c, errno, "chroot");
    if (chdir("/") < 0)
        return fail(c, errno, "chdir /");
    if (reset_root(c) < 0)
        return fail(c, errno, "open new root");
    return 0;
}

int op_mask_path(struct init_ctx *c, const struct plan_op *op)
{
    struct target t;
    struct stat st;
    int rc = target_open(c, op->args[0].s, PATH_IN_ROOT | PATH_OPTIONAL, &t);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    if (fstat(t.fd, &st) < 0) {
        rc = fail(c, errno, "stat %s", op->args[0].s);
    } else if (S_ISDIR(st.st_mode)) {
        if (mount("tmpfs", t.path, "tmpfs", MS_RDONLY, NULL) < 0)
            rc = fail(c, errno, "mount read-only tmpfs");
    } else {
        /* the container's /dev/null could be anything (CVE-2025-31133): check it is the
         * real null device before bind-mounting it over the masked path */
        int nfd = open_in_root(c, "/dev/null", O_PATH);
        struct stat nst;
        char npath[32];
        if (nfd < 0) {
            rc = fail(c, errno, "open /dev/null in container");
        } else if (fstat(nfd, &nst) < 0) {
            rc = fail(c, errno, "stat /dev/null in container");
        } else if (!S_ISCHR(nst.st_mode) || nst.st_rdev != makedev(1, 3)) {
            rc = fail(c, 0, "/dev/null in container is not the null device (char 1:3)");
        } else {
            fd_path(npath, sizeof npath, nfd);
            if (mount(npath, t.path, NULL, MS_BIND, NULL) < 0)
                rc = fail(c, errno, "bind /dev/null");
        }
        if (nfd >= 0)
            close(nfd);
    }
    target_close(&t);
    return rc;
}

int op_readonly_path(struct init_ctx *c, const struct plan_op *op)
{
    const char *path = op->args[0].s;
    struct target t, top;
    struct stat before, after;
    int rc = target_open(c, path, PATH_IN_ROOT | PATH_OPTIONAL, &t);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    if (fstat(t.fd, &before) < 0) {
        rc = fail(c, errno, "stat %s", path);
        target_close(&t);
        return rc;
    }
    if (mount(t.path, t.path, NULL, MS_BIND | MS_REC, NULL) < 0) {
        rc = fail(c, errno, "bind %s onto itself", path);
        target_close(&t);
        return rc;
    }
    target_close(&t);
    /* the old fd still points below the new bind: look the path up again for the top
     * mount, and make sure it is the same inode we just bound */
    if (target_open(c, path, PATH_IN_ROOT, &top) != 0)
        return -1;
    if (fstat(top.fd, &after) < 0) {
        rc = fail(c, errno, "stat %s", path);
    } else if (after.st_dev != before.st_dev || after.st_ino != before.st_ino) {
        rc = fail(c, 0, "%s changed while it was made read-only", path);
    } else {
        unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(top.path);
        if (mount(NULL, top.path, NULL, flags, NULL) < 0)
            rc = fail(c, errno, "remount %s read-only", path);
    }
    target_close(&top);
    return rc;
}
