package io.jrunc.core.plan;

/** The {@code dstflags} bits of path-taking ops (docs/plan-format.md). */
public final class PathFlags {
    public static final int HOST = 0;
    /** Resolve inside the current root: symlinks never lead out of it. */
    public static final int IN_ROOT = 1;
    /** Create missing components as directories. */
    public static final int MKDIR = 2;
    /** Create missing parents, and the last component as an empty file. */
    public static final int MKFILE = 4;
    /** A missing path skips the op instead of failing it. */
    public static final int OPTIONAL = 8;

    private PathFlags() {
    }
}
