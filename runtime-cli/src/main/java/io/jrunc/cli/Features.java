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

    /** jrunc-specific mount extensions such as runc's "tmpcopyup": none yet. */
    public static final List<String> EXTENSIONS = List.of();

    /** The namespace types, sorted as runc lists them. */
    public static List<String> namespaces() {
        return new ArrayList<>(new TreeSet<>(io.jrunc.spec.linux.Namespaces.types()));
    }

    /** Every capability the kernel headers know, in number order (CAP_CHOWN = 0 …). */
    public static List<String> capabilities() {
        return List.copyOf(io.jrunc.spec.linux.Capabilities.names());
    }

    // Flip when the work lands (the cgroups, seccomp, LSM, RDT, idmap and net-device issues).
    public static final boolean CGROUP_V1 = true;
    public static final boolean CGROUP_V2 = true;
    public static final boolean CGROUP_SYSTEMD = true; // system instance (D-Bus); not the user instance
    public static final boolean CGROUP_SYSTEMD_USER = false;
    public static final boolean CGROUP_RDMA = true; // rdma.max on v1 and v2; a clear error without the controller
    public static final boolean SECCOMP = true;
    public static final boolean APPARMOR = true;
    public static final boolean SELINUX = true;
    public static final boolean INTEL_RDT = true;
    public static final boolean IDMAP_MOUNTS = true;
    public static final boolean NET_DEVICES = true;

    /** The sorted union of every mount option the planner understands (flags, propagation, rec attrs). */
    public static List<String> mountOptions() {
        TreeSet<String> all = new TreeSet<>(io.jrunc.core.plan.MountOptions.known());
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
        linux.put("namespaces", namespaces());
        linux.put("capabilities", capabilities());
        Map<String, Object> cgroup = new LinkedHashMap<>();
        cgroup.put("v1", CGROUP_V1);
        cgroup.put("v2", CGROUP_V2);
        cgroup.put("systemd", CGROUP_SYSTEMD);
        cgroup.put("systemdUser", CGROUP_SYSTEMD_USER);
        cgroup.put("rdma", CGROUP_RDMA);
        linux.put("cgroup", cgroup);
        linux.put("seccomp", SeccompFeatures.document(System.getProperty("os.version", "")));
        linux.put("apparmor", enabled(APPARMOR));
        linux.put("selinux", enabled(SELINUX));
        // runc's meaning: the runtime supports it (the host may not; create then says why)
        Map<String, Object> rdt = new LinkedHashMap<>();
        rdt.put("enabled", INTEL_RDT);
        rdt.put("schemata", INTEL_RDT);
        rdt.put("monitoring", false); // enableMonitoring's mon_groups are not made
        linux.put("intelRdt", rdt);
        linux.put("mountExtensions", Map.of("idmap", enabled(IDMAP_MOUNTS)));
        linux.put("netDevices", enabled(NET_DEVICES));
        linux.put("memoryPolicy", memoryPolicy());
        m.put("linux", linux);
        Map<String, Object> annotations = new TreeMap<>();
        annotations.put("io.jrunc.commit", v.commit());
        annotations.put("io.jrunc.version", v.version());
        m.put("annotations", annotations);
        return m;
    }

    /** linux.memoryPolicy: the modes and flags set_mempolicy is called with (every one the spec names). */
    public static Map<String, Object> memoryPolicy() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modes", io.jrunc.core.plan.ProcAttrPlanner.memoryPolicyModes());
        m.put("flags", io.jrunc.core.plan.ProcAttrPlanner.memoryPolicyFlags());
        return m;
    }

    private static Map<String, Object> enabled(boolean on) {
        return Map.of("enabled", on);
    }
}
