package io.jrunc.cli;

/** runc's global flags (they come before the command name). */
public final class Globals {
    public static final String DEFAULT_ROOT = "/run/jrunc";

    /** runc's default: $XDG_RUNTIME_DIR/jrunc for a non-root caller when that is set (docs/rootless.md) */
    public String root = io.jrunc.core.rootless.Rootless.defaultRoot(DEFAULT_ROOT);
    public String log = "";
    public String logFormat = "text";
    public boolean debug;
    public boolean systemdCgroup;
    public String rootless = "auto";
    public String criu = "criu";
    boolean version;
    boolean help;

    void define(Flags f) {
        f.bool("debug", null, "enable debug logging", v -> debug = v);
        f.string("log", null, "set the log file to write jrunc logs to (default is '/dev/stderr')", v -> log = v);
        f.string("log-format", null, "set the log format ('text' (default), or 'json')", "\"text\"",
                v -> logFormat = v);
        f.string("root", null, "root directory for storage of container state (this should be located in tmpfs)",
                "\"" + root + "\"", v -> root = v);
        f.string("criu", null, "path to the criu binary used for checkpoint and restore", "\"criu\"",
                v -> criu = v);
        f.bool("systemd-cgroup", null, "enable systemd cgroup support, expects cgroupsPath to be of form "
                + "\"slice:prefix:name\" for e.g. \"system.slice:jrunc:434234\"", v -> systemdCgroup = v);
        f.string("rootless", null, "ignore cgroup permission errors ('true', 'false', or 'auto')", "\"auto\"",
                v -> rootless = v);
        f.bool("help", "h", "show help", v -> help = v);
        f.bool("version", "v", "print the version", v -> version = v);
    }
}
