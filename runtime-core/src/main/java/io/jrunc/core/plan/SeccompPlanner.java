package io.jrunc.core.plan;

import io.jrunc.spec.LinuxSeccomp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * linux.seccomp as one SECCOMP op (docs/plan-format.md): the default action, the
 * architectures as libseccomp names, the kernel filter-flag bits, whether a listener is
 * handed to jrunc, then one rule string per syscall name. jrunc-init compiles it with
 * libseccomp; a name this libseccomp does not know is skipped there, as runc does.
 */
final class SeccompPlanner {
    /** SECCOMP_FILTER_FLAG_* bits (linux/seccomp.h). TSYNC is a no-op: jrunc-init is single-threaded. */
    static final Map<String, Long> FLAGS = Map.of(
            "SECCOMP_FILTER_FLAG_TSYNC", 0L,
            "SECCOMP_FILTER_FLAG_LOG", 2L,
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", 4L,
            "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 32L);

    private static final long WAIT_KILLABLE_RECV = 32;
    /** runc's errno for SCMP_ACT_ERRNO/TRACE without errnoRet. */
    private static final long EPERM = 1;
    private static final Pattern SYSCALL_NAME = Pattern.compile("[A-Za-z0-9_]+");

    private SeccompPlanner() {
    }

    static void plan(PlanBuilder plan, LinuxSeccomp sc) {
        List<Object> args = new ArrayList<>();
        args.add(action(sc.defaultAction(), sc.defaultErrnoRet()));
        args.add(String.join(",", nn(sc.architectures()).stream().map(SeccompPlanner::arch).toList()));
        boolean listener = sc.listenerPath() != null && !sc.listenerPath().isEmpty();
        long flags = 0;
        for (String f : nn(sc.flags())) {
            flags |= FLAGS.get(f);
        }
        if (!listener) {
            flags &= ~WAIT_KILLABLE_RECV; // only means something for a listener; the kernel refuses it alone
        }
        args.add(Long.toUnsignedString(flags));
        args.add(listener ? 1 : 0);
        args.addAll(rules(sc));
        String what = listener ? "load the seccomp filter and hand its listener to " + sc.listenerPath()
                : "load the seccomp filter";
        plan.add(Opcode.SECCOMP, what, "linux.seccomp", args.toArray());
    }

    /** "SCMP_ACT_ERRNO" + 38 → "errno:38"; the other actions lowercased without the prefix. */
    static String action(String name, Long errnoRet) {
        String a = name.substring("SCMP_ACT_".length()).toLowerCase(Locale.ROOT);
        if (a.equals("errno") || a.equals("trace")) {
            return a + ":" + (errnoRet == null ? EPERM : errnoRet);
        }
        return a;
    }

    /** "SCMP_ARCH_X86_64" → "x86_64", the name libseccomp resolves. */
    static String arch(String name) {
        return name.substring("SCMP_ARCH_".length()).toLowerCase(Locale.ROOT);
    }

    /**
     * "ACTION NAME [INDEX:OP:VALUE[:VALUETWO] …]". Conditions on one argument index cannot
     * share a libseccomp rule: then each condition gets a rule of its own, as runc does.
     */
    static List<String> rules(LinuxSeccomp sc) {
        List<String> out = new ArrayList<>();
        for (LinuxSeccomp.Syscall call : nn(sc.syscalls())) {
            String act = action(call.action(), call.errnoRet());
            List<String> conds = nn(call.args()).stream().map(SeccompPlanner::condition).toList();
            Set<Long> seen = new HashSet<>();
            boolean repeated = nn(call.args()).stream().anyMatch(a -> !seen.add(a.index()));
            for (String name : call.names()) {
                if (!SYSCALL_NAME.matcher(name).matches()) {
                    continue; // cannot be a syscall: skipped like any unknown name
                }
                if (repeated) {
                    conds.forEach(c -> out.add(act + " " + name + " " + c));
                } else {
                    out.add(conds.isEmpty() ? act + " " + name : act + " " + name + " " + String.join(" ", conds));
                }
            }
        }
        return out;
    }

    private static String condition(LinuxSeccomp.Arg a) {
        String op = a.op().substring("SCMP_CMP_".length()).toLowerCase(Locale.ROOT);
        String c = a.index() + ":" + op + ":" + Long.toUnsignedString(a.value());
        return a.valueTwo() == 0 ? c : c + ":" + Long.toUnsignedString(a.valueTwo());
    }

    private static <T> List<T> nn(List<T> l) {
        return l == null ? List.of() : l;
    }
}
