/* Framing on the sync socket: u32 type, u32 length (little-endian), payload. */
#ifndef JRUNC_SYNC_H
#define JRUNC_SYNC_H

#include <stddef.h>
#include <stdint.h>

enum sync_type {
    SYNC_PLAN = 1,
    SYNC_CONTINUE = 2,
    SYNC_SECCOMP_DONE = 6,
    SYNC_PID = 10,
    SYNC_SYNC = 11,
    SYNC_READY = 12,
    SYNC_ERROR = 13,
    SYNC_SECCOMP_FD = 16
};

/* Largest frame we accept: plans and state JSON are far smaller. */
#define SYNC_MAX_PAYLOAD (64u << 20)

/* Sends one frame with MSG_NOSIGNAL (J may be gone). 0, or -1 with errno. */
int sync_send(int fd, uint32_t type, const void *payload, size_t len);

/* Receives one frame into a malloc'd buffer (NUL-terminated for convenience).
 * 0 on success, 1 on clean EOF before a header, -1 with errno otherwise. */
int sync_recv(int fd, uint32_t *type, unsigned char **payload, size_t *len);

/* ERROR frame: i32 opIndex, i32 errno, UTF-8 detail. */
int sync_send_error(int fd, int op_index, int err, const char *detail);

#endif
