/* The last steps before the container process: cwd, argv/env, lookup, fds, execve. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

int op_chdir(struct init_ctx *c, const struct plan_op *op)
{
    char cwd[PATH_MAX];
    if (chdir(op->args[0].s) < 0)
        return fail(c, errno, "%s", "");
    /* a cwd outside our root (e.g. through a leaked fd) reads as "(unreachable)/…", which
     * glibc turns into ENOENT (CVE-2024-21626) */
    if (!getcwd(cwd, sizeof cwd) || cwd[0] != '/')
        return fail(c, 0, "current working directory is outside of container mount namespace root -- "
                          "possible container breakout detected");
    return 0;
}

static char **strv_from(const struct plan_op *op, size_t first)
{
    char **v = calloc(op->argc - first + 1, sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = first; i < op->argc; i++)
        v[i - first] = op->args[i].s;
    return v;
}

int op_set_argv(struct init_ctx *c, const struct plan_op *op)
{
    if (op->argc == 0)
        return fail(c, EINVAL, "empty argv");
    free(c->argv);
    c->argv = strv_from(op, 0);
    c->exec_resolved = false;
    return c->argv ? 0 : fail(c, ENOMEM, "%s", "");
}

int op_set_env(struct init_ctx *c, const struct plan_op *op)
{
    free(c->envp);
    c->envp = strv_from(op, 0);
    c->exec_resolved = false;
    return c->envp ? 0 : fail(c, ENOMEM, "%s", "");
}

/* Go's findExecutable: not a directory, executable by our effective ids. */
static int find_executable(const char *file, struct stat *st)
{
    if (stat(file, st) < 0)
        return errno;
    if (S_ISDIR(st->st_mode))
        return EISDIR;
    if (faccessat(AT_FDCWD, file, X_OK, AT_EACCESS) == 0)
        return S_ISREG(st->st_mode) ? 0 : EACCES;
    if (errno != ENOSYS && errno != EPERM)
        return errno;
    return (st->st_mode & 0111) && S_ISREG(st->st_mode) ? 0 : EACCES;
}

static const char *env_path(struct init_ctx *c)
{
    const char *path = NULL;
    for (char **e = c->envp; e && *e; e++)
        if (strncmp(*e, "PATH=", 5) == 0)
            path = *e + 5; /* the last one wins, as with setenv in order */
    return path ? path : DEFAULT_PATH;
}

/* exec.LookPath semantics, with Go's error texts (runc prints them as they are). */
static int look_path(struct init_ctx *c)
{
    struct stat st;
    if (!c->argv || !c->argv[0])
        return fail(c, EINVAL, "no argv to exec");
    const char *name = c->argv[0];
    if (strchr(name, '/')) {
        int e = find_executable(name, &st);
        if (e) {
            if (stat(name, &st) < 0)
                return fail(c, e, "exec: \"%s\": stat %s", name, name);
            return fail(c, e, "exec: \"%s\"", name);
        }
        if (strlen(name) >= sizeof c->exec_path)
            return fail(c, ENAMETOOLONG, "exec: \"%s\"", name);
        strcpy(c->exec_path, name);
        c->exec_resolved = true;
        return 0;
    }
    const char *p = env_path(c);
    for (;;) {
        const char *end = strchrnul(p, ':');
        size_t dlen = (size_t)(end - p);
        char cand[PATH_MAX];
        int n = dlen ? snprintf(cand, sizeof cand, "%.*s/%s", (int)dlen, p, name)
                     : snprintf(cand, sizeof cand, "./%s", name);
        if (n > 0 && (size_t)n < sizeof cand && find_executable(cand, &st) == 0) {
            strcpy(c->exec_path, cand);
            c->exec_resolved = true;
            return 0;
        }
        if (!*end)
            break;
        p = end + 1;
    }
    return fail(c, 0, "exec: \"%s\": executable file not found in $PATH", name);
}

int op_check_exec(struct init_ctx *c, const struct plan_op *op)
{
    (void)op;
    return look_path(c);
}

int op_close_fds(struct init_ctx *c, const struct plan_op *op)
{
    long long keep = op->args[0].i;
    if (keep < 0 || keep > 0x7fffffff)
        return fail(c, EINVAL, "bad fd %lld", keep);
    if (syscall(SYS_close_range, (unsigned)keep, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
        return 0;
    if (errno != ENOSYS && errno != EINVAL)
        return fail(c, errno, "close_range");
    /* kernels before 5.11: walk /proc/self/fd */
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return fail(c, errno, "open /proc/self/fd");
    struct dirent *de;
    while ((de = readdir(d))) {
        char *end;
        long fd = strtol(de->d_name, &end, 10);
        if (*end || de->d_name[0] == '.' || fd < keep || fd == dirfd(d))
            continue;
        if (fcntl((int)fd, F_SETFD, FD_CLOEXEC) < 0 && errno != EBADF) {
            int e = errno;
            closedir(d);
            return fail(c, e, "mark fd %ld close-on-exec", fd);
        }
    }
    closedir(d);
    return 0;
}

int op_exec(struct init_ctx *c, const struct plan_op *op)
{
    (void)op;
    static char *empty_env[] = {NULL};
    if (!c->exec_resolved && look_path(c) < 0)
        return -1;
    execve(c->exec_path, c->argv, c->envp ? c->envp : empty_env);
    return fail(c, errno, "exec %s", c->exec_path);
}
