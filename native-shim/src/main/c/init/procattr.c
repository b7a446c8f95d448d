/* Process attributes: scheduler, I/O priority, CPU affinity, personality, memory policy and
 * the session keyring (ops 90-95). Thin wrappers around one syscall each (raw syscalls: no
 * libnuma, no libkeyutils); ProcAttrPlanner.java computes every number. */
#include <errno.h>
#include <linux/keyctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

/* Sizes of the masks built from (first, last) pairs; the validator refuses larger numbers. */
#define AFFINITY_BITS 8192
#define NODE_BITS 1024
#define LONG_BITS (8 * sizeof(unsigned long))

/* struct sched_attr, SCHED_ATTR_SIZE_VER1 (as runc passes it: util clamps 0) */
struct jr_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
    uint32_t sched_util_min;
    uint32_t sched_util_max;
};

#define IOPRIO_WHO_PROCESS 1

int op_scheduler(struct init_ctx *c, const struct plan_op *op)
{
    struct jr_sched_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.sched_policy = (uint32_t)op->args[0].i;
    a.sched_flags = op->args[1].u;
    a.sched_nice = (int32_t)op->args[2].i;
    a.sched_priority = (uint32_t)op->args[3].i;
    a.sched_runtime = op->args[4].u;
    a.sched_deadline = op->args[5].u;
    a.sched_period = op->args[6].u;
    if (syscall(SYS_sched_setattr, 0, &a, 0) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

int op_ioprio(struct init_ctx *c, const struct plan_op *op)
{
    if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, (int)op->args[0].i) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

/* Sets the bits of args[from..] ((first, last) pairs) in mask (bits wide). */
static int fill_mask(struct init_ctx *c, const struct plan_op *op, unsigned from, unsigned long *mask,
                     size_t bits)
{
    if ((op->argc - from) % 2 != 0)
        return fail(c, EINVAL, "%s", "odd number of range bounds");
    for (unsigned a = from; a < op->argc; a += 2) {
        long long lo = op->args[a].i;
        long long hi = op->args[a + 1].i;
        if (lo < 0 || hi < lo || (unsigned long long)hi >= bits)
            return fail(c, EINVAL, "range %lld-%lld out of bounds", lo, hi);
        for (long long b = lo; b <= hi; b++)
            mask[b / LONG_BITS] |= 1UL << (b % LONG_BITS);
    }
    return 0;
}

int op_cpu_affinity(struct init_ctx *c, const struct plan_op *op)
{
    static unsigned long mask[AFFINITY_BITS / LONG_BITS];
    memset(mask, 0, sizeof mask);
    if (fill_mask(c, op, 0, mask, AFFINITY_BITS) < 0)
        return -1;
    if (syscall(SYS_sched_setaffinity, 0, sizeof mask, mask) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

int op_personality(struct init_ctx *c, const struct plan_op *op)
{
    if (personality((unsigned long)op->args[0].u) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

int op_mempolicy(struct init_ctx *c, const struct plan_op *op)
{
    unsigned long mask[NODE_BITS / LONG_BITS];
    memset(mask, 0, sizeof mask);
    if (fill_mask(c, op, 1, mask, NODE_BITS) < 0)
        return -1;
    int nodes = op->argc > 1;
    /* maxnode counts one more than the bits the kernel reads (its historic off-by-one) */
    if (syscall(SYS_set_mempolicy, (int)op->args[0].i, nodes ? mask : NULL,
                nodes ? (unsigned long)NODE_BITS + 1 : 0UL) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

/* KEYCTL_JOIN_SESSION_KEYRING name; with modperm, runc's ModKeyringPerm: perm |= setbits.
 * A kernel without keyrings (ENOSYS) is not an error, as in runc. */
int op_keyring(struct init_ctx *c, const struct plan_op *op)
{
    long id = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, op->args[0].s, 0, 0, 0);
    if (id < 0) {
        if (errno == ENOSYS)
            return 0;
        return fail(c, errno, "%s", "");
    }
    if (op->args[2].i == 0)
        return 0;
    char desc[512];
    long n = syscall(SYS_keyctl, KEYCTL_DESCRIBE, id, desc, sizeof desc, 0);
    if (n < 0)
        return fail(c, errno, "%s", "describe session keyring");
    desc[sizeof desc - 1] = '\0';
    /* "type;uid;gid;perm;description", perm in hex */
    char *p = desc;
    for (int field = 0; field < 3 && p; field++) {
        p = strchr(p, ';');
        if (p)
            p++;
    }
    if (!p)
        return fail(c, EINVAL, "unexpected session keyring description %.64s", desc);
    char *end;
    errno = 0;
    unsigned long perm = strtoul(p, &end, 16);
    if (errno || *end != ';')
        return fail(c, EINVAL, "unexpected session keyring permissions %.64s", p);
    perm |= (unsigned long)op->args[1].u;
    if (syscall(SYS_keyctl, KEYCTL_SETPERM, id, (unsigned long)(uint32_t)perm, 0, 0) < 0)
        return fail(c, errno, "%s", "set session keyring permissions");
    return 0;
}
