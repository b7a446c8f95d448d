package io.jrunc.core.plan;

/**
 * Operation numbers of the plan executed by jrunc-init. The numbers are the wire
 * contract with native-shim's plan.h (docs/plan-format.md): never renumber, only add.
 */
public enum Opcode {
    SETNS(1), UNSHARE(2), WRITE_FILE(3), CLONE(4), CHILD_WRITE_FILE(5),
    SETSID(10), BECOME_ROOT(11), MOUNT(12), PROPAGATE(13), SETATTR(14), REMOUNT(15),
    MKDIR(16), MKNOD(17), SYMLINK(18), SET_ROOT(19), PIVOT_ROOT(20), MOVE_ROOT(21),
    MASK_PATH(22), READONLY_PATH(23), SYSCTL(24), SETHOSTNAME(25), SETDOMAINNAME(26),
    RLIMIT(27), SYNC(28), HOOK(29), OPEN_FIFO(30), WAIT_FIFO(31), KEEPCAPS(32),
    CAPS_BOUNDING(33), SET_USER(34), CAPS(35), NO_NEW_PRIVS(36), UMASK(37), CHDIR(38),
    SET_ARGV(39), SET_ENV(40), CHECK_EXEC(41), READY(42), CLOSE_FDS(43), EXEC(44),
    OOM_SCORE_ADJ(45), MKFILE(46), CHROOT(47),
    ENTER_ROOT(48), CONSOLE(49), SECCOMP(60), IDMAP_TREE(61), ATTACH_TREE(62),
    // process attributes (ProcAttrPlanner)
    SCHEDULER(90), IOPRIO(91), CPU_AFFINITY(92), PERSONALITY(93), MEMPOLICY(94), KEYRING(95),
    // LSM labels (LsmPlanner)
    LSM_LABEL(100),
    // rootless and user-namespace setup (NamespacePlanner, docs/rootless.md)
    DUMPABLE(110), CHILD_IDMAP_TOOL(111);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Ops S0 runs on S1's behalf after the clone; S1 skips them. */
    public boolean runsInParent() {
        return this == CHILD_WRITE_FILE || this == CHILD_IDMAP_TOOL;
    }
}
