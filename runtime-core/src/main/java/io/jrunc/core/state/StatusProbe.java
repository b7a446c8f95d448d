package io.jrunc.core.state;

import io.jrunc.core.JruncException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Derives a container's status live, the way runc does:
 * <ol>
 *   <li>no record yet: {@link Status#CREATING};</li>
 *   <li>the init pid is alive, not a zombie, and its start time (stat field 22) equals the
 *       recorded one: {@link Status#CREATED} while the exec fifo exists, else
 *       {@link Status#RUNNING}; either becomes {@link Status#PAUSED} when the
 *       {@link FreezerProbe} says the cgroup is frozen;</li>
 *   <li>otherwise (gone, or the pid was reused by another process): {@link Status#STOPPED}.</li>
 * </ol>
 */
public final class StatusProbe {
    private final Path procRoot;
    private final FreezerProbe freezer;

    /** Live status with the container's cgroup freezer deciding "paused". */
    public StatusProbe() {
        this(Path.of("/proc"), io.jrunc.core.cgroup.CgroupFreezerProbe.INSTANCE);
    }

    public StatusProbe(FreezerProbe freezer) {
        this(Path.of("/proc"), freezer);
    }

    /** @param procRoot normally /proc; tests may point it at a fake tree */
    public StatusProbe(Path procRoot, FreezerProbe freezer) {
        this.procRoot = procRoot;
        this.freezer = freezer;
    }

    public Status status(ContainerDir dir) throws JruncException {
        return status(dir, dir.read());
    }

    public Status status(ContainerDir dir, Optional<ContainerRecord> record) {
        if (record.isEmpty()) {
            return Status.CREATING;
        }
        ContainerRecord r = record.get();
        if (!isAlive(r.pid(), r.pidStartTime())) {
            return Status.STOPPED;
        }
        if (freezer.isFrozen(r)) {
            return Status.PAUSED;
        }
        return Files.exists(dir.execFifo(), LinkOption.NOFOLLOW_LINKS) ? Status.CREATED : Status.RUNNING;
    }

    /** True when {@code pid} exists, is not a zombie, and started at {@code startTime}. */
    public boolean isAlive(int pid, long startTime) {
        Optional<ProcStat> stat = ProcStat.read(procRoot, pid);
        return stat.isPresent() && !stat.get().isGone() && stat.get().startTime() == startTime;
    }

    /** The start time of a live process, for recording at create time; empty if it is gone. */
    public Optional<Long> startTimeOf(int pid) {
        return ProcStat.read(procRoot, pid).filter(s -> !s.isGone()).map(ProcStat::startTime);
    }
}
