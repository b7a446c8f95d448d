package io.jrunc.spec.validate;

import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Hooks;
import io.jrunc.spec.Linux;
import io.jrunc.spec.LinuxIDMapping;
import io.jrunc.spec.LinuxResources;
import io.jrunc.spec.LinuxSeccomp;
import io.jrunc.spec.Mount;
import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import io.jrunc.spec.linux.Capabilities;
import io.jrunc.spec.linux.Namespaces;
import io.jrunc.spec.linux.Rlimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed config.json against the OCI runtime-spec 1.3 (Linux) and the rules runc's
 * validator adds, before anything is created. The first problem found is thrown as a
 * {@link ConfigException} whose message names the file, the JSON path and the offending value:
 * {@code config.json: process.cwd: "relative/dir" must be an absolute path}.
 *
 * <p>It runs on every create: all tables are static, no regular expressions, and the only
 * file-system access is the stat of root.path (and, for net.* sysctls, of a joined network
 * namespace).
 */
public final class Validator {
    /** How errors refer to the bundle's configuration. */
    public static final String CONFIG_FILE = "config.json";

    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final long ID_SPACE = 1L << 32;
    /** The kernel accepts at most this many lines in uid_map / gid_map (since Linux 4.15). */
    public static final int MAX_ID_MAPPINGS = 340;

