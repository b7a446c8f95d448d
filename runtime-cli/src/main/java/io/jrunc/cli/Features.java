package io.jrunc.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code jrunc features} reports (runtime-spec features.md). Honest by rule:
 * containerd and others gate behaviour on it because unknown config fields are silently
 * ignored, so anything jrunc does not do yet is reported false or left out (absent =
 * "unknown"). Each issue that lands a feature flips its constant or extends its list here.
 */
public final class Features {
    private Features() {
    }

    public static final String OCI_VERSION_MIN = "1.0.0";

    public static final List<String> HOOKS = List.of(
            "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    /** mount(8) flags the mount planner translates to MS_* flags (and their clearing forms). */
    public static final List<String> MOUNT_FLAGS = List.of(
            "acl", "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec", "iversion",
            "lazytime", "loud", "mand", "noacl", "noatime", "nodev", "nodiratime", "noexec", "noiversion",
            "nolazytime", "nomand", "norelatime", "nostrictatime", "nosuid", "nosymfollow", "rbind", "relatime",
            "remount", "ro", "rw", "silent", "strictatime", "suid", "symfollow", "sync");

    public static final List<String> PROPAGATION = List.of(
            "private", "rprivate", "shared", "rshared", "slave", "rslave", "unbindable", "runbindable");

    /** recursive mount attributes (mount_setattr with AT_RECURSIVE) */
    public static final List<String> RECURSIVE_ATTRS = List.of(
            "ratime", "rdev", "rdiratime", "rexec", "rnoatime", "rnodev", "rnodiratime", "rnoexec", "rnorelatime",
            "rnostrictatime", "rnosuid", "rnosymfollow", "rrelatime", "rro", "rrw", "rstrictatime", "rsuid",
            "rsymfollow");

    /** jrunc-specific extensions such as runc's "tmpcopyup": none yet. */
    public static final List<String> EXTENSIONS = List.of();

    public static final List<String> NAMESPACES = List.of(
            "cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts");

    /** Every capability the kernel headers know, in number order (CAP_CHOWN = 0 …). */
    public static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    // Flip when the work lands (the cgroups, seccomp, LSM, RDT, idmap and net-device issues).
    public static final boolean CGROUP_V1 = true;
    public static final boolean CGROUP_V2 = true;
    public static final boolean CGROUP_SYSTEMD = false;
    public static final boolean CGROUP_SYSTEMD_USER = false;
    public static final boolean CGROUP_RDMA = false;
    public static final boolean SECCOMP = false;
    public static final boolean APPARMOR = false;
    public static final boolean SELINUX = false;
    public static final boolean INTEL_RDT = false;
    public static final boolean IDMAP_MOUNTS = false;
    public static final boolean NET_DEVICES = false;

    /** The sorted union of every mount option jrunc recognizes. */
    public static List<String> mountOptions() {
        TreeSet<String> all = new TreeSet<>(MOUNT_FLAGS);
        all.addAll(PROPAGATION);
        all.addAll(RECURSIVE_ATTRS);
        all.addAll(EXTENSIONS);
        return new ArrayList<>(all);
    }

    /** The document, in the key order of runtime-spec's Go type. */
    public static Map<String, Object> document(Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ociVersionMin", OCI_VERSION_MIN);
        m.put("ociVersionMax", Version.SPEC);
        m.put("hooks", HOOKS);
        m.put("mountOptions", mountOptions());
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", NAMESPACES);
        linux.put("capabilities", CAPABILITIES);
        Map<String, Object> cgroup = new LinkedHashMap<>();
        cgroup.put("v1", CGROUP_V1);
        cgroup.put("v2", CGROUP_V2);
        cgroup.put("systemd", CGROUP_SYSTEMD);
        cgroup.put("systemdUser", CGROUP_SYSTEMD_USER);
        cgroup.put("rdma", CGROUP_RDMA);
        linux.put("cgroup", cgroup);
        linux.put("seccomp", enabled(SECCOMP));
        linux.put("apparmor", enabled(APPARMOR));
        linux.put("selinux", enabled(SELINUX));
        linux.put("intelRdt", enabled(INTEL_RDT));
        linux.put("mountExtensions", Map.of("idmap", enabled(IDMAP_MOUNTS)));
        linux.put("netDevices", enabled(NET_DEVICES));
        m.put("linux", linux);
        Map<String, Object> annotations = new TreeMap<>();
        annotations.put("io.jrunc.commit", v.commit());
        annotations.put("io.jrunc.version", v.version());
        m.put("annotations", annotations);
        return m;
    }

    private static Map<String, Object> enabled(boolean on) {
        return Map.of("enabled", on);
    }
}
