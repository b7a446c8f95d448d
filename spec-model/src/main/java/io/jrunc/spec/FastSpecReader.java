package io.jrunc.spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a well-formed config.json into the {@link Spec} records with a small strict token
 * reader ({@link JsonLexer}), without databind or jackson-core. Binding with databind builds a deserializer for each of the ~35
 * record types by reflection on every run (annotation proxies, accessor classes): 300–500 ms
 * of a {@code create}, even with the AOT cache (docs/performance.md). This reader takes the
 * same shapes in a few milliseconds.
 *
 * <p>It is strict in the same way as the CLI's FastParser: whatever is not exactly the plain
 * case — a value of another JSON type than the field's (Jackson would coerce or fail), a
 * missing or null required number, a duplicate key, a number out of range, trailing content,
 * malformed JSON — makes it decline ({@code null}), and {@link SpecIO} binds the document with
 * databind as before, so every coercion and every error message stays databind's. Where it
 * accepts, the result equals databind's (SpecIOTest compares both on every test document).
 * Unknown keys are skipped, as {@code @JsonIgnoreProperties(ignoreUnknown = true)} does.
 */
final class FastSpecReader {
    /** 2^64 - 1 as text: numbers above 2^63-1 are compared as digit strings (no BigInteger). */
    private static final String U64_MAX = "18446744073709551615";

    /** Thrown to give up on the fast path; carries no stack trace. */
    private static final class Decline extends Exception {
        Decline() {
            super(null, null, false, false);
        }
    }

    private static final Decline DECLINE = new Decline();

    private FastSpecReader() {
    }

    /** The config, or null: the caller binds it with databind (and reports any error from there). */
    static Spec read(byte[] json) {
        try {
            JsonLexer p = new JsonLexer(json);
            if (p.nextToken() != JsonLexer.Token.START_OBJECT) {
                return null;
            }
            Spec s = spec(p);
            return p.nextToken() == null ? s : null;
        } catch (Decline | IOException | RuntimeException e) {
            return null;
        }
    }

    @FunctionalInterface
    private interface Elem<T> {
        T read(JsonLexer p) throws IOException, Decline;
    }

    // ---- the records: each is called with the parser on START_OBJECT ----

