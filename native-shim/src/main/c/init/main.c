/* jrunc-init: executes a plan from jrunc (docs/plan-format.md). J spawns us as S0 with
 * the sync socket at $_JRUNC_SYNC_FD; S0 runs the ops up to CLONE, S1 (the container's
 * init) runs the rest and finally execs the container process. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"
#include "sync.h"

static const op_handler handlers[OP_MAX_] = {
    [OP_SETNS] = op_setns,
    [OP_UNSHARE] = op_unshare,
    [OP_WRITE_FILE] = op_write_file,
    [OP_CLONE] = op_clone,
    [OP_CHILD_WRITE_FILE] = op_child_write_file,
    [OP_SETSID] = op_setsid,
    [OP_BECOME_ROOT] = op_become_root,
    [OP_MOUNT] = op_mount,
    [OP_PROPAGATE] = op_propagate,
    [OP_SETATTR] = op_setattr,
    [OP_REMOUNT] = op_remount,
    [OP_MKDIR] = op_mkdir,
    [OP_MKNOD] = op_mknod,
    [OP_SYMLINK] = op_symlink,
    [OP_SET_ROOT] = op_set_root,
    [OP_PIVOT_ROOT] = op_pivot_root,
    [OP_MOVE_ROOT] = op_move_root,
    [OP_MASK_PATH] = op_mask_path,
    [OP_READONLY_PATH] = op_readonly_path,
    [OP_SYSCTL] = op_sysctl,
    [OP_SETHOSTNAME] = op_sethostname,
    [OP_SETDOMAINNAME] = op_setdomainname,
    [OP_RLIMIT] = op_rlimit,
    [OP_SYNC] = op_sync,
    [OP_HOOK] = op_hook,
    [OP_OPEN_FIFO] = op_open_fifo,
    [OP_WAIT_FIFO] = op_wait_fifo,
    [OP_KEEPCAPS] = op_keepcaps,
    [OP_CAPS_BOUNDING] = op_caps_bounding,
    [OP_SET_USER] = op_set_user,
    [OP_CAPS] = op_caps,
    [OP_NO_NEW_PRIVS] = op_no_new_privs,
    [OP_UMASK] = op_umask,
    [OP_CHDIR] = op_chdir,
    [OP_SET_ARGV] = op_set_argv,
    [OP_SET_ENV] = op_set_env,
    [OP_CHECK_EXEC] = op_check_exec,
    [OP_READY] = op_ready,
    [OP_CLOSE_FDS] = op_close_fds,
    [OP_EXEC] = op_exec,
    [OP_OOM_SCORE_ADJ] = op_oom_score_adj,
    [OP_MKFILE] = op_mkfile,
    [OP_CHROOT] = op_chroot,
    [OP_ENTER_ROOT] = op_enter_root,
    [OP_CONSOLE] = op_console,
    [OP_SECCOMP] = op_seccomp,
    [OP_IDMAP_TREE] = op_idmap_tree,
    [OP_ATTACH_TREE] = op_attach_tree,
    [OP_SCHEDULER] = op_scheduler,
    [OP_IOPRIO] = op_ioprio,
    [OP_CPU_AFFINITY] = op_cpu_affinity,
    [OP_PERSONALITY] = op_personality,
    [OP_MEMPOLICY] = op_mempolicy,
    [OP_KEYRING] = op_keyring,
    [OP_LSM_LABEL] = op_lsm_label,
    [OP_DUMPABLE] = op_dumpable,
    [OP_CHILD_IDMAP_TOOL] = op_child_idmap_tool,
};

static struct init_ctx ctx = {
    .sync_fd = -1, .op_index = -1, .wake_fd = -1, .root_fd = -1, .fifo_fd = -1,
};

int fail(struct init_ctx *c, int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->detail, sizeof c->detail, fmt, ap);
    va_end(ap);
    c->err = err;
    return -1;
}

/* Go/runc style: "no such file or directory" */
static void print_line(const char *what, int err)
{
    char msg[256] = "";
    if (err) {
        snprintf(msg, sizeof msg, ": %s", strerror(err));
        msg[2] = (char)tolower((unsigned char)msg[2]);
    }
    dprintf(STDERR_FILENO, "jrunc-init: %s%s\n", what, msg);
}

