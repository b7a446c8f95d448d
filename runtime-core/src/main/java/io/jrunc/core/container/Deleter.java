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
            ContainerRecord record;
            try {
                record = dir.read().orElse(null);
            } catch (JruncException unreadable) {
                if (!force) {
                    throw unreadable;
                }
                log().warn("{}: removing it", unreadable.getMessage());
                record = null;
            }
            if (record == null) {
                // create holds the lock until it writes the record: this is an aborted create
                // (or a damaged record): kill what the create left and remove its cgroup
                cleanUpUnfinishedCreate(dir);
                dir.destroy();
                if (force) {
                    return;
                }
                throw new JruncException("container does not exist");
            }
            Status status = Containers.status(dir, record);
            if (status != Status.STOPPED) { // the init still holds the network namespace
                releaseNetDevices(dir, record);
            }
            if (status != Status.STOPPED && record.cgroupPaths().isEmpty() && (force || status == Status.CREATED)) {
                // rootless without a cgroup: nothing kills the rest with the cgroup, so signal
                // the container's processes while the init still names them
                for (int pid : io.jrunc.core.rootless.ContainerProcesses.of(record.pid())) {
                    if (pid != record.pid()) {
                        rt.kernel().get().kill(pid, 9);
                    }
                }
            }
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
            HostResources.removeRdt(dir.path());
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

    /**
     * A create killed before it wrote state.json may have left its container init waiting
     * (re-parented, blocked on exec.fifo) and its cgroup: the "creating" marker names both.
     */
    private void cleanUpUnfinishedCreate(ContainerDir dir) throws JruncException, InterruptedException {
        Optional<ContainerDir.Creating> c = dir.readCreating();
        if (c.isEmpty()) {
            return;
        }
        ContainerDir.Creating creating = c.get();
        if (creating.pid() > 0 && creating.pidStartTime() > 0) {
            Containers.killAndWait(rt, new ContainerRecord(dir.id(), creating.pid(), creating.pidStartTime(), "", "",
                    java.time.Instant.EPOCH, java.util.Map.of(), "", java.util.Map.of(), java.util.Map.of(),
                    java.util.Map.of()));
        }
        if (!creating.cgroupPaths().isEmpty()) {
            io.jrunc.core.cgroup.CgroupManagers.fromPaths(dir.id(), creating.cgroupPaths(),
                    io.jrunc.core.cgroup.CgroupIO.REAL).destroy(rt.kernel().get()::kill);
        }
    }

    /** linux.netDevices go back to the host under their own names before the namespace dies. */
    private void releaseNetDevices(ContainerDir dir, ContainerRecord record) throws JruncException {
        Spec spec = Containers.savedConfig(dir, record);
        if (spec != null) {
            var moves = io.jrunc.core.net.NetDevices.moves(spec);
            if (!moves.isEmpty()) {
                HostResources.detachNetDevices(rt.kernel().get(), moves, record.pid());
            }
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
