package io.jrunc.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the things under test are, from system properties set by {@code make test}:
 * {@code jrunc.bin} (the installed launcher), {@code jrunc.rootfs.busybox} and
 * {@code jrunc.rootfs.debian} (rootfs fixtures made by scripts/mkrootfs-*.sh).
 */
public final class ItEnv {
    private ItEnv() {}

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name")) || uid() == 0;
    }

    private static long uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (Exception e) {
            return -1;
        }
    }

    /** The installed launcher; fails with a clear message when the property is missing. */
    public static Path jrunc() {
        Path p = required("jrunc.bin", "the installed launcher, e.g. build/install/bin/jrunc (make test sets it)");
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("jrunc.bin=" + p + " is not an executable file (run make install first)");
        }
        return p;
    }

    /**
     * The project's own JNI binding, from the installed launcher's lib dir (or
     * {@code -Djrunc.libdir}): what tests need native help for (SCM_RIGHTS, ptys).
     */
    public static synchronized io.jrunc.nativeshim.JniKernel kernel() {
        if (System.getProperty("jrunc.libdir") == null || System.getProperty("jrunc.libdir").isBlank()) {
            System.setProperty("jrunc.libdir", jrunc().getParent().getParent().resolve("lib/jrunc").toString());
        }
        return new io.jrunc.nativeshim.JniKernel();
    }

    public static Path busyboxRootfs() {
        return rootfs("jrunc.rootfs.busybox", "scripts/mkrootfs-busybox.sh");
    }

    public static Path debianRootfs() {
        return rootfs("jrunc.rootfs.debian", "scripts/mkrootfs-debian.sh");
    }

    /** runc on the PATH (Debian's package), the reference the tests compare with when present. */
    public static Optional<Path> runc() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "runc");
            if (Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        for (String fallback : new String[] {"/usr/sbin/runc", "/usr/bin/runc"}) {
            if (Files.isExecutable(Path.of(fallback))) {
                return Optional.of(Path.of(fallback));
            }
        }
        return Optional.empty();
    }

    private static Path rootfs(String property, String maker) {
        Path p = required(property, "a rootfs directory made by " + maker + " (make test sets it)");
        if (!Files.isDirectory(p.resolve("bin"))) {
            throw new IllegalStateException(property + "=" + p + " is not a rootfs (no bin/); run " + maker);
        }
        return p;
    }

    private static Path required(String property, String what) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank() || v.startsWith("${")) {
            throw new IllegalStateException("system property " + property + " is not set: " + what);
        }
        return Path.of(v).toAbsolutePath();
    }
}
