package io.jrunc.spec.linux;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Linux namespace types as config.json names them ({@code linux.namespaces[].type}), with
 * their CLONE_NEW* flags (linux/sched.h) and their /proc/&lt;pid&gt;/ns/ entry names.
 */
public final class Namespaces {
    public static final long CLONE_NEWTIME = 0x00000080L;
    public static final long CLONE_NEWNS = 0x00020000L;
    public static final long CLONE_NEWCGROUP = 0x02000000L;
    public static final long CLONE_NEWUTS = 0x04000000L;
    public static final long CLONE_NEWIPC = 0x08000000L;
    public static final long CLONE_NEWUSER = 0x10000000L;
    public static final long CLONE_NEWPID = 0x20000000L;
    public static final long CLONE_NEWNET = 0x40000000L;

    /** One namespace type: its config.json name, its /proc/&lt;pid&gt;/ns name and its clone flag. */
    public enum Type {
        PID("pid", "pid", CLONE_NEWPID),
        NETWORK("network", "net", CLONE_NEWNET),
        MOUNT("mount", "mnt", CLONE_NEWNS),
        IPC("ipc", "ipc", CLONE_NEWIPC),
        UTS("uts", "uts", CLONE_NEWUTS),
        USER("user", "user", CLONE_NEWUSER),
        CGROUP("cgroup", "cgroup", CLONE_NEWCGROUP),
        TIME("time", "time", CLONE_NEWTIME);

        private final String specName;
        private final String procName;
        private final long cloneFlag;

        Type(String specName, String procName, long cloneFlag) {
            this.specName = specName;
            this.procName = procName;
            this.cloneFlag = cloneFlag;
        }

        /** As config.json spells it: "network". */
        public String specName() {
            return specName;
        }

        /** As /proc/&lt;pid&gt;/ns/ spells it: "net". */
        public String procName() {
            return procName;
        }

        /** CLONE_NEWNET etc. (also the setns(2) nstype). */
        public long cloneFlag() {
            return cloneFlag;
        }
    }

    private static final Map<String, Type> BY_SPEC = new HashMap<>();
    private static final Map<String, Type> BY_PROC = new HashMap<>();
    private static final Set<String> SPEC_NAMES;

    static {
        Set<String> names = new LinkedHashSet<>();
        for (Type t : Type.values()) {
            BY_SPEC.put(t.specName, t);
            BY_PROC.put(t.procName, t);
            names.add(t.specName);
        }
        SPEC_NAMES = Collections.unmodifiableSet(names);
    }

    private Namespaces() {
    }

    /** The config.json type names: pid network mount ipc uts user cgroup time. */
    public static Set<String> types() {
        return SPEC_NAMES;
    }

    public static boolean isKnown(String specName) {
        return specName != null && BY_SPEC.containsKey(specName);
    }

    /** The type named {@code specName} in config.json, or null. */
    public static Type ofSpecName(String specName) {
        return specName == null ? null : BY_SPEC.get(specName);
    }

    /** The type whose /proc/&lt;pid&gt;/ns entry is {@code procName}, or null. */
    public static Type ofProcName(String procName) {
        return procName == null ? null : BY_PROC.get(procName);
    }

    /** CLONE_NEW* flag for a config.json type name; IllegalArgumentException if unknown. */
    public static long cloneFlag(String specName) {
        return require(specName).cloneFlag;
    }

    /** /proc/&lt;pid&gt;/ns entry name for a config.json type name; IllegalArgumentException if unknown. */
    public static String procName(String specName) {
        return require(specName).procName;
    }

    private static Type require(String specName) {
        Type t = ofSpecName(specName);
        if (t == null) {
            throw new IllegalArgumentException("unknown namespace type " + specName);
        }
        return t;
    }
}