    private static final Set<String> SECCOMP_ACTIONS = Set.of(
            "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
            "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");
    private static final Set<String> SECCOMP_OPERATORS = Set.of(
            "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
            "SCMP_CMP_MASKED_EQ");
    private static final Set<String> SECCOMP_ARCHITECTURES = Set.of(
            "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64",
            "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
            "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
            "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC",
            "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64");
    private static final Set<String> SECCOMP_FLAGS = Set.of(
            "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
            "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
    private static final Set<String> PROPAGATIONS = Set.of(
            "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable");
    private static final Set<String> SCHED_POLICIES = Set.of(
            "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE");
    private static final Set<String> SCHED_FLAGS = Set.of(
            "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM", "SCHED_FLAG_DL_OVERRUN", "SCHED_FLAG_KEEP_POLICY",
            "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN", "SCHED_FLAG_UTIL_CLAMP_MAX");
    private static final Set<String> IOPRIO_CLASSES = Set.of("IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE");
    private static final Set<String> MEMPOLICY_MODES = Set.of(
            "MPOL_DEFAULT", "MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE", "MPOL_PREFERRED",
            "MPOL_PREFERRED_MANY", "MPOL_LOCAL");
    private static final Set<String> MEMPOLICY_FLAGS = Set.of(
            "MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES");
    private static final Set<String> PERSONALITY_DOMAINS = Set.of("LINUX", "LINUX32");
    /** The largest CPU number + 1 and NUMA node + 1 jrunc-init's masks hold (ProcAttrPlanner). */
    static final int MAX_CPUS = 8192;
    static final int MAX_NODES = 1024;
    private static final Set<String> TIME_CLOCKS = Set.of("monotonic", "boottime");
    private static final Set<String> DEVICE_TYPES = Set.of("c", "b", "u", "p");
    /** sysctls namespaced by the ipc namespace, besides fs.mqueue.* (runc's list). */
    private static final Set<String> IPC_SYSCTLS = Set.of(
            "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
            "kernel.shmmni", "kernel.shm_rmid_forced");
    private static final String[] CAPABILITY_SETS = {"bounding", "effective", "inheritable", "permitted", "ambient"};
    private static final String[] HOOK_KINDS = {
            "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};

    private Validator() {
    }

    // ---- tables for the features command and the planner ----

    public static Set<String> knownCapabilities() {
        return Capabilities.names();
    }

    public static Set<String> knownRlimits() {
        return Rlimits.names();
    }

    public static Set<String> knownNamespaces() {
        return Namespaces.types();
    }

    public static Set<String> knownSeccompActions() {
        return SECCOMP_ACTIONS;
    }

    public static Set<String> knownSeccompOperators() {
        return SECCOMP_OPERATORS;
    }

    public static Set<String> knownSeccompArchitectures() {
        return SECCOMP_ARCHITECTURES;
    }

    public static Set<String> knownSeccompFlags() {
        return SECCOMP_FLAGS;
    }

    public static Set<String> knownRootfsPropagations() {
        return PROPAGATIONS;
    }

    public static Set<String> knownSchedulerPolicies() {
        return SCHED_POLICIES;
    }

    public static Set<String> knownIOPriorityClasses() {
        return IOPRIO_CLASSES;
    }

    public static Set<String> knownMemoryPolicyModes() {
        return MEMPOLICY_MODES;
    }

    // ---- entry points ----

    /** Validates a bundle's config.json for create/run, with cgroupfs-style linux.cgroupsPath. */
    public static void validate(Spec spec, Path bundle) throws ConfigException {
        validate(spec, bundle, false);
    }

    /**
     * Validates a bundle's config.json for create/run. {@code bundle} resolves a relative
     * root.path (null: the current directory); {@code systemdCgroup} asks for the
     * {@code slice:prefix:name} form of linux.cgroupsPath.
     */
    public static void validate(Spec spec, Path bundle, boolean systemdCgroup) throws ConfigException {
        if (spec == null) {
            throw new ConfigException(CONFIG_FILE, null, "empty document");
        }
        new Check(CONFIG_FILE).spec(spec, bundle, systemdCgroup);
    }

    /** Validates the process.json of {@code exec --process} (paths are relative to the document). */
    public static void validateProcess(Process process, String file) throws ConfigException {
        if (process == null) {
            throw new ConfigException(file, null, "empty document");
        }
        new Check(file).process("", process);
    }

    /**
     * Validates only the scheduler, ioPriority and execCPUAffinity of an exec's process.json
     * (paths relative to the document), as create checks them in config.json.
     */
    public static void validateProcessAttributes(Process process, String file) throws ConfigException {
        if (process == null) {
            throw new ConfigException(file, null, "empty document");
        }
        new Check(file).processAttributes("", process);
    }

    /** Validates a resources document as {@code update -r} reads it (paths relative to the document). */
    public static void validateResources(LinuxResources resources, String file) throws ConfigException {
        if (resources == null) {
            throw new ConfigException(file, null, "empty document");
        }
        new Check(file).resources("", resources);
    }

    // ---- the checks ----

    private static final class Check {
        private final String file;
        /** linux.namespaces by type (set once namespaces are validated). */
        private final Map<Namespaces.Type, Linux.Namespace> ns = new EnumMap<>(Namespaces.Type.class);

        Check(String file) {
            this.file = file;
        }

        private ConfigException fail(String path, String problem) {
            return new ConfigException(file, path, problem);
        }

        void spec(Spec s, Path bundle, boolean systemdCgroup) throws ConfigException {
            version(s.ociVersion());
            root(s, bundle);
            if (s.process() == null) {
                throw fail("process", "must be set");
            }
            process("process.", s.process());
            Linux linux = s.linux();
            if (linux != null) {
                namespaces(linux);
            }
            if (notEmpty(s.hostname()) && !ns.containsKey(Namespaces.Type.UTS)) {
                throw fail("hostname", q(s.hostname()) + " requires a new uts namespace");
            }
            if (notEmpty(s.domainname()) && !ns.containsKey(Namespaces.Type.UTS)) {
                throw fail("domainname", q(s.domainname()) + " requires a new uts namespace");
            }
            boolean userNsMappings = linux != null && notEmpty(linux.uidMappings()) && notEmpty(linux.gidMappings());
            mounts(s.mounts(), userNsMappings);
            hooks(s.hooks());
            if (linux != null) {
                linux(linux, systemdCgroup);
            }
        }

        // ---- ociVersion, root ----

        private void version(String v) throws ConfigException {
            if (v == null) {
                throw fail("ociVersion", "must be set");
            }
            if (!isVersion1(v)) {
                throw fail("ociVersion", q(v) + " is not a supported version (want 1.x)");
            }
        }

        private void root(Spec s, Path bundle) throws ConfigException {
            if (s.root() == null) {
                throw fail("root", "must be set");
            }
            String p = s.root().path();
            if (p == null || p.isEmpty()) {
                throw fail("root.path", "must be set");
            }
            Path dir = bundle == null ? Path.of(p) : bundle.resolve(p);
            if (!Files.isDirectory(dir)) {
                if (Files.exists(dir)) {
                    throw fail("root.path", q(p) + " is not a directory");
                }
                throw fail("root.path", q(p) + " does not exist");
            }
        }

        // ---- process ----

        void process(String at, Process p) throws ConfigException {
            List<String> args = p.args();
            if (args == null || args.isEmpty()) {
                throw fail(at + "args", "args must not be empty");
            }
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a == null) {
                    throw fail(at + "args[" + i + "]", "must not be null");
                }
                noNul(at + "args[" + i + "]", a);
            }
            if (args.get(0).isEmpty()) {
                throw fail(at + "args[0]", "\"\" is not an executable");
            }
            if (p.cwd() == null) {
                throw fail(at + "cwd", "must be set");
            }
            absolute(at + "cwd", p.cwd());
            env(at + "env", p.env());
            Process.User u = p.user();
            if (u != null) {
                uint32(at + "user.uid", u.uid());
                uint32(at + "user.gid", u.gid());
                if (u.umask() != null) {
                    uint32(at + "user.umask", u.umask());
                }
                List<Long> gids = u.additionalGids();
                if (gids != null) {
                    for (int i = 0; i < gids.size(); i++) {
                        Long g = gids.get(i);
                        if (g == null) {
                            throw fail(at + "user.additionalGids[" + i + "]", "must not be null");
                        }
                        uint32(at + "user.additionalGids[" + i + "]", g);
                    }
                }
            }
            // consoleSize without terminal is not an error: the spec says runtimes MUST ignore it.
            if (p.consoleSize() != null) {
                uint32(at + "consoleSize.height", p.consoleSize().height());
                uint32(at + "consoleSize.width", p.consoleSize().width());
            }
            capabilities(at + "capabilities", p.capabilities());
            rlimits(at + "rlimits", p.rlimits());
            Integer oom = p.oomScoreAdj();
            if (oom != null && (oom < -1000 || oom > 1000)) {
                throw fail(at + "oomScoreAdj", oom + " is out of range (-1000..1000)");
            }
            processAttributes(at, p);
        }

        /** scheduler, ioPriority, execCPUAffinity (also for exec's process.json). */
        void processAttributes(String at, Process p) throws ConfigException {
            scheduler(at + "scheduler", p.scheduler());
            Process.IOPriority io = p.ioPriority();
            if (io != null) {
                if (io.ioClass() == null) {
                    throw fail(at + "ioPriority.class", "must be set");
                }
                known(at + "ioPriority.class", io.ioClass(), IOPRIO_CLASSES, "a known I/O priority class");
                if (io.priority() != null) {
                    range(at + "ioPriority.priority", io.priority(), 0, 7);
                }
            }
            Process.CPUAffinity aff = p.execCPUAffinity();
            if (aff != null) {
                cpuList(at + "execCPUAffinity.initial", aff.initial());
                cpuList(at + "execCPUAffinity.final", aff.finalCpus());
                below(at + "execCPUAffinity.initial", aff.initial(), MAX_CPUS, "CPU");
                below(at + "execCPUAffinity.final", aff.finalCpus(), MAX_CPUS, "CPU");
            }
        }

        private void env(String at, List<String> env) throws ConfigException {
            if (env == null) {
                return;
            }
            for (int i = 0; i < env.size(); i++) {
                String e = env.get(i);
                String p = at + "[" + i + "]";
                if (e == null) {
                    throw fail(p, "must not be null");
                }
                if (e.indexOf('=') <= 0) {
                    throw fail(p, q(e) + " must be of the form KEY=value");
                }
                noNul(p, e);
            }
        }

        private void capabilities(String at, Process.LinuxCapabilities caps) throws ConfigException {
            if (caps == null) {
                return;
            }
            List<List<String>> sets = List.of(nn(caps.bounding()), nn(caps.effective()), nn(caps.inheritable()),
                    nn(caps.permitted()), nn(caps.ambient()));
            for (int s = 0; s < CAPABILITY_SETS.length; s++) {
                List<String> set = sets.get(s);
                for (int i = 0; i < set.size(); i++) {
                    String c = set.get(i);
                    if (!Capabilities.isKnown(c)) {
                        throw fail(at + "." + CAPABILITY_SETS[s] + "[" + i + "]", q(c) + " is not a known capability");
                    }
                }
            }
        }

        private void rlimits(String at, List<Process.POSIXRlimit> rlimits) throws ConfigException {
            if (rlimits == null) {
                return;
            }
            long seen = 0; // bit n = rlimit number n already given
            for (int i = 0; i < rlimits.size(); i++) {
                String p = at + "[" + i + "]";
                Process.POSIXRlimit r = element(p, rlimits.get(i));
                int n = Rlimits.number(r.type());
                if (n < 0) {
                    throw fail(p + ".type", r.type() == null ? "must be set" : q(r.type()) + " is not a known rlimit");
                }
                if ((seen & (1L << n)) != 0) {
                    throw fail(p, "duplicate rlimit " + q(r.type()));
                }
                seen |= 1L << n;
                if (Long.compareUnsigned(r.soft(), r.hard()) > 0) {
                    throw fail(p, "soft limit " + Long.toUnsignedString(r.soft()) + " exceeds hard limit "
                            + Long.toUnsignedString(r.hard()));
                }
            }
        }

        private void scheduler(String at, Process.Scheduler s) throws ConfigException {
            if (s == null) {
                return;
            }
            if (s.policy() == null || s.policy().isEmpty()) {
                throw fail(at + ".policy", "must be set");
            }
            known(at + ".policy", s.policy(), SCHED_POLICIES, "a known scheduler policy");
            if (s.nice() != null) {
                range(at + ".nice", s.nice(), -20, 19);
            }
            boolean realtime = s.policy().equals("SCHED_FIFO") || s.policy().equals("SCHED_RR");
            if (s.priority() != null && s.priority() != 0 && !realtime) {
                throw fail(at + ".priority", "only valid with SCHED_FIFO or SCHED_RR, not " + q(s.policy()));
            }
            if (!s.policy().equals("SCHED_DEADLINE")) {
                if (nonZero(s.runtime())) {
                    throw fail(at + ".runtime", "only valid with SCHED_DEADLINE, not " + q(s.policy()));
                }
                if (nonZero(s.deadline())) {
                    throw fail(at + ".deadline", "only valid with SCHED_DEADLINE, not " + q(s.policy()));
                }
                if (nonZero(s.period())) {
                    throw fail(at + ".period", "only valid with SCHED_DEADLINE, not " + q(s.policy()));
                }
            }
            strings(at + ".flags", s.flags(), SCHED_FLAGS, "a known scheduler flag");
            if (realtime && (s.priority() == null || s.priority() < 1 || s.priority() > 99)) {
                throw fail(at + ".priority", (s.priority() == null ? "must be set" : s.priority() + " is out of range")
                        + " (1..99 with " + s.policy() + ")");
            }
            if (s.policy().equals("SCHED_DEADLINE")) {
                deadline(at, s);
            }
        }

        /** The kernel's __checkparam_dl, so a bad triple is named here rather than as EINVAL. */
        private void deadline(String at, Process.Scheduler s) throws ConfigException {
            long runtime = s.runtime() == null ? 0 : s.runtime();
            long deadline = s.deadline() == null ? 0 : s.deadline();
            long period = s.period() == null ? 0 : s.period();
            if (deadline == 0) {
                throw fail(at + ".deadline", "must be set with SCHED_DEADLINE");
            }
            if (Long.compareUnsigned(runtime, 1024) < 0) {
                throw fail(at + ".runtime", Long.toUnsignedString(runtime)
                        + " is too small (at least 1024 ns with SCHED_DEADLINE)");
            }
            if (Long.compareUnsigned(runtime, deadline) > 0) {
                throw fail(at + ".runtime", Long.toUnsignedString(runtime) + " is larger than deadline "
                        + Long.toUnsignedString(deadline));
            }
            if (period != 0 && Long.compareUnsigned(deadline, period) > 0) {
                throw fail(at + ".deadline", Long.toUnsignedString(deadline) + " is larger than period "
                        + Long.toUnsignedString(period));
            }
        }

        // ---- namespaces and id mappings ----

        private void namespaces(Linux linux) throws ConfigException {
            List<Linux.Namespace> list = linux.namespaces();
            if (list != null) {
                for (int i = 0; i < list.size(); i++) {
                    String p = "linux.namespaces[" + i + "]";
                    Linux.Namespace n = element(p, list.get(i));
                    Namespaces.Type t = Namespaces.ofSpecName(n.type());
                    if (t == null) {
                        throw fail(p + ".type", n.type() == null ? "must be set" : q(n.type()) + " is not a namespace type");
                    }
                    if (ns.containsKey(t)) {
                        throw fail(p, "duplicate namespace " + q(n.type()));
                    }
                    if (n.path() != null && !n.path().isEmpty() && !n.path().startsWith("/")) {
                        throw fail(p + ".path", q(n.path()) + " must be an absolute path");
                    }
                    ns.put(t, n);
                }
            }
            boolean hasUid = notEmpty(linux.uidMappings());
            boolean hasGid = notEmpty(linux.gidMappings());
            Linux.Namespace user = ns.get(Namespaces.Type.USER);
            if (user == null) {
                if (linux.uidMappings() != null) {
                    throw fail("linux.uidMappings", "requires a user namespace");
                }
                if (linux.gidMappings() != null) {
                    throw fail("linux.gidMappings", "requires a user namespace");
                }
            } else if (!joined(user)) {
                if (!hasUid) {
                    throw fail("linux.uidMappings", "a new user namespace needs uid mappings");
                }
                if (!hasGid) {
                    throw fail("linux.gidMappings", "a new user namespace needs gid mappings");
                }
            }
            mappings("linux.uidMappings", linux.uidMappings());
            mappings("linux.gidMappings", linux.gidMappings());
            Map<String, Linux.TimeOffset> offsets = linux.timeOffsets();
            if (offsets != null && !offsets.isEmpty()) {
                Linux.Namespace time = ns.get(Namespaces.Type.TIME);
                if (time == null || joined(time)) {
                    throw fail("linux.timeOffsets", "requires a new time namespace");
                }
                for (Map.Entry<String, Linux.TimeOffset> e : offsets.entrySet()) {
                    String p = "linux.timeOffsets." + e.getKey();
                    if (!TIME_CLOCKS.contains(e.getKey())) {
                        throw fail("linux.timeOffsets", q(e.getKey()) + " is not a clock with an offset (want monotonic or boottime)");
                    }
                    Linux.TimeOffset o = element(p, e.getValue());
                    range(p + ".nanosecs", o.nanosecs(), 0, 999_999_999);
                }
            }
        }

        private void mappings(String at, List<LinuxIDMapping> list) throws ConfigException {
            if (list == null) {
                return;
            }
            if (list.size() > MAX_ID_MAPPINGS) {
                throw fail(at, list.size() + " entries exceed the kernel limit of " + MAX_ID_MAPPINGS);
            }
            for (int i = 0; i < list.size(); i++) {
                String p = at + "[" + i + "]";
                LinuxIDMapping m = element(p, list.get(i));
                uint32(p + ".containerID", m.containerID());
                uint32(p + ".hostID", m.hostID());
                uint32(p + ".size", m.size());
                if (m.size() == 0) {
                    throw fail(p + ".size", "0 must be greater than 0");
                }
                if (m.containerID() + m.size() > ID_SPACE) {
                    throw fail(p, "containerID " + m.containerID() + " + size " + m.size() + " overflows the 32-bit id range");
                }
                if (m.hostID() + m.size() > ID_SPACE) {
                    throw fail(p, "hostID " + m.hostID() + " + size " + m.size() + " overflows the 32-bit id range");
                }
                for (int j = 0; j < i; j++) {
                    LinuxIDMapping o = list.get(j);
                    if (overlap(m.containerID(), m.size(), o.containerID(), o.size())) {
                        throw fail(p, "container ids " + span(m.containerID(), m.size()) + " overlap those of "
                                + at + "[" + j + "]");
                    }
                    if (overlap(m.hostID(), m.size(), o.hostID(), o.size())) {
                        throw fail(p, "host ids " + span(m.hostID(), m.size()) + " overlap those of "
                                + at + "[" + j + "]");
                    }
                }
            }
        }

        // ---- mounts and hooks ----

        private void mounts(List<Mount> mounts, boolean userNsMappings) throws ConfigException {
            if (mounts == null) {
                return;
            }
            for (int i = 0; i < mounts.size(); i++) {
                String p = "mounts[" + i + "]";
                Mount m = element(p, mounts.get(i));
                if (m.destination() == null || m.destination().isEmpty()) {
                    throw fail(p + ".destination", "must be set");
                }
                absolute(p + ".destination", m.destination());
                String idmapOption = null;
                boolean bind = "bind".equals(m.type());
                List<String> options = m.options();
                if (options != null) {
                    for (int j = 0; j < options.size(); j++) {
                        String o = options.get(j);
                        if (o == null) {
                            throw fail(p + ".options[" + j + "]", "must not be null");
                        }
                        switch (o) {
                            case "bind", "rbind" -> bind = true;
                            case "idmap", "ridmap" -> idmapOption = o;
                            default -> {
                                // Unknown options are filesystem data (mount(2)'s last argument): not ours to judge.
                            }
                        }
                    }
                }
                boolean hasUid = notEmpty(m.uidMappings());
                boolean hasGid = notEmpty(m.gidMappings());
                if (hasUid != hasGid) {
                    throw fail(p, "uidMappings and gidMappings must be given together");
                }
                if (hasUid) {
                    mappings(p + ".uidMappings", m.uidMappings());
                    mappings(p + ".gidMappings", m.gidMappings());
                }
                if ((hasUid || idmapOption != null) && !bind) {
                    throw fail(p, "an id-mapped mount must be a bind mount");
                }
                if (idmapOption != null && !hasUid && !userNsMappings) {
                    throw fail(p + ".options", q(idmapOption)
                            + " needs uidMappings and gidMappings on the mount or for the user namespace");
                }
            }
        }

        private void hooks(Hooks h) throws ConfigException {
            if (h == null) {
                return;
            }
            List<List<Hooks.Hook>> kinds = List.of(nn(h.prestart()), nn(h.createRuntime()), nn(h.createContainer()),
                    nn(h.startContainer()), nn(h.poststart()), nn(h.poststop()));
            for (int k = 0; k < HOOK_KINDS.length; k++) {
                List<Hooks.Hook> list = kinds.get(k);
                for (int i = 0; i < list.size(); i++) {
                    String p = "hooks." + HOOK_KINDS[k] + "[" + i + "]";
                    Hooks.Hook hook = element(p, list.get(i));
                    if (hook.path() == null || hook.path().isEmpty()) {
                        throw fail(p + ".path", "must be set");
                    }
                    absolute(p + ".path", hook.path());
                    env(p + ".env", hook.env());
                    if (hook.timeout() != null && hook.timeout() <= 0) {
                        throw fail(p + ".timeout", hook.timeout() + " must be greater than 0");
                    }
                }
            }
        }

        // ---- linux ----

        private void linux(Linux l, boolean systemdCgroup) throws ConfigException {
            devices(l.devices());
            sysctl(l.sysctl());
            paths("linux.maskedPaths", l.maskedPaths());
            paths("linux.readonlyPaths", l.readonlyPaths());
            if ((notEmpty(l.maskedPaths()) || notEmpty(l.readonlyPaths())) && !ns.containsKey(Namespaces.Type.MOUNT)) {
                throw fail(notEmpty(l.maskedPaths()) ? "linux.maskedPaths" : "linux.readonlyPaths",
                        "requires a new mount namespace");
            }
            if (notEmpty(l.rootfsPropagation()) && !PROPAGATIONS.contains(l.rootfsPropagation())) {
                throw fail("linux.rootfsPropagation", q(l.rootfsPropagation())
                        + " is not a propagation mode (want shared, slave, private, unbindable, rshared, rslave,"
                        + " rprivate or runbindable)");
            }
            cgroupsPath(l.cgroupsPath(), systemdCgroup);
            if (l.resources() != null) {
                resources("linux.resources.", l.resources());
            }
            seccomp(l.seccomp());
            netDevices(l.netDevices());
            Linux.IntelRdt rdt = l.intelRdt();
            if (rdt != null && rdt.closID() != null) {
                String c = rdt.closID();
                if (c.equals(".") || c.equals("..") || c.indexOf('/') >= 0) {
                    throw fail("linux.intelRdt.closID", q(c) + " is not a valid CLOS name");
                }
            }
            Linux.Personality pers = l.personality();
            if (pers != null) {
                if (pers.domain() == null) {
                    throw fail("linux.personality.domain", "must be set");
                }
                if (!PERSONALITY_DOMAINS.contains(pers.domain())) {
                    throw fail("linux.personality.domain", q(pers.domain())
                            + " is not a personality domain (want LINUX or LINUX32)");
                }
            }
            Linux.MemoryPolicy mp = l.memoryPolicy();
            if (mp != null) {
                if (mp.mode() == null) {
                    throw fail("linux.memoryPolicy.mode", "must be set");
                }
                known("linux.memoryPolicy.mode", mp.mode(), MEMPOLICY_MODES, "a known memory policy mode");
                strings("linux.memoryPolicy.flags", mp.flags(), MEMPOLICY_FLAGS, "a known memory policy flag");
                memoryPolicyNodes(mp);
            }
        }

        private void devices(List<Linux.Device> devices) throws ConfigException {
            if (devices == null) {
                return;
            }
            for (int i = 0; i < devices.size(); i++) {
                String p = "linux.devices[" + i + "]";
                Linux.Device d = element(p, devices.get(i));
                if (d.type() == null) {
                    throw fail(p + ".type", "must be set");
                }
                if (!DEVICE_TYPES.contains(d.type())) {
                    throw fail(p + ".type", q(d.type()) + " is not a device type (want c, b, u or p)");
                }
                if (d.path() == null || d.path().isEmpty()) {
                    throw fail(p + ".path", "must be set");
                }
                absolute(p + ".path", d.path());
                if (!isUnderDev(d.path())) {
                    throw fail(p + ".path", q(d.path()) + " must be under /dev");
                }
                if (d.type().equals("p")) {
                    if (d.major() != 0 || d.minor() != 0) {
                        throw fail(p, "a fifo (type p) must have major and minor 0, not " + d.major() + ":" + d.minor());
                    }
                } else {
                    range(p + ".major", d.major(), 0, UINT32_MAX);
                    range(p + ".minor", d.minor(), 0, UINT32_MAX);
                }
                if (d.fileMode() != null) {
                    range(p + ".fileMode", d.fileMode(), 0, 07777);
                }
                if (d.uid() != null) {
                    uint32(p + ".uid", d.uid());
                }
                if (d.gid() != null) {
                    uint32(p + ".gid", d.gid());
                }
            }
        }

        private void sysctl(Map<String, String> sysctl) throws ConfigException {
            if (sysctl == null) {
                return;
            }
            for (String key : sysctl.keySet()) {
                String s = dotted(key);
                if (IPC_SYSCTLS.contains(s) || s.startsWith("fs.mqueue.")) {
                    if (!ns.containsKey(Namespaces.Type.IPC)) {
                        throw fail("linux.sysctl", q(key) + " requires a new ipc namespace");
                    }
                    continue;
                }
                if (s.startsWith("net.")) {
                    Linux.Namespace net = ns.get(Namespaces.Type.NETWORK);
                    if (net == null) {
                        throw fail("linux.sysctl", q(key) + " requires a new network namespace");
                    }
                    if (joined(net) && isHostNetns(net.path())) {
                        throw fail("linux.sysctl", q(key) + " is not allowed in the host's network namespace");
                    }
                    continue;
                }
                if (ns.containsKey(Namespaces.Type.UTS)) {
                    if (s.equals("kernel.domainname")) {
                        continue;
                    }
                    if (s.equals("kernel.hostname")) {
                        throw fail("linux.sysctl", q(key) + " is not allowed: it conflicts with the \"hostname\" field");
                    }
                } else if (s.equals("kernel.domainname") || s.equals("kernel.hostname")) {
                    throw fail("linux.sysctl", q(key) + " requires a new uts namespace");
                }
                throw fail("linux.sysctl", q(key) + " is not in a separate kernel namespace");
            }
        }

        private void paths(String at, List<String> paths) throws ConfigException {
            if (paths == null) {
                return;
            }
            for (int i = 0; i < paths.size(); i++) {
                String p = paths.get(i);
                if (p == null) {
                    throw fail(at + "[" + i + "]", "must not be null");
                }
                absolute(at + "[" + i + "]", p);
            }
        }

        private void cgroupsPath(String path, boolean systemd) throws ConfigException {
            if (path == null || path.isEmpty()) {
                return;
            }
            if (!systemd) {
                if (hasDotDot(path)) {
                    throw fail("linux.cgroupsPath", q(path) + " must not contain \"..\"");
                }
                return;
            }
            int c1 = path.indexOf(':');
            int c2 = c1 < 0 ? -1 : path.indexOf(':', c1 + 1);
            if (c1 < 0 || c2 < 0 || path.indexOf(':', c2 + 1) >= 0) {
                throw fail("linux.cgroupsPath", q(path) + " is not of the form slice:prefix:name (systemd cgroup driver)");
            }
            String slice = path.substring(0, c1);
            String prefix = path.substring(c1 + 1, c2);
            String name = path.substring(c2 + 1);
            if (!slice.isEmpty() && (!slice.endsWith(".slice") || slice.indexOf('/') >= 0 || slice.equals(".slice"))) {
                throw fail("linux.cgroupsPath", q(path) + ": " + q(slice) + " is not a systemd slice name");
            }
            if (prefix.indexOf('/') >= 0) {
                throw fail("linux.cgroupsPath", q(path) + ": prefix " + q(prefix) + " must not contain \"/\"");
            }
            if (name.isEmpty() || name.indexOf('/') >= 0) {
                throw fail("linux.cgroupsPath", q(path) + ": " + q(name) + " is not a unit name");
            }
        }

        private void seccomp(LinuxSeccomp sc) throws ConfigException {
            if (sc == null) {
                return;
            }
            String at = "linux.seccomp";
            if (sc.defaultAction() == null || sc.defaultAction().isEmpty()) {
                throw fail(at + ".defaultAction", "must be set");
            }
            known(at + ".defaultAction", sc.defaultAction(), SECCOMP_ACTIONS, "a seccomp action");
            if (sc.defaultAction().equals("SCMP_ACT_NOTIFY")) {
                throw fail(at + ".defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
            }
            if (sc.defaultErrnoRet() != null) {
                errnoRet(at + ".defaultErrnoRet", sc.defaultErrnoRet(), sc.defaultAction());
            }
            strings(at + ".architectures", sc.architectures(), SECCOMP_ARCHITECTURES, "a seccomp architecture");
            strings(at + ".flags", sc.flags(), SECCOMP_FLAGS, "a seccomp filter flag");
            String notifyAt = null;
            List<LinuxSeccomp.Syscall> calls = nn(sc.syscalls());
            for (int i = 0; i < calls.size(); i++) {
                String p = at + ".syscalls[" + i + "]";
                LinuxSeccomp.Syscall call = element(p, calls.get(i));
                if (call.names() == null || call.names().isEmpty()) {
                    throw fail(p + ".names", "must not be empty");
                }
                for (int j = 0; j < call.names().size(); j++) {
                    String n = call.names().get(j);
                    if (n == null || n.isEmpty()) {
                        throw fail(p + ".names[" + j + "]", "must be a syscall name");
                    }
                }
                if (call.action() == null || call.action().isEmpty()) {
                    throw fail(p + ".action", "must be set");
                }
                known(p + ".action", call.action(), SECCOMP_ACTIONS, "a seccomp action");
                if (call.action().equals("SCMP_ACT_NOTIFY") && notifyAt == null) {
                    notifyAt = p + ".action";
                }
                if (call.errnoRet() != null) {
                    errnoRet(p + ".errnoRet", call.errnoRet(), call.action());
                }
                List<LinuxSeccomp.Arg> args = nn(call.args());
                for (int j = 0; j < args.size(); j++) {
                    String ap = p + ".args[" + j + "]";
                    LinuxSeccomp.Arg a = element(ap, args.get(j));
                    range(ap + ".index", a.index(), 0, 5);
                    if (a.op() == null || a.op().isEmpty()) {
                        throw fail(ap + ".op", "must be set");
                    }
                    known(ap + ".op", a.op(), SECCOMP_OPERATORS, "a seccomp operator");
                }
            }
            boolean listener = notEmpty(sc.listenerPath());
            if (listener && notifyAt == null) {
                throw fail(at + ".listenerPath", q(sc.listenerPath()) + " is given but no syscall uses SCMP_ACT_NOTIFY");
            }
            if (!listener && notifyAt != null) {
                throw fail(notifyAt, "SCMP_ACT_NOTIFY requires linux.seccomp.listenerPath");
            }
        }

        private void errnoRet(String at, long errno, String action) throws ConfigException {
            if (!action.equals("SCMP_ACT_ERRNO") && !action.equals("SCMP_ACT_TRACE")) {
                throw fail(at, "only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not " + q(action));
            }
            if (errno < 0 || errno > 0xFFFF) {
                throw fail(at, errno + " is out of range (0..65535: seccomp's return data is 16 bits)");
            }
        }

        private void netDevices(Map<String, Linux.NetDevice> devs) throws ConfigException {
            if (devs == null || devs.isEmpty()) {
                return;
            }
            if (!ns.containsKey(Namespaces.Type.NETWORK)) {
                throw fail("linux.netDevices", "requires a network namespace");
            }
            Map<String, String> inside = new java.util.HashMap<>(); // container name -> host name
            for (Map.Entry<String, Linux.NetDevice> e : new java.util.TreeMap<>(devs).entrySet()) {
                String p = "linux.netDevices." + e.getKey();
                if (!isInterfaceName(e.getKey())) {
                    throw fail("linux.netDevices", q(e.getKey()) + " is not a valid interface name");
                }
                Linux.NetDevice d = element(p, e.getValue());
                if (d.name() != null && !d.name().isEmpty() && !isInterfaceName(d.name())) {
                    throw fail(p + ".name", q(d.name()) + " is not a valid interface name");
                }
                String name = d.name() == null || d.name().isEmpty() ? e.getKey() : d.name();
                String other = inside.putIfAbsent(name, e.getKey());
                if (other != null) {
                    throw fail(p, "both " + q(other) + " and " + q(e.getKey()) + " would be named " + q(name)
                            + " in the container");
                }
            }
        }

        // ---- resources ----

        void resources(String at, LinuxResources r) throws ConfigException {
            List<LinuxResources.DeviceCgroup> devs = nn(r.devices());
            for (int i = 0; i < devs.size(); i++) {
                String p = at + "devices[" + i + "]";
                LinuxResources.DeviceCgroup d = element(p, devs.get(i));
                String t = d.type();
                if (t != null && !t.isEmpty() && !(t.equals("a") || t.equals("c") || t.equals("b"))) {
                    throw fail(p + ".type", q(t) + " is not a device rule type (want a, c or b)");
                }
                if (d.major() != null && d.major() < -1) {
                    throw fail(p + ".major", d.major() + " is out of range (-1 means any)");
                }
                if (d.minor() != null && d.minor() < -1) {
                    throw fail(p + ".minor", d.minor() + " is out of range (-1 means any)");
                }
                String acc = d.access();
                if (acc != null) {
                    for (int k = 0; k < acc.length(); k++) {
                        char c = acc.charAt(k);
                        if (c != 'r' && c != 'w' && c != 'm') {
                            throw fail(p + ".access", q(acc) + " is not a subset of rwm");
                        }
                    }
                }
            }
            LinuxResources.Memory m = r.memory();
            if (m != null) {
                String p = at + "memory.";
                atLeastMinusOne(p + "limit", m.limit());
                atLeastMinusOne(p + "reservation", m.reservation());
                atLeastMinusOne(p + "swap", m.swap());
                atLeastMinusOne(p + "kernel", m.kernel());
                atLeastMinusOne(p + "kernelTCP", m.kernelTCP());
                Long limit = m.limit();
                Long swap = m.swap();
                if (swap != null && swap > 0) {
                    if (limit == null || limit == 0 || limit == -1) {
                        throw fail(p + "swap", swap + " needs a memory limit (memory.limit)");
                    }
                    if (swap < limit) {
                        throw fail(p + "swap", swap + " is less than memory.limit " + limit
                                + " (swap is the memory+swap total)");
                    }
                }
                Long sw = m.swappiness();
                if (sw != null && sw != -1L && (sw < 0 || sw > 100)) {
                    throw fail(p + "swappiness", Long.toUnsignedString(sw) + " is out of range (0..100)");
                }
            }
            LinuxResources.Cpu cpu = r.cpu();
            if (cpu != null) {
                String p = at + "cpu.";
                // 0 means "not set" for shares and period, as in runc: CRI's update sends zeros.
                if (cpu.idle() != null) {
                    range(p + "idle", cpu.idle(), 0, 1);
                }
                cpuList(p + "cpus", cpu.cpus());
                cpuList(p + "mems", cpu.mems());
            }
            LinuxResources.BlockIO b = r.blockIO();
            if (b != null) {
                String p = at + "blockIO.";
                blkioWeight(p + "weight", b.weight());
                blkioWeight(p + "leafWeight", b.leafWeight());
                List<LinuxResources.WeightDevice> wds = nn(b.weightDevice());
                for (int i = 0; i < wds.size(); i++) {
                    String wp = p + "weightDevice[" + i + "]";
                    LinuxResources.WeightDevice wd = element(wp, wds.get(i));
                    blockDevice(wp, wd.major(), wd.minor());
                    blkioWeight(wp + ".weight", wd.weight());
                    blkioWeight(wp + ".leafWeight", wd.leafWeight());
                }
                throttle(p + "throttleReadBpsDevice", b.throttleReadBpsDevice());
                throttle(p + "throttleWriteBpsDevice", b.throttleWriteBpsDevice());
                throttle(p + "throttleReadIOPSDevice", b.throttleReadIOPSDevice());
                throttle(p + "throttleWriteIOPSDevice", b.throttleWriteIOPSDevice());
            }
            List<LinuxResources.HugepageLimit> hps = nn(r.hugepageLimits());
            for (int i = 0; i < hps.size(); i++) {
                String p = at + "hugepageLimits[" + i + "]";
                LinuxResources.HugepageLimit h = element(p, hps.get(i));
                if (!isPageSize(h.pageSize())) {
                    throw fail(p + ".pageSize", h.pageSize() == null ? "must be set"
                            : q(h.pageSize()) + " is not a page size like 2MB or 1GB");
                }
            }
            LinuxResources.Network net = r.network();
            if (net != null) {
                if (net.classID() != null) {
                    uint32(at + "network.classID", net.classID());
                }
                List<LinuxResources.InterfacePriority> prios = nn(net.priorities());
                for (int i = 0; i < prios.size(); i++) {
                    String p = at + "network.priorities[" + i + "]";
                    LinuxResources.InterfacePriority ip = element(p, prios.get(i));
                    if (ip.name() == null || ip.name().isEmpty()) {
                        throw fail(p + ".name", "must be set");
                    }
                    uint32(p + ".priority", ip.priority());
                }
            }
            if (r.rdma() != null) {
                for (Map.Entry<String, LinuxResources.Rdma> e : r.rdma().entrySet()) {
                    String p = at + "rdma." + e.getKey();
                    LinuxResources.Rdma rd = element(p, e.getValue());
                    if (rd.hcaHandles() != null) {
                        uint32(p + ".hcaHandles", rd.hcaHandles());
                    }
                    if (rd.hcaObjects() != null) {
                        uint32(p + ".hcaObjects", rd.hcaObjects());
                    }
                }
            }
            if (r.unified() != null) {
                for (String key : r.unified().keySet()) {
                    if (key.isEmpty() || key.indexOf('/') >= 0 || key.equals(".") || key.equals("..")) {
                        throw fail(at + "unified", q(key) + " is not a cgroup file name");
                    }
                }
            }
        }

        private void blkioWeight(String at, Integer w) throws ConfigException {
            if (w != null && w != 0) { // 0 = not set, as in runc
                range(at, w, 10, 1000);
            }
        }

        private void blockDevice(String at, long major, long minor) throws ConfigException {
            range(at + ".major", major, 0, UINT32_MAX);
            range(at + ".minor", minor, 0, UINT32_MAX);
        }

        private void throttle(String at, List<LinuxResources.ThrottleDevice> list) throws ConfigException {
            List<LinuxResources.ThrottleDevice> l = nn(list);
            for (int i = 0; i < l.size(); i++) {
                String p = at + "[" + i + "]";
                LinuxResources.ThrottleDevice t = element(p, l.get(i));
                blockDevice(p, t.major(), t.minor());
            }
        }

        // ---- small helpers that throw ----

        private <T> T element(String at, T value) throws ConfigException {
            if (value == null) {
                throw fail(at, "must not be null");
            }
            return value;
        }

        private void absolute(String at, String value) throws ConfigException {
            if (value == null || !value.startsWith("/")) {
                throw fail(at, q(value) + " must be an absolute path");
            }
        }

        private void noNul(String at, String value) throws ConfigException {
            if (value.indexOf('\0') >= 0) {
                throw fail(at, q(value) + " contains a NUL byte");
            }
        }

        private void uint32(String at, long v) throws ConfigException {
            if (v < 0 || v > UINT32_MAX) {
                throw fail(at, v + " is out of range (0..4294967295)");
            }
        }

        private void range(String at, long v, long lo, long hi) throws ConfigException {
            if (v < lo || v > hi) {
                throw fail(at, v + " is out of range (" + lo + ".." + hi + ")");
            }
        }

        private void atLeastMinusOne(String at, Long v) throws ConfigException {
            if (v != null && v < -1) {
                throw fail(at, v + " is out of range (-1 means unlimited)");
            }
        }

        private void known(String at, String value, Set<String> set, String what) throws ConfigException {
            if (!set.contains(value)) {
                throw fail(at, q(value) + " is not " + what);
            }
        }

        private void strings(String at, List<String> values, Set<String> set, String what) throws ConfigException {
            if (values == null) {
                return;
            }
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                if (v == null || !set.contains(v)) {
                    throw fail(at + "[" + i + "]", q(v) + " is not " + what);
                }
            }
        }

        /** runc's memoryPolicy rules: how many nodes each mode takes, and flags only with nodes. */
        private void memoryPolicyNodes(Linux.MemoryPolicy mp) throws ConfigException {
            String nodes = mp.nodes();
            boolean any = nodes != null && !nodes.isEmpty();
            if (any && !isCpuList(nodes)) {
                throw fail("linux.memoryPolicy.nodes", q(nodes) + " is not a node list like 0-1,3");
            }
            below("linux.memoryPolicy.nodes", nodes, MAX_NODES, "node");
            switch (mp.mode()) {
                case "MPOL_DEFAULT", "MPOL_LOCAL" -> {
                    if (any) {
                        throw fail("linux.memoryPolicy.nodes", q(nodes) + ": " + mp.mode() + " takes no nodes");
                    }
                    if (mp.flags() != null && !mp.flags().isEmpty()) {
                        throw fail("linux.memoryPolicy.flags", mp.mode() + " takes no flags");
                    }
                }
                case "MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE", "MPOL_PREFERRED_MANY" -> {
                    if (!any) {
                        throw fail("linux.memoryPolicy.nodes", "must name at least one node with " + mp.mode());
                    }
                }
                default -> {
                    // MPOL_PREFERRED: no node means local allocation
                }
            }
            List<String> flags = nn(mp.flags());
            if (flags.contains("MPOL_F_STATIC_NODES") && flags.contains("MPOL_F_RELATIVE_NODES")) {
                throw fail("linux.memoryPolicy.flags", "MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other");
            }
        }

        /** Every number of a validated list is below {@code max}. */
        private void below(String at, String list, int max, String what) throws ConfigException {
            if (list == null || list.isEmpty() || !isCpuList(list)) {
                return;
            }
            for (String part : list.split("[,-]")) {
                if (Long.parseLong(part) >= max) {
                    throw fail(at, what + " " + part + " is beyond the " + max + " jrunc supports");
                }
            }
        }

        private void cpuList(String at, String list) throws ConfigException {
            if (list != null && !list.isEmpty() && !isCpuList(list)) {
                throw fail(at, q(list) + " is not a CPU list like 0-3,7");
            }
        }
    }

