/* Path resolution that never leaves the container root: every lookup goes through
 * openat2(RESOLVE_IN_ROOT), and missing components are created one at a time under an
 * fd that was itself resolved inside the root (CVE-2025-31133/52565 class of bugs). */
#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define IN_ROOT_RESOLVE (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)

void fd_path(char *buf, size_t size, int fd)
{
    snprintf(buf, size, "/proc/self/fd/%d", fd);
}

static int xopenat2(int dirfd, const char *path, int oflags, mode_t mode, unsigned long long resolve)
{
    struct open_how how = {.flags = (unsigned long long)oflags | O_CLOEXEC,
                           .mode = mode,
                           .resolve = resolve};
    /* EAGAIN: a concurrent rename made ".." resolution unsafe; the kernel asks to retry */
    for (int tries = 0; tries < 32; tries++) {
        long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
        if (fd >= 0)
            return (int)fd;
        if (errno != EAGAIN && errno != EINTR)
            return -1;
    }
    return -1;
}

int root_dirfd(struct init_ctx *c)
{
    if (c->root_fd < 0)
        c->root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    return c->root_fd;
}

int reset_root(struct init_ctx *c)
{
    if (c->root_fd >= 0)
        close(c->root_fd);
    c->root_fd = -1;
    return root_dirfd(c) < 0 ? -1 : 0;
}

int open_in_root(struct init_ctx *c, const char *path, int oflags)
{
    int root = root_dirfd(c);
    if (root < 0)
        return -1;
    return xopenat2(root, path, oflags, 0, IN_ROOT_RESOLVE);
}

/* Where lookups start for these dstflags: the root with IN_ROOT, else the host. */
static int lookup_base(struct init_ctx *c, int dstflags, unsigned long long *resolve)
{
    if (dstflags & PATH_IN_ROOT) {
        *resolve = IN_ROOT_RESOLVE;
        return root_dirfd(c);
    }
    *resolve = 0;
    return AT_FDCWD;
}

/* Resolves path below base, creating missing components: directories with dmode, and
 * the last one as a regular file with fmode when as_file. Each component is created with
 * mkdirat/openat(O_EXCL|O_NOFOLLOW) under the fd of its already-resolved parent, then the
 * prefix is looked up again from the base, so nothing is ever created through a symlink.
 * A dangling symlink is followed by hand (its target replaces it in the remaining path)
 * and thus also resolved inside the root, like runc's MkdirAllInRoot. */
