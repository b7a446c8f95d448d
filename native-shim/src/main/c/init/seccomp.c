/* SECCOMP: compile linux.seccomp (as encoded by SeccompPlanner, docs/plan-format.md) with
 * libseccomp, then load the BPF ourselves with seccomp(2) so every kernel filter flag is
 * available whatever libseccomp's version (runc's patchbpf loads its filter the same way).
 * With a listener, the notify fd goes to J (frame SECCOMP_FD + SCM_RIGHTS), which hands
 * it to the agent at listenerPath; we wait for SECCOMP_DONE and drop our copy. */
#include <errno.h>
#include <linux/filter.h>
#include <stddef.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"
#include "sync.h"

#define MAX_CONDS 6

/* "allow", "errno:N", "trace:N", "kill", "kill_process", "kill_thread", "trap", "log",
 * "notify" → libseccomp action; 0 on success. */
static int parse_action(const char *s, uint32_t *out)
{
    static const struct {
        const char *name;
        uint32_t act;
    } plain[] = {
        {"allow", SCMP_ACT_ALLOW}, {"kill", SCMP_ACT_KILL}, {"kill_thread", SCMP_ACT_KILL_THREAD},
        {"kill_process", SCMP_ACT_KILL_PROCESS}, {"trap", SCMP_ACT_TRAP}, {"log", SCMP_ACT_LOG},
        {"notify", SCMP_ACT_NOTIFY},
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        if (strcmp(s, plain[i].name) == 0) {
            *out = plain[i].act;
            return 0;
        }
    }
    const char *colon = strchr(s, ':');
    if (!colon)
        return -1;
    char *end;
    errno = 0;
    unsigned long v = strtoul(colon + 1, &end, 10);
    if (errno || *end || colon[1] == '\0' || v > 0xffff)
        return -1;
    if ((size_t)(colon - s) == 5 && strncmp(s, "errno", 5) == 0)
        *out = SCMP_ACT_ERRNO((uint32_t)v);
    else if ((size_t)(colon - s) == 5 && strncmp(s, "trace", 5) == 0)
        *out = SCMP_ACT_TRACE((uint32_t)v);
    else
        return -1;
    return 0;
}

static int parse_op(const char *s, enum scmp_compare *out)
{
    static const struct {
        const char *name;
        enum scmp_compare op;
    } ops[] = {
        {"ne", SCMP_CMP_NE}, {"lt", SCMP_CMP_LT}, {"le", SCMP_CMP_LE}, {"eq", SCMP_CMP_EQ},
        {"ge", SCMP_CMP_GE}, {"gt", SCMP_CMP_GT}, {"masked_eq", SCMP_CMP_MASKED_EQ},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(s, ops[i].name) == 0) {
            *out = ops[i].op;
            return 0;
        }
    }
    return -1;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

/* "INDEX:OP:VALUE[:VALUETWO]" */
static int parse_cond(char *s, struct scmp_arg_cmp *cmp)
{
    char *parts[4] = {0};
    int n = 0;
    for (char *p = s; n < 4; n++) {
        parts[n] = p;
        p = strchr(p, ':');
        if (!p) {
            n++;
            break;
        }
        *p++ = '\0';
    }
    uint64_t idx;
    memset(cmp, 0, sizeof *cmp);
    if (n < 3 || parse_u64(parts[0], &idx) < 0 || idx > 5 || parse_op(parts[1], &cmp->op) < 0 ||
        parse_u64(parts[2], &cmp->datum_a) < 0 || (n == 4 && parse_u64(parts[3], &cmp->datum_b) < 0))
        return -1;
    cmp->arg = (unsigned)idx;
    return 0;
}

/* One rule: "ACTION SYSCALL [COND ...]". Unknown syscall names are skipped (as runc does:
 * a profile lists syscalls of newer kernels); so is a rule whose action is the default. */
static int add_rule(struct init_ctx *c, scmp_filter_ctx f, const char *rule, uint32_t def)
{
    char buf[512];
    char *save = NULL;
    struct scmp_arg_cmp conds[MAX_CONDS];
    unsigned ncond = 0;
    uint32_t act;
    if (strlen(rule) >= sizeof buf)
        return fail(c, EINVAL, "seccomp rule too long: %.64s", rule);
    strcpy(buf, rule);
    char *action = strtok_r(buf, " ", &save);
    char *name = strtok_r(NULL, " ", &save);
    if (!action || !name || parse_action(action, &act) < 0)
        return fail(c, EINVAL, "bad seccomp rule \"%s\"", rule);
    for (char *t; (t = strtok_r(NULL, " ", &save));) {
        if (ncond == MAX_CONDS || parse_cond(t, &conds[ncond]) < 0)
            return fail(c, EINVAL, "bad seccomp rule \"%s\"", rule);
        ncond++;
    }
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR || act == def)
        return 0;
    int rc = seccomp_rule_add_array(f, act, nr, ncond, conds);
    if (rc < 0)
        return fail(c, -rc, "add seccomp rule for %s", name);
    return 0;
}

