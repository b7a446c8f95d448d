package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;
import io.jrunc.spec.Spec;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code delete}: a stopped container is removed; a created one is killed first; a running
 * one only with {@code --force}. poststop hooks run last and only warn on failure.
 */
public final class Deleter {
    /** Made when first needed (only to warn): the first logger initialises logback, ~50 ms of start-up. */
    private static Logger log() {
        return LoggerFactory.getLogger(Deleter.class);
    }

    private final RuntimeContext rt;

    public Deleter(RuntimeContext rt) {
        this.rt = rt;
    }

    public void delete(String id, boolean force) throws JruncException {
        io.jrunc.core.state.StateStore.validateId(id);
        Optional<ContainerDir> found = rt.store().find(id);
        if (found.isEmpty()) {
            if (force) {
                return;
            }
            throw new JruncException("container does not exist");
        }
        ContainerDir dir = found.get();
        try (ContainerDir.Lock lock = dir.lock()) {
            ContainerRecord record = dir.read().orElse(null);
            if (record == null) {
                // create holds the lock until it writes the record: this is an aborted create
                dir.destroy();
                if (force) {
                    return;
                }
                throw new JruncException("container does not exist");
            }
            Status status = Containers.status(dir, record);
            switch (status) {
                case STOPPED -> { }
                case CREATED -> Containers.killAndWait(rt, record);
                default -> {
                    if (!force) {
                        throw new JruncException("cannot delete container " + id + " that is not stopped: "
                                + status.name().toLowerCase());
                    }
                    Containers.killAndWait(rt, record);
                }
            }
            ContainerCgroup cgroup = ContainerCgroup.of(record, rt.kernel().get());
            if (cgroup != null) {
                cgroup.destroy(); // kills whatever is left, then removes it
            }
            runPoststop(dir, record);
            dir.destroy();
        } catch (JruncException e) {
            if (force && e.getMessage().equals("container does not exist")) {
                return; // removed by someone else while we waited for the lock
            }
            throw e;
        } catch (Exception e) {
            throw new JruncException("delete failed: " + e.getMessage(), e);
        }
    }

    private void runPoststop(ContainerDir dir, ContainerRecord record) {
        try {
            Spec spec = Containers.savedConfig(dir, record);
            if (spec != null && spec.hooks() != null) {
                HookRunner.run("poststop", spec.hooks().poststop(),
                        OciState.json(record.id(), "stopped", 0, Path.of(record.bundle()), record.annotations()));
            }
        } catch (JruncException e) {
            log().warn(e.getMessage());
        }
    }
}
