#include "sync.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static int send_all(int fd, struct iovec *iov, int iovcnt)
{
    while (iovcnt > 0) {
        struct msghdr msg = {.msg_iov = iov, .msg_iovlen = (size_t)iovcnt};
        ssize_t n = sendmsg(fd, &msg, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        while (iovcnt > 0 && (size_t)n >= iov->iov_len) {
            n -= (ssize_t)iov->iov_len;
            iov++;
            iovcnt--;
        }
        if (iovcnt > 0) {
            iov->iov_base = (char *)iov->iov_base + n;
            iov->iov_len -= (size_t)n;
        }
    }
    return 0;
}

int sync_send(int fd, uint32_t type, const void *payload, size_t len)
{
    unsigned char hdr[8];
    if (fd < 0) {
        errno = EPIPE;
        return -1;
    }
    put_u32(hdr, type);
    put_u32(hdr + 4, (uint32_t)len);
    struct iovec iov[2] = {{hdr, sizeof hdr}, {(void *)(uintptr_t)payload, len}};
    return send_all(fd, iov, len ? 2 : 1);
}

int sync_send_error(int fd, int op_index, int err, const char *detail)
{
    size_t dlen = detail ? strlen(detail) : 0;
    unsigned char head[8];
    unsigned char hdr[8];
    if (fd < 0) {
        errno = EPIPE;
        return -1;
    }
    put_u32(head, (uint32_t)op_index);
    put_u32(head + 4, (uint32_t)err);
    put_u32(hdr, SYNC_ERROR);
    put_u32(hdr + 4, (uint32_t)(8 + dlen));
    struct iovec iov[3] = {{hdr, 8}, {head, 8}, {(void *)(uintptr_t)detail, dlen}};
    return send_all(fd, iov, dlen ? 3 : 2);
}

/* 0 = got all, 1 = EOF before any byte, -1 = error (EOF mid-way is EPIPE). */
static int recv_all(int fd, unsigned char *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0) {
            if (got == 0)
                return 1;
            errno = EPIPE;
            return -1;
        }
        got += (size_t)n;
    }
    return 0;
}

int sync_recv(int fd, uint32_t *type, unsigned char **payload, size_t *len)
{
    unsigned char hdr[8];
    int rc = recv_all(fd, hdr, sizeof hdr);
    if (rc != 0)
        return rc;
    *type = (uint32_t)hdr[0] | (uint32_t)hdr[1] << 8 | (uint32_t)hdr[2] << 16 |
            (uint32_t)hdr[3] << 24;
    uint32_t n = (uint32_t)hdr[4] | (uint32_t)hdr[5] << 8 | (uint32_t)hdr[6] << 16 |
                 (uint32_t)hdr[7] << 24;
    if (n > SYNC_MAX_PAYLOAD) {
        errno = EMSGSIZE;
        return -1;
    }
    unsigned char *buf = malloc((size_t)n + 1);
    if (!buf)
        return -1;
    rc = recv_all(fd, buf, n);
    if (rc != 0) {
        free(buf);
        if (rc == 1)
            errno = EPIPE;
        return -1;
    }
    buf[n] = '\0';
    *payload = buf;
    *len = n;
    return 0;
}
