/* Safe path resolution for the dstflags of docs/plan-format.md. */
#ifndef JRUNC_PATHS_H
#define JRUNC_PATHS_H

#include <sys/types.h>

#include "init.h"

/* A resolved op target: `path` is what path-based syscalls get. For IN_ROOT it is
 * "/proc/self/fd/N" of the O_PATH fd, so what was checked is what is used. */
struct target {
    int fd;
    const char *path;
    char buf[32];
};

/* The fd IN_ROOT resolution is relative to (opened on first use: "/"). -1 with errno. */
int root_dirfd(struct init_ctx *c);
/* After pivot_root/MOVE_ROOT: the new "/" becomes the root. */
int reset_root(struct init_ctx *c);

/* openat2(root, path, oflags, RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS); -1 with errno. */
int open_in_root(struct init_ctx *c, const char *path, int oflags);

/* Resolves path per dstflags (creating it for MKDIR/MKFILE).
 * 0 = resolved, 1 = skipped (OPTIONAL and missing), -1 = failed (c->err set). */
int target_open(struct init_ctx *c, const char *path, int dstflags, struct target *t);
void target_close(struct target *t);

/* For ops that create the last component themselves (MKNOD, SYMLINK): an O_PATH fd of
 * the parent (created for MKDIR/MKFILE) and the last component's name, copied to name
 * (NAME_MAX+1 bytes). Same return values as target_open. */
int parent_open(struct init_ctx *c, const char *path, int dstflags, int *dirfd, char *name);

/* "/proc/self/fd/N" */
void fd_path(char *buf, size_t size, int fd);

#endif