/* Builds the filter in libseccomp and exports it as classic BPF. */
static int compile(struct init_ctx *c, const struct plan_op *op, struct sock_fprog *prog)
{
    uint32_t def;
    int rc = -1;
    if (parse_action(op->args[0].s, &def) < 0)
        return fail(c, EINVAL, "bad seccomp default action \"%s\"", op->args[0].s);
    scmp_filter_ctx f = seccomp_init(def);
    if (!f)
        return fail(c, ENOMEM, "seccomp_init");
    /* we load the program ourselves: libseccomp must neither set no_new_privs nor load */
    seccomp_attr_set(f, SCMP_FLTATR_CTL_NNP, 0);
    char archs[256];
    snprintf(archs, sizeof archs, "%s", op->args[1].s);
    char *save = NULL;
    for (char *a = strtok_r(archs, ",", &save); a; a = strtok_r(NULL, ",", &save)) {
        uint32_t arch = seccomp_arch_resolve_name(a);
        if (arch == 0) {
            fail(c, EINVAL, "seccomp architecture %s is unknown to libseccomp", a);
            goto out;
        }
        int e = seccomp_arch_add(f, arch);
        if (e < 0 && e != -EEXIST) {
            fail(c, -e, "add seccomp architecture %s", a);
            goto out;
        }
    }
    for (unsigned i = 4; i < op->argc; i++)
        if (add_rule(c, f, op->args[i].s, def) < 0)
            goto out;
    /* export through a memfd: libseccomp 2.5 can only export to an fd */
    int mfd = memfd_create("jrunc-seccomp", MFD_CLOEXEC);
    if (mfd < 0) {
        fail(c, errno, "memfd_create");
        goto out;
    }
    int e = seccomp_export_bpf(f, mfd);
    off_t size = lseek(mfd, 0, SEEK_END);
    if (e < 0 || size <= 0 || size % (off_t)sizeof(struct sock_filter) != 0) {
        close(mfd);
        fail(c, e < 0 ? -e : EINVAL, "export seccomp filter");
        goto out;
    }
    struct sock_filter *insns = malloc((size_t)size);
    if (!insns || pread(mfd, insns, (size_t)size, 0) != size) {
        free(insns);
        close(mfd);
        fail(c, insns ? errno : ENOMEM, "read exported seccomp filter");
        goto out;
    }
    close(mfd);
    prog->len = (unsigned short)(size / (off_t)sizeof(struct sock_filter));
    prog->filter = insns;
    rc = 0;
out:
    seccomp_release(f);
    return rc;
}

/* runc's -ENOSYS stub (patchbpf): a profile lists the syscalls its author knew; one newer
 * than all of them, per architecture, must fail with ENOSYS (so libc falls back, as for
 * clone3) rather than the default action's EPERM. The stub is prepended to libseccomp's
 * program: per arch, nr > the largest number the profile names → ERRNO(ENOSYS); anything
 * else falls through. x32 calls (nr with bit 30 on x86_64) fall through untouched. Not for a
 * permissive default (allow, log, trace: runc's isAllowAction) nor errno:ENOSYS itself. */
#define X32_SYSCALL_BIT 0x40000000U
#define MAX_STUB_ARCHS 8

static int wants_stub(const char *def)
{
    return strcmp(def, "allow") != 0 && strcmp(def, "log") != 0 && strncmp(def, "trace:", 6) != 0 &&
           strcmp(def, "errno:38") != 0;
}

/* The largest syscall number on `arch` named by any rule ("ACTION NAME …"); -1 if none. */
static long max_syscall(const struct plan_op *op, uint32_t arch)
{
    long max = -1;
    for (unsigned i = 4; i < op->argc; i++) {
        const char *sp = strchr(op->args[i].s, ' ');
        if (!sp)
            continue;
        char name[128];
        size_t n = strcspn(sp + 1, " ");
        if (n == 0 || n >= sizeof name)
            continue;
        memcpy(name, sp + 1, n);
        name[n] = '\0';
        int nr = seccomp_syscall_resolve_name_arch(arch, name);
        if (nr >= 0 && nr > max)
            max = nr;
    }
    return max;
}

