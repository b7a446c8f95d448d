/* Shared state of jrunc-init while it runs a plan. S0 and S1 are single-threaded, so one
 * global context is enough. */
#ifndef JRUNC_INIT_H
#define JRUNC_INIT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "plan.h"

/* IDMAP_TREE slots: at most one per config mount that is id-mapped */
#define MAX_TREES 64

enum role {
    ROLE_S0,       /* before CLONE (or the only process if the plan has no CLONE) */
    ROLE_S0_AFTER, /* S0 after CLONE: runs only CHILD_* ops */
    ROLE_S1        /* the container's init */
};

struct init_ctx {
    struct plan plan;
    int sync_fd;    /* -1 once the socket is known to be gone */
    enum role role;
    int op_index;   /* op being run, for error frames */

    int *ns_fds;    /* SETNS: fds opened before the first setns, by op index */

    pid_t child;    /* S1's pid, seen from S0 */
    int wake_fd;    /* S0: write end of the pipe that releases S1 */

    int root_fd;    /* root for IN_ROOT resolution; -1 until needed ("/") */
    int fifo_fd;    /* OPEN_FIFO's O_PATH fd */
    int trees[MAX_TREES]; /* IDMAP_TREE's detached mounts, by slot; -1 = empty */

    char *state;    /* CONTINUE payload: stdin of the hooks that follow */
    size_t state_len;

    char **argv;    /* SET_ARGV, NULL-terminated */
    char **envp;    /* SET_ENV, NULL-terminated */
    char exec_path[PATH_MAX];
    bool exec_resolved;

    /* the failure being reported */
    int err;
    char detail[1024];
};

/* Records a failure (errno value + printf detail, never containing strerror text) and
 * returns -1, so handlers can `return fail(c, errno, "...")`. */
int fail(struct init_ctx *c, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

typedef int (*op_handler)(struct init_ctx *c, const struct plan_op *op);

/* ns.c */
int setns_open_all(struct init_ctx *c);
int op_setns(struct init_ctx *c, const struct plan_op *op);
int op_unshare(struct init_ctx *c, const struct plan_op *op);
int op_clone(struct init_ctx *c, const struct plan_op *op);
int op_child_write_file(struct init_ctx *c, const struct plan_op *op);
int op_enter_root(struct init_ctx *c, const struct plan_op *op);

/* console.c */
int op_console(struct init_ctx *c, const struct plan_op *op);

/* mounts.c */
int op_mount(struct init_ctx *c, const struct plan_op *op);
int op_propagate(struct init_ctx *c, const struct plan_op *op);
int op_setattr(struct init_ctx *c, const struct plan_op *op);
int op_remount(struct init_ctx *c, const struct plan_op *op);
int op_mkdir(struct init_ctx *c, const struct plan_op *op);
int op_mkfile(struct init_ctx *c, const struct plan_op *op);
int op_mknod(struct init_ctx *c, const struct plan_op *op);
int op_symlink(struct init_ctx *c, const struct plan_op *op);
int op_set_root(struct init_ctx *c, const struct plan_op *op);
int op_pivot_root(struct init_ctx *c, const struct plan_op *op);
int op_move_root(struct init_ctx *c, const struct plan_op *op);
int op_chroot(struct init_ctx *c, const struct plan_op *op);
int op_mask_path(struct init_ctx *c, const struct plan_op *op);
int op_readonly_path(struct init_ctx *c, const struct plan_op *op);

/* caps.c */
int op_become_root(struct init_ctx *c, const struct plan_op *op);
int op_keepcaps(struct init_ctx *c, const struct plan_op *op);
int op_caps_bounding(struct init_ctx *c, const struct plan_op *op);
int op_set_user(struct init_ctx *c, const struct plan_op *op);
int op_caps(struct init_ctx *c, const struct plan_op *op);
int op_no_new_privs(struct init_ctx *c, const struct plan_op *op);

/* hooks.c */
int op_sync(struct init_ctx *c, const struct plan_op *op);
int op_hook(struct init_ctx *c, const struct plan_op *op);

/* exec.c */
int op_chdir(struct init_ctx *c, const struct plan_op *op);
int op_set_argv(struct init_ctx *c, const struct plan_op *op);
int op_set_env(struct init_ctx *c, const struct plan_op *op);
int op_check_exec(struct init_ctx *c, const struct plan_op *op);
int op_close_fds(struct init_ctx *c, const struct plan_op *op);
int op_exec(struct init_ctx *c, const struct plan_op *op);

/* misc.c */
int op_write_file(struct init_ctx *c, const struct plan_op *op);
int op_setsid(struct init_ctx *c, const struct plan_op *op);
int op_sysctl(struct init_ctx *c, const struct plan_op *op);
int op_sethostname(struct init_ctx *c, const struct plan_op *op);
int op_setdomainname(struct init_ctx *c, const struct plan_op *op);
int op_rlimit(struct init_ctx *c, const struct plan_op *op);
int op_open_fifo(struct init_ctx *c, const struct plan_op *op);
int op_wait_fifo(struct init_ctx *c, const struct plan_op *op);
int op_umask(struct init_ctx *c, const struct plan_op *op);
int op_ready(struct init_ctx *c, const struct plan_op *op);
int op_oom_score_adj(struct init_ctx *c, const struct plan_op *op);

/* idmap.c */
int op_idmap_tree(struct init_ctx *c, const struct plan_op *op);
int op_attach_tree(struct init_ctx *c, const struct plan_op *op);

/* rootless.c */
int op_dumpable(struct init_ctx *c, const struct plan_op *op);
int op_child_idmap_tool(struct init_ctx *c, const struct plan_op *op);

/* seccomp.c */
int op_seccomp(struct init_ctx *c, const struct plan_op *op);

/* procattr.c */
int op_scheduler(struct init_ctx *c, const struct plan_op *op);
int op_ioprio(struct init_ctx *c, const struct plan_op *op);
int op_cpu_affinity(struct init_ctx *c, const struct plan_op *op);
int op_personality(struct init_ctx *c, const struct plan_op *op);
int op_mempolicy(struct init_ctx *c, const struct plan_op *op);
int op_keyring(struct init_ctx *c, const struct plan_op *op);
/* lsm.c */
int op_lsm_label(struct init_ctx *c, const struct plan_op *op);

/* selfexe.c: re-exec from a sealed memfd unless already running from one */
int ensure_sealed_self(char **argv, char **envp, const char **what);

/* util */
int write_all(int fd, const void *buf, size_t len);

#endif
