/* Id-mapped bind mounts (mounts[].uidMappings/gidMappings, options idmap/ridmap). S0, still
 * in the host's namespaces, clones the source tree detached and id-maps it: mount_setattr
 * MOUNT_ATTR_IDMAP needs CAP_SYS_ADMIN over the filesystem's user namespace, which S1 in a
 * new user namespace no longer has (runc asks its parent for these mounts too). S1 inherits
 * the detached tree's fd through clone and attaches it with move_mount. */
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"
#include "paths.h"

static int write_map(pid_t pid, const char *file, const char *map, size_t len)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = write_all(fd, map, len);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* A user namespace with these maps, held by an fd: a child unshares it, we write its maps
 * and open its ns file, and the child goes away. */
static int make_userns(struct init_ctx *c, const struct plan_op *op, int *out)
{
    int ready[2], hold[2];
    if (pipe2(ready, O_CLOEXEC) < 0)
        return fail(c, errno, "pipe");
    if (pipe2(hold, O_CLOEXEC) < 0) {
        close(ready[0]);
        close(ready[1]);
        return fail(c, errno, "pipe");
    }
    pid_t pid = fork();
    if (pid == 0) {
        char b = unshare(CLONE_NEWUSER) == 0 ? 'u' : 'e';
        close(hold[1]);
        if (write(ready[1], &b, 1) == 1 && b == 'u')
            while (read(hold[0], &b, 1) < 0 && errno == EINTR)
                ;
        _exit(0);
    }
    int e = errno;
    close(ready[1]);
    close(hold[0]);
    char b = 0;
    int rc = -1;
    if (pid < 0) {
        fail(c, e, "fork for the mount's user namespace");
        goto out;
    }
    if (read(ready[0], &b, 1) != 1 || b != 'u') {
        fail(c, EPERM, "create the mount's user namespace");
        goto out;
    }
    if (write_map(pid, "uid_map", op->args[4].s, op->args[4].len) < 0) {
        fail(c, errno, "write the mount's uid_map");
        goto out;
    }
    if (write_map(pid, "gid_map", op->args[5].s, op->args[5].len) < 0) {
        fail(c, errno, "write the mount's gid_map");
        goto out;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
    if ((*out = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        fail(c, errno, "open %s", path);
        goto out;
    }
    rc = 0;
out:
    close(ready[0]);
    close(hold[1]); /* releases the child */
    if (pid > 0)
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
    return rc;
}

/* IDMAP_TREE slot, src, treeRecursive, idmapRecursive, uidmap, gidmap */
int op_idmap_tree(struct init_ctx *c, const struct plan_op *op)
{
    long long slot = op->args[0].i;
    if (slot < 0 || slot >= MAX_TREES || c->trees[slot] >= 0)
        return fail(c, EINVAL, "bad tree slot %lld", slot);
    int userns = -1;
    if (make_userns(c, op, &userns) < 0)
        return -1;
    unsigned tflags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (op->args[2].i ? AT_RECURSIVE : 0);
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, op->args[1].s, tflags);
    if (tree < 0) {
        int e = errno;
        close(userns);
        return fail(c, e, "open_tree %s", op->args[1].s);
    }
    struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (unsigned)userns};
    unsigned aflags = AT_EMPTY_PATH | (op->args[3].i ? AT_RECURSIVE : 0);
    int rc = (int)syscall(SYS_mount_setattr, tree, "", aflags, &attr, sizeof attr);
    int e = errno;
    close(userns);
    if (rc < 0) {
        close(tree);
        return fail(c, e, "id-map %s", op->args[1].s);
    }
    c->trees[slot] = tree;
    return 0;
}

/* ATTACH_TREE slot, dst, dstflags */
int op_attach_tree(struct init_ctx *c, const struct plan_op *op)
{
    long long slot = op->args[0].i;
    if (slot < 0 || slot >= MAX_TREES || c->trees[slot] < 0)
        return fail(c, EINVAL, "no tree in slot %lld", slot);
    struct target t;
    int r = target_open(c, op->args[1].s, (int)op->args[2].i, &t);
    if (r != 0)
        return r < 0 ? -1 : 0;
    int rc = (int)syscall(SYS_move_mount, c->trees[slot], "", t.fd, "",
                          MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
    int e = errno;
    target_close(&t);
    close(c->trees[slot]);
    c->trees[slot] = -1;
    if (rc < 0)
        return fail(c, e, "move_mount to %s", op->args[1].s);
    return 0;
}