    // ---- pure helpers (package-private for tests) ----

    /** Go's %q for the strings we quote: "…" with \" \\ and control characters escaped; null prints as null. */
    static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** 1.MINOR.PATCH with an optional -pre-release and/or +build suffix (SemVer 2.0.0, major 1). */
    static boolean isVersion1(String v) {
        if (!v.startsWith("1.")) {
            return false;
        }
        int i = 2;
        int start = i;
        while (i < v.length() && isDigit(v.charAt(i))) {
            i++;
        }
        if (i == start || i >= v.length() || v.charAt(i) != '.' || (i - start > 1 && v.charAt(start) == '0')) {
            return false;
        }
        start = ++i;
        while (i < v.length() && isDigit(v.charAt(i))) {
            i++;
        }
        if (i == start || (i - start > 1 && v.charAt(start) == '0')) {
            return false;
        }
        if (i == v.length()) {
            return true;
        }
        char c = v.charAt(i);
        return (c == '-' || c == '+') && i + 1 < v.length();
    }

    /** A cpuset list: comma-separated N or N-M (N ≤ M). */
    static boolean isCpuList(String s) {
        int i = 0;
        int n = s.length();
        while (true) {
            long a = 0;
            int start = i;
            while (i < n && isDigit(s.charAt(i)) && i - start < 9) {
                a = a * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) {
                return false;
            }
            if (i < n && s.charAt(i) == '-') {
                i++;
                long bnd = 0;
                start = i;
                while (i < n && isDigit(s.charAt(i)) && i - start < 9) {
                    bnd = bnd * 10 + (s.charAt(i++) - '0');
                }
                if (i == start || bnd < a) {
                    return false;
                }
            }
            if (i == n) {
                return true;
            }
            if (s.charAt(i) != ',') {
                return false;
            }
            i++;
        }
    }

