package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;
import io.jrunc.core.state.StatusProbe;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;

/** Small steps the lifecycle commands share. */
final class Containers {
    private Containers() {
    }

    static ContainerRecord record(ContainerDir dir) throws JruncException {
        return dir.read().orElseThrow(() -> new JruncException("container is still being created"));
    }

    static Status status(ContainerDir dir, ContainerRecord record) {
        return new StatusProbe().status(dir, java.util.Optional.of(record));
    }

    /** The config saved at create time (only when it has hooks), or null. */
    static Spec savedConfig(ContainerDir dir, ContainerRecord record) throws JruncException {
        String name = record.extra().get("config");
        if (name == null) {
            return null;
        }
        try {
            return SpecIO.readConfig(dir.path().resolve(name));
        } catch (ConfigException e) {
            throw new JruncException(e.getMessage());
        }
    }

    /** Thaws the container's cgroup if it is frozen; failures only warn (the caller is killing it). */
    static void thaw(ContainerRecord record) {
        try {
            ContainerCgroup cg = ContainerCgroup.of(record, null);
            if (cg != null && cg.manager().isFrozen()) {
                cg.manager().thaw();
            }
        } catch (JruncException e) {
            org.slf4j.LoggerFactory.getLogger(Containers.class).warn(e.getMessage());
        }
    }

    /** SIGKILL the init and wait until it is gone: 100 polls of 100 ms, as runc's delete --force. */
    static void killAndWait(RuntimeContext rt, ContainerRecord record) throws JruncException, InterruptedException {
        int pid = record.pid();
        StatusProbe probe = new StatusProbe();
        if (!probe.isAlive(pid, record.pidStartTime())) {
            return; // already gone, and the pid may belong to someone else now
        }
        rt.kernel().get().kill(pid, 9);
        thaw(record); // a paused container's init dies only once thawed
        for (int i = 0; i < 100; i++) {
            if (!probe.isAlive(pid, record.pidStartTime())) {
                return;
            }
            Thread.sleep(i < 10 ? 10 : 100);
        }
        throw new JruncException("container init " + pid + " did not die after SIGKILL");
    }
}
