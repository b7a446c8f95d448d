/* The plan as jrunc-init sees it: mirrors runtime-core's Opcode.java and PlanCodec.java
 * (docs/plan-format.md). Numbers are wire contract: never renumber, only add. */
#ifndef JRUNC_PLAN_H
#define JRUNC_PLAN_H

#include <stddef.h>
#include <stdint.h>

enum opcode {
    OP_SETNS = 1,
    OP_UNSHARE = 2,
    OP_WRITE_FILE = 3,
    OP_CLONE = 4,
    OP_CHILD_WRITE_FILE = 5,
    OP_SETSID = 10,
    OP_BECOME_ROOT = 11,
    OP_MOUNT = 12,
    OP_PROPAGATE = 13,
    OP_SETATTR = 14,
    OP_REMOUNT = 15,
    OP_MKDIR = 16,
    OP_MKNOD = 17,
    OP_SYMLINK = 18,
    OP_SET_ROOT = 19,
    OP_PIVOT_ROOT = 20,
    OP_MOVE_ROOT = 21,
    OP_MASK_PATH = 22,
    OP_READONLY_PATH = 23,
    OP_SYSCTL = 24,
    OP_SETHOSTNAME = 25,
    OP_SETDOMAINNAME = 26,
    OP_RLIMIT = 27,
    OP_SYNC = 28,
    OP_HOOK = 29,
    OP_OPEN_FIFO = 30,
    OP_WAIT_FIFO = 31,
    OP_KEEPCAPS = 32,
    OP_CAPS_BOUNDING = 33,
    OP_SET_USER = 34,
    OP_CAPS = 35,
    OP_NO_NEW_PRIVS = 36,
    OP_UMASK = 37,
    OP_CHDIR = 38,
    OP_SET_ARGV = 39,
    OP_SET_ENV = 40,
    OP_CHECK_EXEC = 41,
    OP_READY = 42,
    OP_CLOSE_FDS = 43,
    OP_EXEC = 44,
    OP_OOM_SCORE_ADJ = 45,
    OP_MKFILE = 46,
    OP_CHROOT = 47,
    OP_ENTER_ROOT = 48,
    OP_CONSOLE = 49,
    OP_SECCOMP = 60,
    OP_IDMAP_TREE = 61,
    OP_ATTACH_TREE = 62,
    /* process attributes (procattr.c) */
    OP_SCHEDULER = 90,
    OP_IOPRIO = 91,
    OP_CPU_AFFINITY = 92,
    OP_PERSONALITY = 93,
    OP_MEMPOLICY = 94,
    OP_KEYRING = 95,
    OP_LSM_LABEL = 100,
    /* rootless and user-namespace setup (rootless.c) */
    OP_DUMPABLE = 110,
    OP_CHILD_IDMAP_TOOL = 111,
    OP_MAX_ = 128
};

/* dstflags bits (PathFlags.java) */
#define PATH_IN_ROOT 1
#define PATH_MKDIR 2
#define PATH_MKFILE 4
#define PATH_OPTIONAL 8

/* One argument, typed by the op's signature when decoded. */
struct plan_arg {
    char *s;              /* always NUL-terminated copy of the bytes */
    size_t len;           /* byte length on the wire */
    long long i;          /* 'i' arguments */
    unsigned long long u; /* 'u' arguments */
};

struct plan_op {
    uint16_t code;
    uint16_t argc;
    struct plan_arg *args;
};

struct plan {
    uint32_t count;
    struct plan_op *ops;
};

/* Decode error: which op (or -1) and a short reason. */
struct plan_error {
    int op_index;
    char detail[128];
};

/* Decodes and validates the whole plan (argument counts, integers, no NUL in strings)
 * before anything runs. Returns 0, or -1 with *perr filled. */
int plan_decode(const unsigned char *buf, size_t len, struct plan *out, struct plan_error *perr);

const char *opcode_name(unsigned code);

/* CHILD_* ops run in S0 after CLONE, on S1's behalf. */
static inline int op_runs_in_parent(unsigned code)
{
    return code == OP_CHILD_WRITE_FILE || code == OP_CHILD_IDMAP_TOOL;
}

#endif
