package io.jrunc.core.rootless;

import io.jrunc.core.JruncException;
import io.jrunc.core.plan.UsernsSetup;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Running jrunc as a user other than the host's root (docs/rootless.md), as runc does:
 * the global {@code --rootless true|false|auto} decides whether cgroup permission errors
 * are tolerated (runc's shouldUseRootlessCgroupManager), the state root defaults to
 * {@code $XDG_RUNTIME_DIR/jrunc} (shouldHonorXDGRuntimeDir), and a create by a caller whose
 * euid is not 0 is validated as runc's rootless validator does and gets its user namespace
 * set up the unprivileged way (dumpable S1, setgroups "deny", newuidmap/newgidmap).
 */
public final class Rootless {
    private static volatile String flag = "auto";

    private Rootless() {
    }

    /** The global --rootless value (the CLI sets it once; "auto" otherwise). */
    public static void configure(String value) {
        flag = value == null ? "auto" : value;
    }

    /** runc's parseBoolOrAuto: null for "" and "auto", else Go's strconv.ParseBool. */
    public static Boolean parseBoolOrAuto(String s) throws JruncException {
        if (s == null || s.isEmpty() || s.toLowerCase(Locale.ROOT).equals("auto")) {
            return null;
        }
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> throw new JruncException("strconv.ParseBool: parsing \"" + s + "\": invalid syntax");
        };
    }

    /**
     * Whether cgroups are handled the rootless way: a cgroup that cannot be made for lack of
     * permission is no error as long as no limit is asked for.
     */
    public static boolean cgroups(boolean systemdCgroup) throws JruncException {
        return cgroups(parseBoolOrAuto(flag), systemdCgroup, Identity.current());
    }

    static boolean cgroups(Boolean flag, boolean systemdCgroup, Identity id) {
        if (flag != null) {
            return flag;
        }
        if (systemdCgroup) {
            return false;
        }
        // euid 0 in a user namespace: we cannot know whether the cgroup tree is ours
        return !id.root() || id.inUserNs();
    }

    /**
     * runc's default --root: {@code $XDG_RUNTIME_DIR/jrunc} for a non-root caller (or root in a
     * user namespace whose $USER is not root) when XDG_RUNTIME_DIR is set; otherwise {@code fallback}.
     */
    public static String defaultRoot(String fallback) {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg == null || xdg.isEmpty()) {
            return fallback; // without reading /proc: most commands run as root without it
        }
        return defaultRoot(fallback, xdg, System.getenv("USER"), Identity.current());
    }

    static String defaultRoot(String fallback, String xdg, String user, Identity id) {
        if (xdg == null || xdg.isEmpty()) {
            return fallback;
        }
        boolean honor = !id.root() || (id.inUserNs() && !"root".equals(user));
        return honor ? xdg + "/jrunc" : fallback;
    }

    /** runc's rootless validation; only for a caller whose euid is not 0. */
    public static void check(Spec spec) throws JruncException {
        if (Identity.current().root()) {
            return;
        }
        try {
            IdMappingCheck.check(spec.linux(), spec.mounts(), caller());
        } catch (ConfigException e) {
            throw new JruncException(e.getMessage());
        }
    }

    /** How the planner sets up the user namespace for this caller. */
    public static UsernsSetup setup(Spec spec) throws JruncException {
        Identity id = Identity.current();
        if (id.root() && !id.inUserNs()) {
            return UsernsSetup.PRIVILEGED;
        }
        if (id.root()) {
            // root of a user namespace (jrunc nested in a rootless container): maps as root,
            // but a container left without a cgroup binds ours, as for a user
            return new UsernsSetup(false, null, null, selfCgroups(read(Path.of("/proc/self/cgroup"))));
        }
        IdMappingCheck.Result r;
        try {
            r = IdMappingCheck.check(spec.linux(), spec.mounts(), caller());
        } catch (ConfigException e) {
            throw new JruncException(e.getMessage());
        }
        return new UsernsSetup(true, r.uidTool(), r.gidTool(), selfCgroups(read(Path.of("/proc/self/cgroup"))));
    }

    static IdMappingCheck.Caller caller() {
        Identity id = Identity.current();
        return new IdMappingCheck.Caller(id.euid(), id.egid(), id.userName(),
                SubIds.of(Path.of("/etc/subuid"), id.userName(), id.euid()),
                SubIds.of(Path.of("/etc/subgid"), id.userName(), id.euid()),
                findTool("newuidmap"), findTool("newgidmap"));
    }

    /** /proc/self/cgroup's v1 lines as controllers → path ("cpu,cpuacct" → "/user.slice"). */
    public static Map<String, String> selfCgroups(List<String> lines) {
        Map<String, String> m = new HashMap<>();
        for (String l : lines) {
            String[] f = l.split(":", 3);
            if (f.length == 3 && !f[1].isEmpty()) {
                m.put(f[1], f[2]);
            }
        }
        return m;
    }

    /** The tool in $PATH or the usual directories (newuidmap lives in /usr/bin on Debian). */
    static String findTool(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"));
        for (String d : dirs) {
            if (d.isEmpty() || !d.startsWith("/")) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }
}
