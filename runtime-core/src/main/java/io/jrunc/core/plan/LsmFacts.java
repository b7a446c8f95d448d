package io.jrunc.core.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which Linux security modules can label processes on this host, as runc decides it:
 * AppArmor when securityfs shows {@code /sys/kernel/security/apparmor} and the module's
 * {@code enabled} parameter starts with Y (runc's apparmor.IsEnabled); SELinux when selinuxfs
 * is mounted at /sys/fs/selinux (go-selinux's GetEnabled, simplified).
 *
 * @param apparmor         AppArmor confines processes here
 * @param apparmorReason   why not, when {@code apparmor} is false (for the error line)
 * @param selinux          SELinux is enabled here
 */
public record LsmFacts(boolean apparmor, String apparmorReason, boolean selinux) {
    /** A host with neither module: what tests start from. */
    public static final LsmFacts NONE = new LsmFacts(false, "AppArmor is not enabled", false);

    private static volatile LsmFacts host;

    /** This host, probed once per process. */
    public static LsmFacts host() {
        LsmFacts h = host;
        if (h == null) {
            h = probe(Path.of("/"));
            host = h;
        }
        return h;
    }

    /** Probes the host whose filesystem root is {@code root} (a fake tree in tests). */
    public static LsmFacts probe(Path root) {
        Path param = root.resolve("sys/module/apparmor/parameters/enabled");
        boolean aa = false;
        String reason;
        if (!Files.exists(param)) {
            reason = "the AppArmor module is not loaded on this host (no /sys/module/apparmor)";
        } else if (!read(param).startsWith("Y")) {
            reason = "AppArmor is disabled on this host (/sys/module/apparmor/parameters/enabled is "
                    + read(param) + ")";
        } else if (!Files.isDirectory(root.resolve("sys/kernel/security/apparmor"))) {
            reason = "AppArmor is enabled but securityfs does not show it (mount securityfs on /sys/kernel/security)";
        } else {
            aa = true;
            reason = "";
        }
        boolean se = Files.exists(root.resolve("sys/fs/selinux/enforce"));
        return new LsmFacts(aa, reason, se);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
