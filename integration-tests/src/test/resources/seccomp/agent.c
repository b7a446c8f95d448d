/* Seccomp notify agent for SeccompIT (built by the test with gcc). Usage:
 *   agent SOCKET STATEFILE ERRNO [CONNECTIONS]
 * Listens on SOCKET, receives the runtime's ContainerProcessState JSON with the notify fd
 * (SCM_RIGHTS), writes the JSON to STATEFILE, then answers every notified syscall with
 * -ERRNO (0: success without doing anything) until the container's filter has no users.
 * With CONNECTIONS > 1 (create, then execs) each connection is served by a child of its own
 * and the JSON of connection i > 0 goes to STATEFILE.i; the agent exits once all are done. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int die(const char *what)
{
    fprintf(stderr, "agent: %s: %s\n", what, strerror(errno));
    return 1;
}

static int serve(int c, const char *statefile, int answer);

/* STATEFILE for the first connection, STATEFILE.i for the others */
static void state_name(char *buf, size_t size, const char *base, int i)
{
    if (i == 0)
        snprintf(buf, size, "%s", base);
    else
        snprintf(buf, size, "%s.%d", base, i);
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5)
        return 2;
    alarm(120); /* never outlive a broken test */
    int answer = atoi(argv[3]);
    int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[1]);
    char tmp[sizeof sa.sun_path + 8];
    if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ls, 1) < 0)
        return die("listen");
    snprintf(tmp, sizeof tmp, "%s.ready", argv[1]);
    close(open(tmp, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    int conns = argc > 4 ? atoi(argv[4]) : 1;
    for (int i = 1; i < conns; i++) { /* all but the last connection in children */
        int c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0)
            return die("accept");
        pid_t pid = fork();
        if (pid < 0)
            return die("fork");
        if (pid == 0) {
            char name[4200];
            state_name(name, sizeof name, argv[2], i - 1);
            return serve(c, name, answer);
        }
        close(c);
    }
    int c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0)
        return die("accept");
    char last[4200];
    state_name(last, sizeof last, argv[2], conns - 1);
    int rc = serve(c, last, answer);
    int st;
    while (wait(&st) > 0)
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            rc = 1;
    return rc;
}

static int serve(int c, const char *statefile, int answer)
{
    char buf[65536];
    union {
        char b[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct iovec iov = {buf, sizeof buf - 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof u.b};
    ssize_t n = recvmsg(c, &msg, MSG_CMSG_CLOEXEC);
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    if (n <= 0 || !cm || cm->cmsg_type != SCM_RIGHTS)
        return die("recvmsg");
    int fd;
    memcpy(&fd, CMSG_DATA(cm), sizeof fd);
    FILE *f = fopen(statefile, "we");
    if (!f || fwrite(buf, 1, (size_t)n, f) != (size_t)n || fclose(f) != 0)
        return die("write state");
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            return die("poll");
        }
        if (p.revents & POLLHUP)
            return 0; /* the container is gone */
        struct seccomp_notif req;
        struct seccomp_notif_resp resp;
        memset(&req, 0, sizeof req);
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
            if (errno == EINTR || errno == ENOENT)
                continue;
            return die("notif recv");
        }
        memset(&resp, 0, sizeof resp);
        resp.id = req.id;
        resp.error = -answer;
        resp.val = 0;
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 && errno != ENOENT)
            return die("notif send");
    }
}