    /** "64KB", "2MB", "1GB": a positive decimal without leading zero and a KB/MB/GB/TB/PB unit. */
    static boolean isPageSize(String s) {
        if (s == null || s.length() < 3) {
            return false;
        }
        int n = s.length();
        if (s.charAt(n - 1) != 'B') {
            return false;
        }
        char unit = s.charAt(n - 2);
        if (unit != 'K' && unit != 'M' && unit != 'G' && unit != 'T' && unit != 'P') {
            return false;
        }
        if (s.charAt(0) == '0' || n - 2 > 10) {
            return false;
        }
        for (int i = 0; i < n - 2; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A kernel network interface name: 1..15 bytes, not . or .., no '/', ':' or whitespace. */
    static boolean isInterfaceName(String s) {
        if (s == null || s.isEmpty() || s.length() > 15 || s.equals(".") || s.equals("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** The device path (already known absolute) names something below /dev once "." and ".." are resolved. */
    static boolean isUnderDev(String path) {
        Path p = Path.of(path).normalize();
        return p.getNameCount() >= 2 && p.startsWith("/dev");
    }

    /** sysctl(8) allows '/' as the separator: "net/ipv4/conf/eno2.100/rp_filter" is net.ipv4.conf.eno2/100.rp_filter. */
    static String dotted(String key) {
        int first = -1;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '/') {
                first = i;
                break;
            }
        }
        if (first < 0 || key.charAt(first) == '.') {
            return key;
        }
        char[] cs = key.toCharArray();
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] == '.') {
                cs[i] = '/';
            } else if (cs[i] == '/') {
                cs[i] = '.';
            }
        }
        return new String(cs);
    }

    private static boolean hasDotDot(String path) {
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end - start == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Whether a joined namespace path is our own (the host's, as seen by this process) network namespace. */
    private static boolean isHostNetns(String path) {
        try {
            return Files.isSameFile(Path.of("/proc/self/ns/net"), Path.of(path));
        } catch (IOException | SecurityException e) {
            return false; // cannot tell: joining fails later with the real error
        }
    }

    private static boolean joined(Linux.Namespace n) {
        return n.path() != null && !n.path().isEmpty();
    }

    private static boolean overlap(long a, long asize, long b, long bsize) {
        return a < b + bsize && b < a + asize;
    }

    private static String span(long start, long size) {
        return start + "-" + (start + size - 1);
    }

    private static boolean nonZero(Long v) {
        return v != null && v != 0;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static boolean notEmpty(List<?> l) {
        return l != null && !l.isEmpty();
    }

    private static <T> List<T> nn(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
