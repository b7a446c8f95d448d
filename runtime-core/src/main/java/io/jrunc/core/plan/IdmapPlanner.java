package io.jrunc.core.plan;

import static io.jrunc.core.plan.MountFlags.MS_REC;

import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Linux;
import io.jrunc.spec.LinuxIDMapping;
import io.jrunc.spec.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Id-mapped bind mounts (a mount's uidMappings/gidMappings, options idmap/ridmap): S0 makes
 * each one as a detached tree before the clone, while it can still id-map host filesystems;
 * MountPlanner attaches it in the container (ATTACH_TREE). Without mappings on the mount,
 * the container's user namespace mappings are used, as runc does. "ridmap" id-maps the
 * submounts of an rbind too; "idmap" only the top mount.
 */
final class IdmapPlanner {
    private IdmapPlanner() {
    }

    /** Plans the IDMAP_TREE ops; returns mount index → tree slot. */
    static Map<Integer, Integer> plan(PlanBuilder plan, List<Mount> mounts, Linux linux, Path bundle)
            throws ConfigException {
        Map<Integer, Integer> slots = new HashMap<>();
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            List<String> opts = m.options() == null ? List.of() : m.options();
            boolean mapped = m.uidMappings() != null && !m.uidMappings().isEmpty();
            if (!mapped && !opts.contains("idmap") && !opts.contains("ridmap")) {
                continue;
            }
            String at = "mounts[" + i + "]";
            Path source = bundle.resolve(m.source() == null ? "" : m.source());
            if (m.source() == null || !Files.exists(source)) {
                throw new ConfigException("config.json", at + ".source", "\"" + m.source() + "\" does not exist");
            }
            List<LinuxIDMapping> uid = mapped ? m.uidMappings() : linux.uidMappings();
            List<LinuxIDMapping> gid = mapped ? m.gidMappings() : linux.gidMappings();
            boolean rbind = (MountOptions.parse(m.options()).flags() & MS_REC) != 0;
            int slot = slots.size();
            plan.add(Opcode.IDMAP_TREE, "make an id-mapped copy of " + source, at, slot, source.toString(),
                    rbind ? 1 : 0, opts.contains("ridmap") ? 1 : 0,
                    NamespacePlanner.mapContent(uid), NamespacePlanner.mapContent(gid));
            slots.put(i, slot);
        }
        return slots;
    }
}
