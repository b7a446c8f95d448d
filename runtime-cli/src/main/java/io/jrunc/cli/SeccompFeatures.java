package io.jrunc.cli;

import io.jrunc.spec.validate.Validator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * features.linux.seccomp: what jrunc-init's seccomp op does. Actions and operators are all
 * of the spec's (kernels jrunc runs on, ≥ 5.12 for mount_setattr, have every action);
 * architectures are those libseccomp 2.5 resolves (jrunc-init links the system's
 * libseccomp, ≥ 2.5; LoongArch needs 2.6); supportedFlags are the flags this kernel
 * knows, since jrunc-init passes them to seccomp(2) itself.
 */
final class SeccompFeatures {
    /** The SCMP_ARCH_ names libseccomp 2.5 cannot resolve. */
    private static final List<String> NOT_IN_LIBSECCOMP_2_5 = List.of("SCMP_ARCH_LOONGARCH64");

    /** SECCOMP_FILTER_FLAG_* and the kernel (major, minor) that added each. */
    private static final Map<String, int[]> FLAG_KERNELS = Map.of(
            "SECCOMP_FILTER_FLAG_TSYNC", new int[] {3, 17},
            "SECCOMP_FILTER_FLAG_LOG", new int[] {4, 14},
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", new int[] {4, 17},
            "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", new int[] {5, 19});

    private SeccompFeatures() {
    }

    static Map<String, Object> document(String kernelRelease) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", true);
        m.put("actions", sorted(Validator.knownSeccompActions()));
        m.put("operators", sorted(Validator.knownSeccompOperators()));
        List<String> archs = sorted(Validator.knownSeccompArchitectures());
        archs.removeAll(NOT_IN_LIBSECCOMP_2_5);
        m.put("archs", archs);
        m.put("knownFlags", sorted(Validator.knownSeccompFlags()));
        m.put("supportedFlags", supportedFlags(kernelRelease));
        return m;
    }

    static List<String> supportedFlags(String kernelRelease) {
        Matcher v = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(kernelRelease);
        int major = v.find() ? Integer.parseInt(v.group(1)) : 0;
        int minor = major > 0 ? Integer.parseInt(v.group(2)) : 0;
        List<String> out = new ArrayList<>();
        for (String f : sorted(FLAG_KERNELS.keySet())) {
            int[] k = FLAG_KERNELS.get(f);
            if (major > k[0] || (major == k[0] && minor >= k[1])) {
                out.add(f);
            }
        }
        return out;
    }

    private static List<String> sorted(java.util.Collection<String> c) {
        return new ArrayList<>(new TreeSet<>(c));
    }
}
