/* Decoder for the "JRPLAN01" encoding (docs/plan-format.md, PlanCodec.java). Everything is
 * validated up front so a malformed plan fails before any namespace or mount is touched. */
#include "plan.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Argument signatures: s = string (no NUL byte), b = raw bytes, i = signed decimal,
 * u = unsigned decimal (u64); '*' makes the following type repeat for the remaining args. */
static const struct {
    const char *name;
    const char *sig;
} optab[OP_MAX_] = {
    [OP_SETNS] = {"SETNS", "is"},
    [OP_UNSHARE] = {"UNSHARE", "i"},
    [OP_WRITE_FILE] = {"WRITE_FILE", "sb"},
    [OP_CLONE] = {"CLONE", "i"},
    [OP_CHILD_WRITE_FILE] = {"CHILD_WRITE_FILE", "sb"},
    [OP_SETSID] = {"SETSID", ""},
    [OP_BECOME_ROOT] = {"BECOME_ROOT", ""},
    [OP_MOUNT] = {"MOUNT", "sssusi"},
    [OP_PROPAGATE] = {"PROPAGATE", "sui"},
    [OP_SETATTR] = {"SETATTR", "suuii"},
    [OP_REMOUNT] = {"REMOUNT", "sui"},
    [OP_MKDIR] = {"MKDIR", "sii"},
    [OP_MKNOD] = {"MKNOD", "siiiiii"},
    [OP_SYMLINK] = {"SYMLINK", "ssi"},
    [OP_SET_ROOT] = {"SET_ROOT", "s"},
    [OP_PIVOT_ROOT] = {"PIVOT_ROOT", "s"},
    [OP_MOVE_ROOT] = {"MOVE_ROOT", "s"},
    [OP_MASK_PATH] = {"MASK_PATH", "s"},
    [OP_READONLY_PATH] = {"READONLY_PATH", "s"},
    [OP_SYSCTL] = {"SYSCTL", "ss"},
    [OP_SETHOSTNAME] = {"SETHOSTNAME", "s"},
    [OP_SETDOMAINNAME] = {"SETDOMAINNAME", "s"},
    [OP_RLIMIT] = {"RLIMIT", "iuu"},
    [OP_SYNC] = {"SYNC", "s"},
    [OP_HOOK] = {"HOOK", "sii*s"},
    [OP_OPEN_FIFO] = {"OPEN_FIFO", "s"},
    [OP_WAIT_FIFO] = {"WAIT_FIFO", ""},
    [OP_KEEPCAPS] = {"KEEPCAPS", "i"},
    [OP_CAPS_BOUNDING] = {"CAPS_BOUNDING", "u"},
    [OP_SET_USER] = {"SET_USER", "ii*i"},
    [OP_CAPS] = {"CAPS", "uuuu"},
    [OP_NO_NEW_PRIVS] = {"NO_NEW_PRIVS", ""},
    [OP_UMASK] = {"UMASK", "i"},
    [OP_CHDIR] = {"CHDIR", "s"},
    [OP_SET_ARGV] = {"SET_ARGV", "*s"},
    [OP_SET_ENV] = {"SET_ENV", "*s"},
    [OP_CHECK_EXEC] = {"CHECK_EXEC", ""},
    [OP_READY] = {"READY", ""},
    [OP_CLOSE_FDS] = {"CLOSE_FDS", "i"},
    [OP_EXEC] = {"EXEC", ""},
    [OP_OOM_SCORE_ADJ] = {"OOM_SCORE_ADJ", "i"},
    [OP_MKFILE] = {"MKFILE", "sii"},
    [OP_CHROOT] = {"CHROOT", "s"},
    [OP_ENTER_ROOT] = {"ENTER_ROOT", "s"},
    [OP_CONSOLE] = {"CONSOLE", "iiiiii"},
    [OP_SECCOMP] = {"SECCOMP", "ssui*s"},
    [OP_IDMAP_TREE] = {"IDMAP_TREE", "isiibb"},
    [OP_ATTACH_TREE] = {"ATTACH_TREE", "isi"},
    [OP_SCHEDULER] = {"SCHEDULER", "iuiiuuu"},
    [OP_IOPRIO] = {"IOPRIO", "i"},
    [OP_CPU_AFFINITY] = {"CPU_AFFINITY", "*i"},
    [OP_PERSONALITY] = {"PERSONALITY", "u"},
    [OP_MEMPOLICY] = {"MEMPOLICY", "i*i"},
    [OP_KEYRING] = {"KEYRING", "sui"},
    [OP_LSM_LABEL] = {"LSM_LABEL", "sss"},
    [OP_DUMPABLE] = {"DUMPABLE", "i"},
    [OP_CHILD_IDMAP_TOOL] = {"CHILD_IDMAP_TOOL", "s*s"},
};