    private static Spec spec(JsonLexer p) throws IOException, Decline {
        String ociVersion = null, hostname = null, domainname = null;
        Process process = null;
        Root root = null;
        List<Mount> mounts = null;
        Hooks hooks = null;
        Map<String, String> annotations = null;
        Linux linux = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "ociVersion" -> ociVersion = str(p);
                case "process" -> process = obj(p, FastSpecReader::process);
                case "root" -> root = obj(p, FastSpecReader::root);
                case "hostname" -> hostname = str(p);
                case "domainname" -> domainname = str(p);
                case "mounts" -> mounts = list(p, q -> obj(q, FastSpecReader::mount));
                case "hooks" -> hooks = obj(p, FastSpecReader::hooks);
                case "annotations" -> annotations = strMap(p);
                case "linux" -> linux = obj(p, FastSpecReader::linux);
                default -> p.skipChildren();
            }
        }
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    private static Root root(JsonLexer p) throws IOException, Decline {
        String path = null;
        Boolean readonly = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "path" -> path = str(p);
                case "readonly" -> readonly = bool(p);
                default -> p.skipChildren();
            }
        }
        return new Root(path, readonly);
    }

    private static Mount mount(JsonLexer p) throws IOException, Decline {
        String destination = null, type = null, source = null;
        List<String> options = null;
        List<LinuxIDMapping> uidMappings = null, gidMappings = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "destination" -> destination = str(p);
                case "type" -> type = str(p);
                case "source" -> source = str(p);
                case "options" -> options = strings(p);
                case "uidMappings" -> uidMappings = list(p, q -> obj(q, FastSpecReader::idMapping));
                case "gidMappings" -> gidMappings = list(p, q -> obj(q, FastSpecReader::idMapping));
                default -> p.skipChildren();
            }
        }
        return new Mount(destination, type, source, options, uidMappings, gidMappings);
    }

    private static LinuxIDMapping idMapping(JsonLexer p) throws IOException, Decline {
        Long containerID = null, hostID = null, size = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "containerID" -> containerID = int64(p);
                case "hostID" -> hostID = int64(p);
                case "size" -> size = int64(p);
                default -> p.skipChildren();
            }
        }
        return new LinuxIDMapping(req(containerID), req(hostID), req(size));
    }

    private static Hooks hooks(JsonLexer p) throws IOException, Decline {
        List<Hooks.Hook> prestart = null, createRuntime = null, createContainer = null, startContainer = null,
                poststart = null, poststop = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "prestart" -> prestart = list(p, q -> obj(q, FastSpecReader::hook));
                case "createRuntime" -> createRuntime = list(p, q -> obj(q, FastSpecReader::hook));
                case "createContainer" -> createContainer = list(p, q -> obj(q, FastSpecReader::hook));
                case "startContainer" -> startContainer = list(p, q -> obj(q, FastSpecReader::hook));
                case "poststart" -> poststart = list(p, q -> obj(q, FastSpecReader::hook));
                case "poststop" -> poststop = list(p, q -> obj(q, FastSpecReader::hook));
                default -> p.skipChildren();
            }
        }
        return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop);
    }

    private static Hooks.Hook hook(JsonLexer p) throws IOException, Decline {
        String path = null;
        List<String> args = null, env = null;
        Integer timeout = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "path" -> path = str(p);
                case "args" -> args = strings(p);
                case "env" -> env = strings(p);
                case "timeout" -> timeout = int32(p);
                default -> p.skipChildren();
            }
        }
        return new Hooks.Hook(path, args, env, timeout);
    }

    private static Process process(JsonLexer p) throws IOException, Decline {
        Boolean terminal = null, noNewPrivileges = null;
        Process.Box consoleSize = null;
        Process.User user = null;
        List<String> args = null, env = null;
        String commandLine = null, cwd = null, apparmorProfile = null, selinuxLabel = null;
        Process.LinuxCapabilities capabilities = null;
        List<Process.POSIXRlimit> rlimits = null;
        Integer oomScoreAdj = null;
        Process.Scheduler scheduler = null;
        Process.IOPriority ioPriority = null;
        Process.CPUAffinity execCPUAffinity = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "terminal" -> terminal = bool(p);
                case "consoleSize" -> consoleSize = obj(p, FastSpecReader::box);
                case "user" -> user = obj(p, FastSpecReader::user);
                case "args" -> args = strings(p);
                case "commandLine" -> commandLine = str(p);
                case "env" -> env = strings(p);
                case "cwd" -> cwd = str(p);
                case "capabilities" -> capabilities = obj(p, FastSpecReader::capabilities);
                case "rlimits" -> rlimits = list(p, q -> obj(q, FastSpecReader::rlimit));
                case "noNewPrivileges" -> noNewPrivileges = bool(p);
                case "apparmorProfile" -> apparmorProfile = str(p);
                case "oomScoreAdj" -> oomScoreAdj = int32(p);
                case "scheduler" -> scheduler = obj(p, FastSpecReader::scheduler);
                case "selinuxLabel" -> selinuxLabel = str(p);
                case "ioPriority" -> ioPriority = obj(p, FastSpecReader::ioPriority);
                case "execCPUAffinity" -> execCPUAffinity = obj(p, FastSpecReader::cpuAffinity);
                default -> p.skipChildren();
            }
        }
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    private static Process.Box box(JsonLexer p) throws IOException, Decline {
        Long height = null, width = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "height" -> height = int64(p);
                case "width" -> width = int64(p);
                default -> p.skipChildren();
            }
        }
        return new Process.Box(req(height), req(width));
    }

    private static Process.User user(JsonLexer p) throws IOException, Decline {
        Long uid = null, gid = null, umask = null;
        List<Long> additionalGids = null;
        String username = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "uid" -> uid = int64(p);
                case "gid" -> gid = int64(p);
                case "umask" -> umask = int64(p);
                case "additionalGids" -> additionalGids = list(p, FastSpecReader::int64NonNull);
                case "username" -> username = str(p);
                default -> p.skipChildren();
            }
        }
        return new Process.User(req(uid), req(gid), umask, additionalGids, username);
    }

    private static Process.LinuxCapabilities capabilities(JsonLexer p) throws IOException, Decline {
        List<String> bounding = null, effective = null, inheritable = null, permitted = null, ambient = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "bounding" -> bounding = strings(p);
                case "effective" -> effective = strings(p);
                case "inheritable" -> inheritable = strings(p);
                case "permitted" -> permitted = strings(p);
                case "ambient" -> ambient = strings(p);
                default -> p.skipChildren();
            }
        }
        return new Process.LinuxCapabilities(bounding, effective, inheritable, permitted, ambient);
    }

    private static Process.POSIXRlimit rlimit(JsonLexer p) throws IOException, Decline {
        String type = null;
        Long hard = null, soft = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "type" -> type = str(p);
                case "hard" -> hard = u64(p);
                case "soft" -> soft = u64(p);
                default -> p.skipChildren();
            }
        }
        return new Process.POSIXRlimit(type, req(hard), req(soft));
    }

    private static Process.Scheduler scheduler(JsonLexer p) throws IOException, Decline {
        String policy = null;
        Integer nice = null, priority = null;
        List<String> flags = null;
        Long runtime = null, deadline = null, period = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "policy" -> policy = str(p);
                case "nice" -> nice = int32(p);
                case "priority" -> priority = int32(p);
                case "flags" -> flags = strings(p);
                case "runtime" -> runtime = int64(p);
                case "deadline" -> deadline = int64(p);
                case "period" -> period = int64(p);
                default -> p.skipChildren();
            }
        }
        return new Process.Scheduler(policy, nice, priority, flags, runtime, deadline, period);
    }

    private static Process.IOPriority ioPriority(JsonLexer p) throws IOException, Decline {
        String ioClass = null;
        Integer priority = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "class" -> ioClass = str(p);
                case "priority" -> priority = int32(p);
                default -> p.skipChildren();
            }
        }
        return new Process.IOPriority(ioClass, priority);
    }

    private static Process.CPUAffinity cpuAffinity(JsonLexer p) throws IOException, Decline {
        String initial = null, finalCpus = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "initial" -> initial = str(p);
                case "final" -> finalCpus = str(p);
                default -> p.skipChildren();
            }
        }
        return new Process.CPUAffinity(initial, finalCpus);
    }

    private static Linux linux(JsonLexer p) throws IOException, Decline {
        List<LinuxIDMapping> uidMappings = null, gidMappings = null;
        Map<String, String> sysctl = null;
        LinuxResources resources = null;
        String cgroupsPath = null, rootfsPropagation = null, mountLabel = null;
        List<Linux.Namespace> namespaces = null;
        List<Linux.Device> devices = null;
        Map<String, Linux.NetDevice> netDevices = null;
        LinuxSeccomp seccomp = null;
        List<String> maskedPaths = null, readonlyPaths = null;
        Linux.IntelRdt intelRdt = null;
        Linux.Personality personality = null;
        Map<String, Linux.TimeOffset> timeOffsets = null;
        Linux.MemoryPolicy memoryPolicy = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "uidMappings" -> uidMappings = list(p, q -> obj(q, FastSpecReader::idMapping));
                case "gidMappings" -> gidMappings = list(p, q -> obj(q, FastSpecReader::idMapping));
                case "sysctl" -> sysctl = strMap(p);
                case "resources" -> resources = obj(p, FastSpecReader::resources);
                case "cgroupsPath" -> cgroupsPath = str(p);
                case "namespaces" -> namespaces = list(p, q -> obj(q, FastSpecReader::namespace));
                case "devices" -> devices = list(p, q -> obj(q, FastSpecReader::device));
                case "netDevices" -> netDevices = map(p, q -> obj(q, FastSpecReader::netDevice));
                case "seccomp" -> seccomp = obj(p, FastSpecReader::seccomp);
                case "rootfsPropagation" -> rootfsPropagation = str(p);
                case "maskedPaths" -> maskedPaths = strings(p);
                case "readonlyPaths" -> readonlyPaths = strings(p);
                case "mountLabel" -> mountLabel = str(p);
                case "intelRdt" -> intelRdt = obj(p, FastSpecReader::intelRdt);
                case "personality" -> personality = obj(p, FastSpecReader::personality);
                case "timeOffsets" -> timeOffsets = map(p, q -> obj(q, FastSpecReader::timeOffset));
                case "memoryPolicy" -> memoryPolicy = obj(p, FastSpecReader::memoryPolicy);
                default -> p.skipChildren();
            }
        }
        return new Linux(uidMappings, gidMappings, sysctl, resources, cgroupsPath, namespaces, devices, netDevices,
                seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt, personality,
                timeOffsets, memoryPolicy);
    }

    private static Linux.Namespace namespace(JsonLexer p) throws IOException, Decline {
        String type = null, path = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "type" -> type = str(p);
                case "path" -> path = str(p);
                default -> p.skipChildren();
            }
        }
        return new Linux.Namespace(type, path);
    }

    private static Linux.Device device(JsonLexer p) throws IOException, Decline {
        String path = null, type = null;
        Long major = null, minor = null, fileMode = null, uid = null, gid = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "path" -> path = str(p);
                case "type" -> type = str(p);
                case "major" -> major = int64(p);
                case "minor" -> minor = int64(p);
                case "fileMode" -> fileMode = int64(p);
                case "uid" -> uid = int64(p);
                case "gid" -> gid = int64(p);
                default -> p.skipChildren();
            }
        }
        // @JsonSetter(nulls = AS_EMPTY): absent or null major/minor are 0
        return new Linux.Device(path, type, zero(major), zero(minor), fileMode, uid, gid);
    }

    private static Linux.NetDevice netDevice(JsonLexer p) throws IOException, Decline {
        String name = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            if (k.equals("name")) {
                name = str(p);
            } else {
                p.skipChildren();
            }
        }
        return new Linux.NetDevice(name);
    }

    private static Linux.IntelRdt intelRdt(JsonLexer p) throws IOException, Decline {
        String closID = null, l3CacheSchema = null, memBwSchema = null;
        List<String> schemata = null;
        Boolean enableMonitoring = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "closID" -> closID = str(p);
                case "l3CacheSchema" -> l3CacheSchema = str(p);
                case "memBwSchema" -> memBwSchema = str(p);
                case "schemata" -> schemata = strings(p);
                case "enableMonitoring" -> enableMonitoring = bool(p);
                default -> p.skipChildren();
            }
        }
        return new Linux.IntelRdt(closID, l3CacheSchema, memBwSchema, schemata, enableMonitoring);
    }

    private static Linux.Personality personality(JsonLexer p) throws IOException, Decline {
        String domain = null;
        List<String> flags = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "domain" -> domain = str(p);
                case "flags" -> flags = strings(p);
                default -> p.skipChildren();
            }
        }
        return new Linux.Personality(domain, flags);
    }

    private static Linux.TimeOffset timeOffset(JsonLexer p) throws IOException, Decline {
        Long secs = null, nanosecs = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "secs" -> secs = int64(p);
                case "nanosecs" -> nanosecs = int64(p);
                default -> p.skipChildren();
            }
        }
        return new Linux.TimeOffset(zero(secs), zero(nanosecs));
    }

    private static Linux.MemoryPolicy memoryPolicy(JsonLexer p) throws IOException, Decline {
        String mode = null, nodes = null;
        List<String> flags = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "mode" -> mode = str(p);
                case "nodes" -> nodes = str(p);
                case "flags" -> flags = strings(p);
                default -> p.skipChildren();
            }
        }
        return new Linux.MemoryPolicy(mode, nodes, flags);
    }

    private static LinuxSeccomp seccomp(JsonLexer p) throws IOException, Decline {
        String defaultAction = null, listenerPath = null, listenerMetadata = null;
        Long defaultErrnoRet = null;
        List<String> architectures = null, flags = null;
        List<LinuxSeccomp.Syscall> syscalls = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "defaultAction" -> defaultAction = str(p);
                case "defaultErrnoRet" -> defaultErrnoRet = int64(p);
                case "architectures" -> architectures = strings(p);
                case "flags" -> flags = strings(p);
                case "listenerPath" -> listenerPath = str(p);
                case "listenerMetadata" -> listenerMetadata = str(p);
                case "syscalls" -> syscalls = list(p, q -> obj(q, FastSpecReader::syscall));
                default -> p.skipChildren();
            }
        }
        return new LinuxSeccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata,
                syscalls);
    }

    private static LinuxSeccomp.Syscall syscall(JsonLexer p) throws IOException, Decline {
        List<String> names = null;
        String action = null;
        Long errnoRet = null;
        List<LinuxSeccomp.Arg> args = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "names" -> names = strings(p);
                case "action" -> action = str(p);
                case "errnoRet" -> errnoRet = int64(p);
                case "args" -> args = list(p, q -> obj(q, FastSpecReader::arg));
                default -> p.skipChildren();
            }
        }
        return new LinuxSeccomp.Syscall(names, action, errnoRet, args);
    }

    private static LinuxSeccomp.Arg arg(JsonLexer p) throws IOException, Decline {
        Long index = null, value = null, valueTwo = null;
        String op = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "index" -> index = int64(p);
                case "value" -> value = u64(p);
                case "valueTwo" -> valueTwo = u64(p);
                case "op" -> op = str(p);
                default -> p.skipChildren();
            }
        }
        return new LinuxSeccomp.Arg(req(index), req(value), zero(valueTwo), op);
    }

    private static LinuxResources resources(JsonLexer p) throws IOException, Decline {
        List<LinuxResources.DeviceCgroup> devices = null;
        LinuxResources.Memory memory = null;
        LinuxResources.Cpu cpu = null;
        LinuxResources.Pids pids = null;
        LinuxResources.BlockIO blockIO = null;
        List<LinuxResources.HugepageLimit> hugepageLimits = null;
        LinuxResources.Network network = null;
        Map<String, LinuxResources.Rdma> rdma = null;
        Map<String, String> unified = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "devices" -> devices = list(p, q -> obj(q, FastSpecReader::deviceCgroup));
                case "memory" -> memory = obj(p, FastSpecReader::memory);
                case "cpu" -> cpu = obj(p, FastSpecReader::cpu);
                case "pids" -> pids = obj(p, FastSpecReader::pids);
                case "blockIO" -> blockIO = obj(p, FastSpecReader::blockIO);
                case "hugepageLimits" -> hugepageLimits = list(p, q -> obj(q, FastSpecReader::hugepageLimit));
                case "network" -> network = obj(p, FastSpecReader::network);
                case "rdma" -> rdma = map(p, q -> obj(q, FastSpecReader::rdma));
                case "unified" -> unified = strMap(p);
                default -> p.skipChildren();
            }
        }
        return new LinuxResources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified);
    }

    private static LinuxResources.DeviceCgroup deviceCgroup(JsonLexer p) throws IOException, Decline {
        Boolean allow = null;
        String type = null, access = null;
        Long major = null, minor = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "allow" -> allow = bool(p);
                case "type" -> type = str(p);
                case "major" -> major = int64(p);
                case "minor" -> minor = int64(p);
                case "access" -> access = str(p);
                default -> p.skipChildren();
            }
        }
        if (allow == null) {
            throw DECLINE; // a required primitive: databind reports it
        }
        return new LinuxResources.DeviceCgroup(allow, type, major, minor, access);
    }

    private static LinuxResources.Memory memory(JsonLexer p) throws IOException, Decline {
        Long limit = null, reservation = null, swap = null, kernel = null, kernelTCP = null, swappiness = null;
        Boolean disableOOMKiller = null, useHierarchy = null, checkBeforeUpdate = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "limit" -> limit = int64(p);
                case "reservation" -> reservation = int64(p);
                case "swap" -> swap = int64(p);
                case "kernel" -> kernel = int64(p);
                case "kernelTCP" -> kernelTCP = int64(p);
                case "swappiness" -> swappiness = u64(p);
                case "disableOOMKiller" -> disableOOMKiller = bool(p);
                case "useHierarchy" -> useHierarchy = bool(p);
                case "checkBeforeUpdate" -> checkBeforeUpdate = bool(p);
                default -> p.skipChildren();
            }
        }
        return new LinuxResources.Memory(limit, reservation, swap, kernel, kernelTCP, swappiness, disableOOMKiller,
                useHierarchy, checkBeforeUpdate);
    }

    private static LinuxResources.Cpu cpu(JsonLexer p) throws IOException, Decline {
        Long shares = null, quota = null, burst = null, period = null, realtimeRuntime = null, realtimePeriod = null,
                idle = null;
        String cpus = null, mems = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "shares" -> shares = u64(p);
                case "quota" -> quota = int64(p);
                case "burst" -> burst = u64(p);
                case "period" -> period = u64(p);
                case "realtimeRuntime" -> realtimeRuntime = int64(p);
                case "realtimePeriod" -> realtimePeriod = u64(p);
                case "cpus" -> cpus = str(p);
                case "mems" -> mems = str(p);
                case "idle" -> idle = int64(p);
                default -> p.skipChildren();
            }
        }
        return new LinuxResources.Cpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle);
    }

    private static LinuxResources.Pids pids(JsonLexer p) throws IOException, Decline {
        Long limit = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            if (k.equals("limit")) {
                limit = int64(p);
            } else {
                p.skipChildren();
            }
        }
        return new LinuxResources.Pids(limit);
    }

    private static LinuxResources.BlockIO blockIO(JsonLexer p) throws IOException, Decline {
        Integer weight = null, leafWeight = null;
        List<LinuxResources.WeightDevice> weightDevice = null;
        List<LinuxResources.ThrottleDevice> readBps = null, writeBps = null, readIops = null, writeIops = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "weight" -> weight = int32(p);
                case "leafWeight" -> leafWeight = int32(p);
                case "weightDevice" -> weightDevice = list(p, q -> obj(q, FastSpecReader::weightDevice));
                case "throttleReadBpsDevice" -> readBps = list(p, q -> obj(q, FastSpecReader::throttleDevice));
                case "throttleWriteBpsDevice" -> writeBps = list(p, q -> obj(q, FastSpecReader::throttleDevice));
                case "throttleReadIOPSDevice" -> readIops = list(p, q -> obj(q, FastSpecReader::throttleDevice));
                case "throttleWriteIOPSDevice" -> writeIops = list(p, q -> obj(q, FastSpecReader::throttleDevice));
                default -> p.skipChildren();
            }
        }
        return new LinuxResources.BlockIO(weight, leafWeight, weightDevice, readBps, writeBps, readIops, writeIops);
    }

    private static LinuxResources.WeightDevice weightDevice(JsonLexer p) throws IOException, Decline {
        Long major = null, minor = null;
        Integer weight = null, leafWeight = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "major" -> major = int64(p);
                case "minor" -> minor = int64(p);
                case "weight" -> weight = int32(p);
                case "leafWeight" -> leafWeight = int32(p);
                default -> p.skipChildren();
            }
        }
        return new LinuxResources.WeightDevice(req(major), req(minor), weight, leafWeight);
    }

    private static LinuxResources.ThrottleDevice throttleDevice(JsonLexer p) throws IOException, Decline {
        Long major = null, minor = null, rate = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "major" -> major = int64(p);
                case "minor" -> minor = int64(p);
                case "rate" -> rate = u64(p);
                default -> p.skipChildren();
            }
        }
        return new LinuxResources.ThrottleDevice(req(major), req(minor), req(rate));
    }

    private static LinuxResources.HugepageLimit hugepageLimit(JsonLexer p) throws IOException, Decline {
        String pageSize = null;
        Long limit = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "pageSize" -> pageSize = str(p);
                case "limit" -> limit = u64(p);
                default -> p.skipChildren();
            }
        }
        return new LinuxResources.HugepageLimit(pageSize, req(limit));
    }

    private static LinuxResources.Network network(JsonLexer p) throws IOException, Decline {
        Long classID = null;
        List<LinuxResources.InterfacePriority> priorities = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "classID" -> classID = int64(p);
                case "priorities" -> priorities = list(p, q -> obj(q, FastSpecReader::interfacePriority));
                default -> p.skipChildren();
            }
        }
        return new LinuxResources.Network(classID, priorities);
    }

    private static LinuxResources.InterfacePriority interfacePriority(JsonLexer p) throws IOException, Decline {
        String name = null;
        Long priority = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "name" -> name = str(p);
                case "priority" -> priority = int64(p);
                default -> p.skipChildren();
            }
        }
        return new LinuxResources.InterfacePriority(name, req(priority));
    }

    private static LinuxResources.Rdma rdma(JsonLexer p) throws IOException, Decline {
        Long hcaHandles = null, hcaObjects = null;
        Set<String> seen = new HashSet<>();
        for (String k; (k = field(p, seen)) != null; ) {
            switch (k) {
                case "hcaHandles" -> hcaHandles = int64(p);
                case "hcaObjects" -> hcaObjects = int64(p);
                default -> p.skipChildren();
            }
        }
        return new LinuxResources.Rdma(hcaHandles, hcaObjects);
    }

    // ---- values: each is called with the parser on the value's first token ----

    /** The next key of the current object (parser left on its value), null at the end; a repeated key declines. */
    private static String field(JsonLexer p, Set<String> seen) throws IOException, Decline {
        JsonLexer.Token t = p.nextToken();
        if (t == JsonLexer.Token.END_OBJECT) {
            return null;
        }
        if (t != JsonLexer.Token.FIELD_NAME) {
            throw DECLINE;
        }
        String k = p.currentName();
        if (!seen.add(k)) {
            throw DECLINE;
        }
        p.nextToken();
        return k;
    }

    private static <T> T obj(JsonLexer p, Elem<T> body) throws IOException, Decline {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case START_OBJECT -> body.read(p);
            default -> throw DECLINE;
        };
    }

    private static String str(JsonLexer p) throws IOException, Decline {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            default -> throw DECLINE;
        };
    }

    private static Boolean bool(JsonLexer p) throws Decline {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> throw DECLINE;
        };
    }

    /** A signed 64-bit number (Jackson's {@code long}/{@code Long}). */
    private static Long int64(JsonLexer p) throws IOException, Decline {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> {
                JsonLexer.NumberType nt = p.getNumberType();
                if (nt != JsonLexer.NumberType.INT && nt != JsonLexer.NumberType.LONG) {
                    throw DECLINE;
                }
                yield p.getLongValue();
            }
            default -> throw DECLINE;
        };
    }

    private static Long int64NonNull(JsonLexer p) throws IOException, Decline {
        return req0(int64(p));
    }

    private static Integer int32(JsonLexer p) throws IOException, Decline {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() != JsonLexer.NumberType.INT) {
                    throw DECLINE;
                }
                yield p.getIntValue();
            }
            default -> throw DECLINE;
        };
    }

    /** A uint64 held in a long, as {@link U64} reads it: up to 2^64-1, or a negative that fits (-1). */
    private static Long u64(JsonLexer p) throws IOException, Decline {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> {
                JsonLexer.NumberType nt = p.getNumberType();
                if (nt == JsonLexer.NumberType.INT || nt == JsonLexer.NumberType.LONG) {
                    yield p.getLongValue();
                }
                String t = p.getText(); // a non-negative integer above 2^63-1, or one below -2^63
                if (t.startsWith("-") || t.length() > U64_MAX.length()
                        || (t.length() == U64_MAX.length() && t.compareTo(U64_MAX) > 0)) {
                    throw DECLINE;
                }
                yield Long.parseUnsignedLong(t);
            }
            default -> throw DECLINE;
        };
    }

    private static List<String> strings(JsonLexer p) throws IOException, Decline {
        return list(p, q -> req0(str(q)));
    }

    private static <T> List<T> list(JsonLexer p, Elem<T> elem) throws IOException, Decline {
        switch (p.currentToken()) {
            case VALUE_NULL -> {
                return null;
            }
            case START_ARRAY -> {
                List<T> out = new ArrayList<>();
                while (p.nextToken() != JsonLexer.Token.END_ARRAY) {
                    out.add(req0(elem.read(p)));
                }
                return out;
            }
            default -> throw DECLINE;
        }
    }

    private static Map<String, String> strMap(JsonLexer p) throws IOException, Decline {
        return map(p, q -> req0(str(q)));
    }

    private static <T> Map<String, T> map(JsonLexer p, Elem<T> value) throws IOException, Decline {
        switch (p.currentToken()) {
            case VALUE_NULL -> {
                return null;
            }
            case START_OBJECT -> {
                Map<String, T> out = new LinkedHashMap<>();
                Set<String> seen = new HashSet<>();
                for (String k; (k = field(p, seen)) != null; ) {
                    out.put(k, req0(value.read(p)));
                }
                return out;
            }
            default -> throw DECLINE;
        }
    }

    /** A required primitive: absent or null is databind's error to report. */
    private static long req(Long v) throws Decline {
        if (v == null) {
            throw DECLINE;
        }
        return v;
    }

    /** Null list elements and map values: left to databind. */
    private static <T> T req0(T v) throws Decline {
        if (v == null) {
            throw DECLINE;
        }
        return v;
    }

    /** {@code @JsonSetter(nulls = Nulls.AS_EMPTY)} primitives: absent or null is 0. */
    private static long zero(Long v) {
        return v == null ? 0 : v;
    }
}
