package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;

/** {@code pause}/{@code resume}: freeze and thaw the container's cgroup, with runc's state rules. */
public final class Pauser {
    private final RuntimeContext rt;

    public Pauser(RuntimeContext rt) {
        this.rt = rt;
    }

    /** runc pauses created and running containers only. */
    public void pause(String id) throws JruncException {
        try (ContainerDir.Lock lock = rt.store().load(id).lock()) {
            ContainerCgroup cg = live(id, Status.CREATED, Status.RUNNING, "container not running");
            cg.manager().freeze();
        }
    }

    public void resume(String id) throws JruncException {
        try (ContainerDir.Lock lock = rt.store().load(id).lock()) {
            ContainerCgroup cg = live(id, Status.PAUSED, Status.PAUSED, "container not paused");
            cg.manager().thaw();
        }
    }

    private ContainerCgroup live(String id, Status a, Status b, String wrongStatus) throws JruncException {
        ContainerDir dir = rt.store().load(id);
        ContainerRecord record = Containers.record(dir);
        Status s = Containers.status(dir, record);
        if (s != a && s != b) {
            throw new JruncException(wrongStatus);
        }
        ContainerCgroup cg = ContainerCgroup.of(record, null);
        if (cg == null) {
            throw new JruncException("cgroup: cannot toggle freezer: cgroups not configured for container");
        }
        return cg;
    }
}
