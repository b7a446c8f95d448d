package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.LinuxResources;
import io.jrunc.spec.SpecIO;
import io.jrunc.spec.validate.Validator;
import java.io.InputStream;

/**
 * {@code update}: new limits on a live container's cgroup. Like runc, only the resources
 * {@code runc update} merges are taken (memory limit/reservation/swap/checkBeforeUpdate,
 * cpu, blockIO weight, pids, unified); zero means "leave as is"; devices are never touched.
 */
public final class Updater {
    private final RuntimeContext rt;

    public Updater(RuntimeContext rt) {
        this.rt = rt;
    }

    /** Reads and validates a LinuxResources document ({@code name}: how errors call it). */
    public static LinuxResources read(String name, InputStream in) throws JruncException {
        try {
            LinuxResources r = SpecIO.parse(name, in, LinuxResources.class);
            Validator.validateResources(r, name);
            return r;
        } catch (ConfigException e) {
            throw new JruncException(e.getMessage());
        }
    }

    public void update(String id, LinuxResources requested) throws JruncException {
        LinuxResources r = runcSubset(requested);
        ContainerDir dir = rt.store().load(id);
        try (ContainerDir.Lock lock = dir.lock()) {
            ContainerRecord record = Containers.record(dir);
            if (Containers.status(dir, record) == Status.STOPPED) {
                throw new JruncException("container not running");
            }
            ContainerCgroup cg = ContainerCgroup.of(record, null);
            if (cg == null) {
                throw new JruncException("cgroup: container " + id + " has no cgroup to update");
            }
            cg.manager().update(r);
        }
    }

    /** What runc's update merges into the container's resources, with its "unset" rules applied. */
    static LinuxResources runcSubset(LinuxResources r) {
        LinuxResources.Memory m = r.memory();
        LinuxResources.Memory mem = null;
        if (m != null) {
            Long swap = m.swap();
            if (m.limit() != null && m.limit() == -1 && swap == null) {
                swap = -1L; // runc: unlimited memory with swap unset means both unlimited
            }
            mem = new LinuxResources.Memory(m.limit(), m.reservation(), swap, null, null, null, null, null,
                    m.checkBeforeUpdate());
        }
        LinuxResources.BlockIO b = r.blockIO() == null || r.blockIO().weight() == null ? null
                : new LinuxResources.BlockIO(r.blockIO().weight(), null, null, null, null, null, null);
        // pids 0 is "unset" in update (at create it would mean 1)
        LinuxResources.Pids p = r.pids() == null || r.pids().limit() == null || r.pids().limit() == 0 ? null
                : r.pids();
        return new LinuxResources(null, mem, r.cpu(), p, b, null, null, null, r.unified());
    }
}