static int walk_create(struct init_ctx *c, int base, unsigned long long resolve, const char *path,
                       mode_t dmode, int as_file, mode_t fmode)
{
    char prefix[PATH_MAX], rest[PATH_MAX], link[PATH_MAX], tmp[PATH_MAX];
    int links = 0;

    if (strlen(path) >= sizeof rest)
        return fail(c, ENAMETOOLONG, "resolve %s", path);
    strcpy(rest, path);
    strcpy(prefix, *path == '/' ? "/" : ".");
    int cur = xopenat2(base, prefix, O_PATH, 0, resolve);
    if (cur < 0)
        return fail(c, errno, "resolve %s", prefix);

    const char *p = rest;
    for (;;) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *end = strchrnul(p, '/');
        size_t clen = (size_t)(end - p);
        char comp[NAME_MAX + 1];
        if (clen > NAME_MAX)
            goto toolong;
        memcpy(comp, p, clen);
        comp[clen] = '\0';
        p = end;
        int last = p[strspn(p, "/")] == '\0';

        char next_prefix[PATH_MAX];
        size_t plen = strlen(prefix);
        if (plen + 1 + clen >= sizeof next_prefix)
            goto toolong;
        memcpy(next_prefix, prefix, plen);
        if (prefix[plen - 1] != '/')
            next_prefix[plen++] = '/';
        memcpy(next_prefix + plen, comp, clen + 1);

        int next = xopenat2(base, next_prefix, O_PATH, 0, resolve);
        if (next < 0 && errno == ENOENT) {
            ssize_t n = readlinkat(cur, comp, link, sizeof link - 1);
            if (n >= 0) {
                if (++links > 40) {
                    close(cur);
                    return fail(c, ELOOP, "resolve %s", path);
                }
                link[n] = '\0';
                if ((size_t)snprintf(tmp, sizeof tmp, "%s/%s", link, p) >= sizeof tmp)
                    goto toolong;
                strcpy(rest, tmp);
                p = rest;
                if (link[0] == '/') { /* absolute: from the root again */
                    close(cur);
                    strcpy(prefix, "/");
                    if ((cur = xopenat2(base, prefix, O_PATH, 0, resolve)) < 0)
                        return fail(c, errno, "resolve /");
                }
                continue;
            }
            if (last && as_file) {
                int fd = openat(cur, comp, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC | O_NOCTTY,
                                fmode);
                if (fd >= 0)
                    close(fd);
                else if (errno != EEXIST) {
                    int e = errno;
                    close(cur);
                    return fail(c, e, "create %s", next_prefix);
                }
            } else if (mkdirat(cur, comp, dmode) < 0 && errno != EEXIST) {
                int e = errno;
                close(cur);
                return fail(c, e, "mkdir %s", next_prefix);
            }
            next = xopenat2(base, next_prefix, O_PATH, 0, resolve);
        }
        if (next < 0) {
            int e = errno;
            close(cur);
            return fail(c, e, "resolve %s", next_prefix);
        }
        close(cur);
        cur = next;
        strcpy(prefix, next_prefix);
    }
    return cur;
toolong:
    close(cur);
    return fail(c, ENAMETOOLONG, "resolve %s", path);
}

static int resolve_flags(struct init_ctx *c, const char *path, int dstflags, int *skipped)
{
    unsigned long long resolve;
    *skipped = 0;
    if (!*path)
        return fail(c, EINVAL, "empty path");
    int base = lookup_base(c, dstflags, &resolve);
    if ((dstflags & PATH_IN_ROOT) && base < 0)
        return fail(c, errno, "open root");
    int fd = xopenat2(base, path, O_PATH, 0, resolve);
    if (fd >= 0)
        return fd;
    if (errno == ENOENT && (dstflags & (PATH_MKDIR | PATH_MKFILE)))
        return walk_create(c, base, resolve, path, 0755, !!(dstflags & PATH_MKFILE), 0644);
    if (errno == ENOENT && (dstflags & PATH_OPTIONAL)) {
        *skipped = 1;
        return -1;
    }
    return fail(c, errno, "resolve %s", path);
}

int target_open(struct init_ctx *c, const char *path, int dstflags, struct target *t)
{
    int skipped;
    t->fd = resolve_flags(c, path, dstflags, &skipped);
    if (t->fd < 0)
        return skipped ? 1 : -1;
    if (dstflags & PATH_IN_ROOT) {
        fd_path(t->buf, sizeof t->buf, t->fd);
        t->path = t->buf;
    } else {
        t->path = path; /* host path: used as given */
    }
    return 0;
}

void target_close(struct target *t)
{
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
}

int parent_open(struct init_ctx *c, const char *path, int dstflags, int *dirfd, char *name)
{
    char dir[PATH_MAX];
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof dir)
        return fail(c, EINVAL, "bad path %s", path);
    memcpy(dir, path, len + 1);
    while (len > 1 && dir[len - 1] == '/')
        dir[--len] = '\0';
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : dir;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strlen(base) > NAME_MAX)
        return fail(c, EINVAL, "bad path %s", path);
    strcpy(name, base);
    if (!slash)
        strcpy(dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';

    int skipped;
    /* parents are directories even for MKFILE */
    int flags = dstflags & PATH_MKFILE ? (dstflags & ~PATH_MKFILE) | PATH_MKDIR : dstflags;
    *dirfd = resolve_flags(c, dir, flags, &skipped);
    if (*dirfd < 0)
        return skipped ? 1 : -1;
    return 0;
}
