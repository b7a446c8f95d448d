package io.jrunc.core.explain;

/** The groups a dry run prints, in this order; {@link #key} is the JSON name and never changes. */
public enum Section {
    NAMESPACES("namespaces", "Namespaces"),
    MOUNTS("mounts", "Mounts"),
    DEVICES("devices", "Devices"),
    HOOKS("hooks", "Hooks"),
    ROOT("root", "Root switch"),
    KERNEL("kernel", "Hostname and sysctl"),
    PATHS("paths", "Read-only and masked paths"),
    RLIMITS("rlimits", "Resource limits"),
    PRIVILEGES("privileges", "Capabilities and privileges"),
    SECCOMP("seccomp", "Seccomp"),
    CGROUPS("cgroups", "Cgroups"),
    PROCESS("process", "Process"),
    OTHER("other", "Other steps");

    private final String key;
    private final String title;

    Section(String key, String title) {
        this.key = key;
        this.title = title;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }
}
