/* Credentials and capabilities of S1 before it execs the container process. */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

int op_become_root(struct init_ctx *c, const struct plan_op *op)
{
    (void)op;
    if (setresgid(0, 0, 0) < 0)
        return fail(c, errno, "setresgid 0");
    if (setresuid(0, 0, 0) < 0)
        return fail(c, errno, "setresuid 0");
    return 0;
}

int op_keepcaps(struct init_ctx *c, const struct plan_op *op)
{
    if (prctl(PR_SET_KEEPCAPS, op->args[0].i ? 1UL : 0UL, 0UL, 0UL, 0UL) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}

/* The kernel's last capability is found by probing: PR_CAPBSET_READ fails with EINVAL
 * past it. That needs no /proc (which may not be mounted, or be the container's). */
int op_caps_bounding(struct init_ctx *c, const struct plan_op *op)
{
    unsigned long long keep = op->args[0].u;
    for (int cap = 0; cap < 256; cap++) {
        if (prctl(PR_CAPBSET_READ, (unsigned long)cap, 0UL, 0UL, 0UL) < 0) {
            if (errno == EINVAL)
                break;
            return fail(c, errno, "read bounding capability %d", cap);
        }
        if (cap < 64 && (keep & (1ULL << cap)))
            continue;
        if (prctl(PR_CAPBSET_DROP, (unsigned long)cap, 0UL, 0UL, 0UL) < 0)
            return fail(c, errno, "drop bounding capability %d", cap);
    }
    return 0;
}

int op_set_user(struct init_ctx *c, const struct plan_op *op)
{
    size_t n = op->argc - 2u;
    gid_t *gids = calloc(n ? n : 1, sizeof *gids);
    if (!gids)
        return fail(c, ENOMEM, "%s", "");
    for (size_t i = 0; i < n; i++)
        gids[i] = (gid_t)op->args[2 + i].i;
    int rc = setgroups(n, gids);
    int e = errno;
    free(gids);
    /* a user namespace with setgroups "deny" refuses even an empty list */
    if (rc < 0 && !(e == EPERM && n == 0))
        return fail(c, e, "setgroups");
    if (setresgid((gid_t)op->args[1].i, (gid_t)op->args[1].i, (gid_t)op->args[1].i) < 0)
        return fail(c, errno, "setresgid %lld", op->args[1].i);
    if (setresuid((uid_t)op->args[0].i, (uid_t)op->args[0].i, (uid_t)op->args[0].i) < 0)
        return fail(c, errno, "setresuid %lld", op->args[0].i);
    return 0;
}

int op_caps(struct init_ctx *c, const struct plan_op *op)
{
    unsigned long long eff = op->args[0].u, perm = op->args[1].u, inh = op->args[2].u,
                       amb = op->args[3].u;
    struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2] = {
        {.effective = (__u32)eff, .permitted = (__u32)perm, .inheritable = (__u32)inh},
        {.effective = (__u32)(eff >> 32), .permitted = (__u32)(perm >> 32),
         .inheritable = (__u32)(inh >> 32)},
    };
    if (syscall(SYS_capset, &hdr, data) < 0)
        return fail(c, errno, "capset");
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0UL, 0UL, 0UL) < 0)
        return fail(c, errno, "clear ambient capabilities");
    for (int cap = 0; cap < 64; cap++) {
        if (!(amb & (1ULL << cap)))
            continue;
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)cap, 0UL, 0UL) < 0)
            return fail(c, errno, "raise ambient capability %d", cap);
    }
    return 0;
}

int op_no_new_privs(struct init_ctx *c, const struct plan_op *op)
{
    (void)op;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0UL, 0UL, 0UL) < 0)
        return fail(c, errno, "%s", "");
    return 0;
}
