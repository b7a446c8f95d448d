package io.jrunc.core.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jrunc check}'s output: the host facts, and with a bundle its findings. Text for
 * people (aligned, one fact or finding a line), JSON (schema {@value #SCHEMA}, docs/dry-run.md)
 * for tools.
 *
 * @param bundle   the bundle checked, or null
 * @param findings its findings (empty without a bundle)
 */
public record CheckReport(HostReport host, String bundle, List<Finding> findings) {
    public static final String SCHEMA = "jrunc.check/v1";

    public CheckReport {
        findings = List.copyOf(findings);
    }

    /** The bundle can run here: no finding is an error. */
    public boolean runnable() {
        return findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
    }

    public String text() {
        HostReport h = host;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"kernel", h.kernelRelease() + " (" + h.kernel() + ")"});
        rows.add(new String[] {"cgroup mode", h.cgroupMode()});
        rows.add(new String[] {"cgroup v1 controllers", h.cgroupV1Controllers().isEmpty() ? "none"
                : String.join(" ", h.cgroupV1Controllers())});
        rows.add(new String[] {"cgroup v2 controllers", h.cgroupV2Mount().isEmpty() ? "no cgroup2 mount"
                : (h.cgroupV2Controllers().isEmpty() ? "none" : String.join(" ", h.cgroupV2Controllers()))
                + " (" + h.cgroupV2Mount() + ")"});
        rows.add(new String[] {"namespaces", String.join(" ", h.namespaces())});
        Long maxUser = h.namespaceLimits().get("max_user_namespaces");
        rows.add(new String[] {"user namespaces", (h.userNamespaces() ? "enabled" : "disabled")
                + (maxUser == null ? "" : " (max_user_namespaces " + maxUser + ")")});
        rows.add(new String[] {"seccomp", h.seccompActions().isEmpty() ? "no filter support"
                : "actions " + String.join(" ", h.seccompActions())});
        rows.add(new String[] {"libseccomp", h.libseccomp().isEmpty() ? "not installed" : h.libseccomp()});
        rows.add(new String[] {"AppArmor", h.apparmor()});
        rows.add(new String[] {"SELinux", h.selinux()});
        HostReport.StateRoot s = h.stateRoot();
        rows.add(new String[] {"state root", s.path() + (s.exists() ? "" : " (does not exist yet)") + " on "
                + s.fstype() + " (" + s.mountedOn() + ")" + (s.onTmpfs() ? "" : ": not tmpfs, state outlives a reboot")});
        StringBuilder b = new StringBuilder("Host\n");
        columns(b, rows);
        b.append("\nKernel features (from the kernel version)\n");
        List<String[]> feats = new ArrayList<>();
        for (HostReport.Feature f : h.features()) {
            feats.add(new String[] {f.name(), (f.available() ? "yes" : "no ") + "  " + f.since() + "+  " + f.usedFor()});
        }
        columns(b, feats);
        if (bundle != null) {
            b.append("\nBundle ").append(bundle).append('\n');
            List<String[]> lines = new ArrayList<>();
            for (Finding f : findings) {
                lines.add(new String[] {f.severity().name().toLowerCase(), f.field().isEmpty() ? "config.json" : f.field(),
                        f.message()});
            }
            int w = lines.stream().mapToInt(l -> l[1].length()).max().orElse(0);
            for (String[] l : lines) {
                b.append("  ").append(String.format("%-7s  ", l[0])).append(l[1]).append(" ".repeat(w - l[1].length() + 2))
                        .append(l[2]).append('\n');
            }
            long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
            b.append(runnable() ? "  ok: this bundle can run here" : "  not runnable here: " + errors
                    + (errors == 1 ? " error" : " errors")).append(findings.isEmpty() ? "\n"
                    : runnable() ? " (see the warnings)\n" : "\n");
        }
        return b.toString();
    }

    public String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        HostReport h = host;
        Map<String, Object> hm = new LinkedHashMap<>();
        hm.put("kernel", Map.of("release", h.kernelRelease(), "version", h.kernel().toString()));
        Map<String, Object> cg = new LinkedHashMap<>();
        cg.put("mode", h.cgroupMode());
        cg.put("v1Controllers", h.cgroupV1Controllers());
        cg.put("v2Mount", h.cgroupV2Mount());
        cg.put("v2Controllers", h.cgroupV2Controllers());
        hm.put("cgroup", cg);
        hm.put("namespaces", h.namespaces());
        hm.put("namespaceLimits", h.namespaceLimits());
        hm.put("userNamespaces", h.userNamespaces());
        hm.put("seccomp", Map.of("actions", h.seccompActions(), "libseccomp", h.libseccomp()));
        hm.put("apparmor", h.apparmor());
        hm.put("selinux", h.selinux());
        List<Object> feats = new ArrayList<>();
        for (HostReport.Feature f : h.features()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", f.name());
            fm.put("since", f.since());
            fm.put("available", f.available());
            fm.put("usedFor", f.usedFor());
            feats.add(fm);
        }
        hm.put("features", feats);
        Map<String, Object> sr = new LinkedHashMap<>();
        sr.put("path", h.stateRoot().path());
        sr.put("exists", h.stateRoot().exists());
        sr.put("mountedOn", h.stateRoot().mountedOn());
        sr.put("fstype", h.stateRoot().fstype());
        sr.put("tmpfs", h.stateRoot().onTmpfs());
        hm.put("stateRoot", sr);
        doc.put("host", hm);
        if (bundle != null) {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("path", bundle);
            bm.put("runnable", runnable());
            List<Object> fl = new ArrayList<>();
            for (Finding f : findings) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("severity", f.severity().name().toLowerCase());
                fm.put("field", f.field());
                fm.put("message", f.message());
                fl.add(fm);
            }
            bm.put("findings", fl);
            doc.put("bundle", bm);
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("check report is not serializable", e);
        }
    }

    private static void columns(StringBuilder b, List<String[]> rows) {
        int w = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : rows) {
            b.append("  ").append(r[0]).append(" ".repeat(w - r[0].length() + 2)).append(r[1]).append('\n');
        }
    }
}