static int prepend_enosys_stub(struct init_ctx *c, const struct plan_op *op, struct sock_fprog *prog)
{
    uint32_t archs[MAX_STUB_ARCHS];
    long maxes[MAX_STUB_ARCHS];
    unsigned n = 0;
    char list[256];
    snprintf(list, sizeof list, "%s", op->args[1].s);
    uint32_t native = seccomp_arch_native();
    archs[n] = native;
    maxes[n++] = max_syscall(op, native);
    char *save = NULL;
    for (char *a = strtok_r(list, ",", &save); a && n < MAX_STUB_ARCHS; a = strtok_r(NULL, ",", &save)) {
        uint32_t arch = seccomp_arch_resolve_name(a);
        int dup = arch == SCMP_ARCH_X32; /* shares x86_64's AUDIT_ARCH: falls through */
        for (unsigned k = 0; k < n; k++)
            dup |= archs[k] == arch;
        if (!dup) {
            archs[n] = arch;
            maxes[n++] = max_syscall(op, arch);
        }
    }
    /* per arch: JEQ arch; LD nr; [JGE x32 bit → end;] JGT max → enosys; JA end */
    struct sock_filter stub[1 + MAX_STUB_ARCHS * 5 + 2];
    unsigned len = 0, blocks = 0;
    stub[len++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    unsigned size[MAX_STUB_ARCHS];
    for (unsigned k = 0; k < n; k++)
        size[k] = maxes[k] < 0 ? 0 : (archs[k] == SCMP_ARCH_X86_64 ? 5 : 4);
    unsigned total = 1;
    for (unsigned k = 0; k < n; k++)
        total += size[k];
    unsigned enosys = total + 1, end = total + 2; /* after the blocks: JA end, RET ENOSYS */
    for (unsigned k = 0; k < n; k++) {
        if (!size[k])
            continue;
        blocks++;
        stub[len] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, archs[k], 0, size[k] - 1);
        len++;
        stub[len++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
        if (archs[k] == SCMP_ARCH_X86_64) {
            stub[len] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, end - len - 1, 0);
            len++;
        }
        stub[len] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (uint32_t)maxes[k], enosys - len - 1, 0);
        len++;
        stub[len] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA | BPF_K, end - len - 1);
        len++;
    }
    if (!blocks) /* the profile names no syscall we know: nothing to compare with */
        return 0;
    stub[len] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA | BPF_K, end - len - 1);
    len++;
    stub[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA));
    if (len != end || prog->len + len > BPF_MAXINSNS)
        return fail(c, EINVAL, "seccomp -ENOSYS stub: %u instructions", prog->len + len);
    struct sock_filter *all = malloc((prog->len + len) * sizeof *all);
    if (!all)
        return fail(c, ENOMEM, "seccomp -ENOSYS stub");
    memcpy(all, stub, len * sizeof *all);
    memcpy(all + len, prog->filter, prog->len * sizeof *all);
    free(prog->filter);
    prog->filter = all;
    prog->len = (unsigned short)(prog->len + len);
    return 0;
}

/* SECCOMP_FD frame, then one byte carrying the fd (SCM_RIGHTS) so J can recvmsg it alone. */
static int send_listener(struct init_ctx *c, int fd)
{
    char byte = 'F';
    struct iovec iov = {&byte, 1};
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof fd);
    if (sync_send(c->sync_fd, SYNC_SECCOMP_FD, NULL, 0) < 0)
        return fail(c, errno, "send seccomp listener");
    ssize_t n;
    do
        n = sendmsg(c->sync_fd, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n != 1)
        return fail(c, n < 0 ? errno : EPROTO, "send seccomp listener");
    uint32_t type;
    unsigned char *payload = NULL;
    size_t len;
    int rc = sync_recv(c->sync_fd, &type, &payload, &len);
    free(payload);
    if (rc != 0)
        return fail(c, rc == 1 ? EPIPE : errno, "wait for the seccomp agent hand-over");
    if (type != SYNC_SECCOMP_DONE)
        return fail(c, EPROTO, "expected seccomp done, got message type %u", type);
    return 0;
}

/* args: defaultAction, archs (comma-separated libseccomp names), flags (SECCOMP_FILTER_FLAG_*
 * bits), listener (0/1), rules… */
int op_seccomp(struct init_ctx *c, const struct plan_op *op)
{
    struct sock_fprog prog;
    unsigned long flags = (unsigned long)op->args[2].u;
    if (op->args[3].i)
        flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
    if (compile(c, op, &prog) < 0)
        return -1;
    if (wants_stub(op->args[0].s) && prepend_enosys_stub(c, op, &prog) < 0) {
        free(prog.filter);
        return -1;
    }
    long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
    int e = errno;
    free(prog.filter);
    if (fd < 0)
        return fail(c, e, "load seccomp filter");
    if (!op->args[3].i)
        return 0;
    int rc = send_listener(c, (int)fd);
    close((int)fd);
    return rc;
}
