package io.jrunc.nativeshim;

/** Linux constants the test plans use (runtime-core computes them for real plans). */
final class Linux {
    static final long CLONE_NEWNS = 0x00020000L, CLONE_NEWUTS = 0x04000000L, CLONE_NEWIPC = 0x08000000L,
            CLONE_NEWUSER = 0x10000000L, CLONE_NEWPID = 0x20000000L;
    static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_BIND = 4096, MS_REC = 16384,
            MS_SLAVE = 1 << 19, MS_STRICTATIME = 1 << 24;
    static final int S_IFCHR = 0020000;
    static final int EINVAL = 22, ENOENT = 2, ENODEV = 19;
    static final int CAP_CHOWN = 0, CAP_KILL = 5, CAP_NET_BIND_SERVICE = 10;

    private Linux() {
    }
}
