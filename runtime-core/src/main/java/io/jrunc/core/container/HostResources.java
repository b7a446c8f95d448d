package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.net.NetDevices;
import io.jrunc.core.plan.LsmFacts;
import io.jrunc.core.plan.LsmPlanner;
import io.jrunc.core.rdt.Resctrl;
import io.jrunc.core.sys.Kernel;
import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * What create and delete do for the config's host-side extras outside jrunc-init: the checks
 * that security labels and Intel RDT can be honoured here (before anything is made), moving
 * linux.netDevices in and back out, and the resctrl group.
 */
final class HostResources {
    /** In the state directory: the resctrl group this container joined (Resctrl.Group.encode). */
    static final String RDT_FILE = "intelrdt";

    private HostResources() {
    }

    /** create: refuses labels or RDT this host cannot apply, before anything exists. */
    static void check(Spec spec) throws JruncException {
        check(spec, LsmFacts.host(), Resctrl.host());
    }

    static void check(Spec spec, LsmFacts lsm, Resctrl rdt) throws JruncException {
        Optional<String> p = LsmPlanner.unavailable(spec.process(), lsm, "process.apparmorProfile",
                "process.selinuxLabel");
        if (p.isEmpty() && spec.linux() != null) {
            p = rdt.unavailable(spec.linux().intelRdt());
        }
        if (p.isPresent()) {
            throw new JruncException("config.json: " + p.get());
        }
    }

    /** exec: the same for the exec'd process, naming the flag when one set the label. */
    static void checkExec(Process process, ExecRequest req) throws JruncException {
        Optional<String> p = LsmPlanner.unavailable(process, LsmFacts.host(),
                notEmpty(req.apparmor()) ? "exec --apparmor" : "process.apparmorProfile",
                notEmpty(req.processLabel()) ? "exec --process-label" : "process.selinuxLabel");
        if (p.isPresent()) {
            throw new JruncException(p.get());
        }
    }

    /** create, at the sync point: the container's network namespace exists (held by pid). */
    static List<NetDevices.Move> attachNetDevices(Kernel kernel, Spec spec, int pid) throws JruncException {
        List<NetDevices.Move> moves = NetDevices.moves(spec);
        if (moves.isEmpty()) {
            return List.of();
        }
        try {
            return NetDevices.attach(kernel, moves, pid);
        } catch (NetDevices.NetDeviceException e) {
            throw new JruncException(e.getMessage());
        }
    }

    /** delete (and a failed create): moves the devices back while pid still holds the namespace. */
    static void detachNetDevices(Kernel kernel, List<NetDevices.Move> moves, int pid) {
        for (String problem : NetDevices.detach(kernel, moves, pid)) {
            LoggerFactory.getLogger(HostResources.class).warn(problem);
        }
    }

    /** create, once the init's pid is known: joins the resctrl group and records it. */
    static void joinRdt(Spec spec, String id, int pid, Path stateDir) throws JruncException {
        if (spec.linux() == null || spec.linux().intelRdt() == null) {
            return;
        }
        try {
            Resctrl.Group g = Resctrl.host().join(id, spec.linux().intelRdt(), pid);
            Files.writeString(stateDir.resolve(RDT_FILE), g.encode(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JruncException(e.getMessage());
        }
    }

    /** delete (and a failed create): removes the resctrl group if this container made it. */
    static void removeRdt(Path stateDir) {
        try {
            Path f = stateDir.resolve(RDT_FILE);
            if (Files.exists(f)) {
                Resctrl.remove(Resctrl.Group.decode(Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