const char *opcode_name(unsigned code)
{
    if (code < OP_MAX_ && optab[code].name)
        return optab[code].name;
    return "UNKNOWN";
}

static int __attribute__((format(printf, 3, 4)))
perr_set(struct plan_error *perr, int idx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    perr->op_index = idx;
    vsnprintf(perr->detail, sizeof perr->detail, fmt, ap);
    va_end(ap);
    return -1;
}

/* Strict decimal: no spaces, no '+', no trailing junk, no overflow. */
static int parse_signed(const char *s, long long *out)
{
    char *end;
    if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
        return -1;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_unsigned(const char *s, unsigned long long *out)
{
    char *end;
    if (*s < '0' || *s > '9') /* strtoull would accept "-1" */
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int check_arg(struct plan_arg *a, char type)
{
    switch (type) {
    case 'b':
        return 0;
    case 's':
        return strlen(a->s) == a->len ? 0 : -1;
    case 'i':
        return parse_signed(a->s, &a->i);
    case 'u':
        return parse_unsigned(a->s, &a->u);
    }
    return -1;
}

/* Checks argc and every argument against the op's signature. */
static int check_op(struct plan_op *op, int idx, struct plan_error *perr)
{
    if (op->code >= OP_MAX_ || !optab[op->code].sig) {
        return perr_set(perr, idx, "unknown opcode %u", op->code);
    }
    const char *sig = optab[op->code].sig;
    const char *star = strchr(sig, '*');
    size_t fixed = star ? (size_t)(star - sig) : strlen(sig);
    if (op->argc < fixed || (!star && op->argc != fixed))
        return perr_set(perr, idx, "wrong number of arguments for %s", optab[op->code].name);
    for (size_t a = 0; a < op->argc; a++) {
        char type = a < fixed ? sig[a] : star[1];
        if (check_arg(&op->args[a], type) < 0) {
            return perr_set(perr, idx, "bad argument %zu of %s", a, optab[op->code].name);
        }
    }
    if (op->code == OP_HOOK && (op->args[2].i < 0 || (size_t)op->args[2].i > op->argc - 3u))
        return perr_set(perr, idx, "bad argv count for %s", "HOOK");
    return 0;
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int plan_decode(const unsigned char *buf, size_t len, struct plan *out, struct plan_error *perr)
{
    size_t pos = 12;
    perr->op_index = -1;
    perr->detail[0] = '\0';
    if (len < 12 || memcmp(buf, "JRPLAN01", 8) != 0)
        return perr_set(perr, -1, "%s", "not a jrunc plan");
    out->count = get_u32(buf + 8);
    /* each op takes at least 4 bytes: bounds the allocation by the input size */
    if (out->count > (len - pos) / 4)
        return perr_set(perr, -1, "%s", "truncated plan");
    out->ops = calloc(out->count ? out->count : 1, sizeof *out->ops);
    if (!out->ops)
        return perr_set(perr, -1, "%s", "out of memory");
    for (uint32_t i = 0; i < out->count; i++) {
        struct plan_op *op = &out->ops[i];
        if (len - pos < 4)
            return perr_set(perr, (int)i, "%s", "truncated plan");
        op->code = (uint16_t)(buf[pos] | buf[pos + 1] << 8);
        op->argc = (uint16_t)(buf[pos + 2] | buf[pos + 3] << 8);
        pos += 4;
        op->args = calloc(op->argc ? op->argc : 1, sizeof *op->args);
        if (!op->args)
            return perr_set(perr, (int)i, "%s", "out of memory");
        for (unsigned a = 0; a < op->argc; a++) {
            if (len - pos < 4)
                return perr_set(perr, (int)i, "%s", "truncated plan");
            uint32_t alen = get_u32(buf + pos);
            pos += 4;
            if (len - pos < alen)
                return perr_set(perr, (int)i, "%s", "truncated plan");
            char *s = malloc((size_t)alen + 1);
            if (!s)
                return perr_set(perr, (int)i, "%s", "out of memory");
            memcpy(s, buf + pos, alen);
            s[alen] = '\0';
            op->args[a].s = s;
            op->args[a].len = alen;
            pos += alen;
        }
        if (check_op(op, (int)i, perr) < 0)
            return -1;
    }
    if (pos != len)
        return perr_set(perr, -1, "%s", "trailing bytes after plan");
    return 0;
}
