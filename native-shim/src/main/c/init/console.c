/* CONSOLE: a pty from the container's own devpts, its master sent to the console socket,
 * its peer made our controlling terminal and stdio (runc's setupConsole). */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "init.h"
#include "paths.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

/* /dev/pts/ptmx inside the root, opened O_PATH first so nothing but a devpts ptmx (char
 * 5:2, inode 2) is ever opened for real, then reopened read-write through the fd. */
static int open_ptmx(struct init_ctx *c)
{
    struct statfs sfs;
    struct stat st;
    char path[32];
    int pfd = open_in_root(c, "/dev/pts/ptmx", O_PATH | O_CLOEXEC);
    if (pfd < 0)
        return fail(c, errno, "open /dev/pts/ptmx");
    if (fstatfs(pfd, &sfs) < 0 || fstat(pfd, &st) < 0) {
        int e = errno;
        close(pfd);
        return fail(c, e, "stat /dev/pts/ptmx");
    }
    if (sfs.f_type != DEVPTS_SUPER_MAGIC || !S_ISCHR(st.st_mode) || st.st_rdev != makedev(5, 2) || st.st_ino != 2) {
        close(pfd);
        return fail(c, 0, "/dev/pts/ptmx is not the ptmx of a devpts file system");
    }
    fd_path(path, sizeof path, pfd);
    int master = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    int e = errno;
    close(pfd);
    if (master < 0)
        return fail(c, e, "reopen /dev/pts/ptmx");
    return master;
}

/* One message: the pty's name as data (receivers want a non-empty one) and exactly one
 * SCM_RIGHTS fd, the master. */
static int send_master(struct init_ctx *c, int sock, int master, const char *name)
{
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct iovec iov = {.iov_base = (void *)(uintptr_t)name, .iov_len = strlen(name)};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    memset(u.buf, 0, sizeof u.buf);
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &master, sizeof(int));
    ssize_t n;
    do
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return fail(c, errno, "send the pty master to the console socket");
    if ((size_t)n != iov.iov_len)
        return fail(c, EIO, "short send to the console socket");
    return 0;
}

/* args: socket fd, rows, cols, bind on /dev/console (0/1), uid, gid */
int op_console(struct init_ctx *c, const struct plan_op *op)
{
    int sock = (int)op->args[0].i;
    unsigned rows = (unsigned)op->args[1].i, cols = (unsigned)op->args[2].i;
    int zero = 0, rc = -1, peer = -1;
    unsigned ptn;
    char name[32], peer_path[32];
    struct stat st;

    if (fcntl(sock, F_SETFD, FD_CLOEXEC) < 0)
        return fail(c, errno, "console socket fd %d", sock);
    int master = open_ptmx(c);
    if (master < 0)
        goto out_sock;
    if (ioctl(master, TIOCSPTLCK, &zero) < 0 || ioctl(master, TIOCGPTN, &ptn) < 0) {
        fail(c, errno, "unlock pty");
        goto out;
    }
    peer = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (peer < 0) {
        fail(c, errno, "open pty peer");
        goto out;
    }
    if (fstat(peer, &st) < 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) < 136 || major(st.st_rdev) > 143) {
        fail(c, 0, "the pty peer is not a pts device");
        goto out;
    }
    snprintf(name, sizeof name, "/dev/pts/%u", ptn);
    if (rows || cols) {
        struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
        if (ioctl(master, TIOCSWINSZ, &ws) < 0) {
            fail(c, errno, "set the console size");
            goto out;
        }
    }
    /* the process's user owns its terminal, as runc's fixStdioPermissions does */
    uid_t uid = (uid_t)op->args[4].i;
    gid_t gid = (gid_t)op->args[5].i;
    if (uid != 0 && fchown(peer, uid, gid) < 0) {
        fail(c, errno, "chown %s", name);
        goto out;
    }
    if (op->args[3].i) {
        struct target t;
        int r = target_open(c, "/dev/console", PATH_IN_ROOT, &t);
        if (r != 0)
            goto out;
        fd_path(peer_path, sizeof peer_path, peer);
        r = mount(peer_path, t.path, NULL, MS_BIND, NULL);
        if (r < 0)
            fail(c, errno, "bind %s on /dev/console", name);
        target_close(&t);
        if (r < 0)
            goto out;
    }
    if (send_master(c, sock, master, name) < 0)
        goto out;
    if (ioctl(peer, TIOCSCTTY, 0) < 0) {
        fail(c, errno, "make %s the controlling terminal", name);
        goto out;
    }
    for (int fd = 0; fd <= 2; fd++) {
        if (dup2(peer, fd) < 0) { /* dup2 clears close-on-exec */
            fail(c, errno, "dup %s onto fd %d", name, fd);
            goto out;
        }
    }
    rc = 0;
out:
    if (peer > 2)
        close(peer);
    close(master);
out_sock:
    close(sock);
    return rc;
}