/* Reports the failure to J (or, if J is gone, on stderr) and exits. */
static void __attribute__((noreturn)) die(struct init_ctx *c, int status)
{
    if (sync_send_error(c->sync_fd, c->op_index, c->err, c->detail) < 0) {
        const char *what = c->detail;
        char buf[64];
        if (!*what && c->op_index >= 0) {
            snprintf(buf, sizeof buf, "op %d (%s)", c->op_index,
                     opcode_name(c->plan.ops[c->op_index].code));
            what = buf;
        }
        print_line(what, c->err);
    }
    if (c->role == ROLE_S0_AFTER && c->child > 0) {
        kill(c->child, SIGKILL);
        while (waitpid(c->child, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    _exit(status);
}

static int read_plan(struct init_ctx *c)
{
    uint32_t type;
    unsigned char *buf;
    size_t len;
    struct plan_error perr;
    int rc = sync_recv(c->sync_fd, &type, &buf, &len);
    if (rc == 1)
        _exit(1); /* J went away before sending anything: nobody to tell */
    if (rc < 0)
        return fail(c, errno, "receive plan");
    if (type != SYNC_PLAN) {
        free(buf);
        return fail(c, EPROTO, "expected plan, got message type %u", type);
    }
    rc = plan_decode(buf, len, &c->plan, &perr);
    free(buf);
    if (rc < 0) {
        c->op_index = perr.op_index;
        return fail(c, EINVAL, "%s", perr.detail);
    }
    c->ns_fds = malloc((c->plan.count ? c->plan.count : 1) * sizeof *c->ns_fds);
    if (!c->ns_fds)
        return fail(c, ENOMEM, "%s", "");
    for (uint32_t i = 0; i < c->plan.count; i++)
        c->ns_fds[i] = -1;
    return 0;
}

static void run(struct init_ctx *c)
{
    if (setns_open_all(c) < 0)
        die(c, 1);
    for (uint32_t i = 0; i < c->plan.count; i++) {
        const struct plan_op *op = &c->plan.ops[i];
        int parent_op = op_runs_in_parent(op->code);
        if ((c->role == ROLE_S1 && parent_op) || (c->role == ROLE_S0_AFTER && !parent_op))
            continue;
        c->op_index = (int)i;
        c->err = 0;
        c->detail[0] = '\0';
        if (c->role == ROLE_S0 && parent_op) {
            fail(c, EINVAL, "%s before CLONE", opcode_name(op->code));
            die(c, 1);
        }
        if (handlers[op->code](c, op) < 0)
            die(c, op->code == OP_EXEC ? 127 : 1);
        if (op->code == OP_CLONE && c->role == ROLE_S0_AFTER)
            signal(SIGPIPE, SIG_IGN); /* S0 never execs: safe to ignore here */
    }
    if (c->role == ROLE_S0_AFTER) {
        c->op_index = -1;
        if (write(c->wake_fd, "1", 1) != 1) {
            fail(c, errno, "wake container init");
            die(c, 1);
        }
        close(c->wake_fd);
    }
    _exit(0);
}

int main(int argc, char **argv, char **envp)
{
    struct init_ctx *c = &ctx;
    const char *what;
    const char *s = getenv("_JRUNC_SYNC_FD");
    char *end;
    long fd = s ? strtol(s, &end, 10) : -1;
    (void)argc;

    if (!s || !*s || *end || fd < 0 || fd > 0x7fffffff || fcntl((int)fd, F_GETFD) < 0) {
        print_line("_JRUNC_SYNC_FD does not name an open fd (jrunc-init is started by jrunc)", 0);
        return 1;
    }
    c->sync_fd = (int)fd;
    for (int i = 0; i < MAX_TREES; i++)
        c->trees[i] = -1;
    if (ensure_sealed_self(argv, envp, &what) < 0) {
        fail(c, errno, "%s", what);
        die(c, 1);
    }
    /* no ptrace, no /proc/<pid>/{mem,exe,fd} access for the container until execve */
    if (prctl(PR_SET_DUMPABLE, 0UL, 0UL, 0UL, 0UL) < 0) {
        fail(c, errno, "set non-dumpable");
        die(c, 1);
    }
    /* J hands the socket over without CLOEXEC: it must not reach the container */
    if (fcntl(c->sync_fd, F_SETFD, FD_CLOEXEC) < 0) {
        fail(c, errno, "set sync fd close-on-exec");
        die(c, 1);
    }
    if (read_plan(c) < 0)
        die(c, 1);
    run(c);
}
