package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.cgroup.CgroupManager;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code events}: runc's {@code types.Event} lines, {@code {"type":"stats","id":…,"data":{…}}}
 * and {@code {"type":"oom","id":…}}. The stream polls the OOM counter (runc waits on an eventfd
 * or inotify; for a counter polling is equivalent) and ends once the container has stopped.
 */
public final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    /** How often the OOM counter and the container's liveness are looked at. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final RuntimeContext rt;

    public EventStream(RuntimeContext rt) {
        this.rt = rt;
    }

    /** {@code events --stats}: one stats event. */
    public String statsOnce(String id) throws JruncException {
        CgroupManager m = liveCgroup(id);
        return stats(id, m);
    }

    /**
     * Stats every {@code interval} (the first after one interval, as Go's time.Tick) and an oom
     * event per OOM kill, each line handed to {@code sink}; returns when the container stopped.
     */
    public void stream(String id, Duration interval, Consumer<String> sink) throws JruncException {
        CgroupManager m = liveCgroup(id);
        ContainerDir dir = rt.store().load(id);
        long ooms = oomKills(m);
        boolean underOom = underOom(m);
        long nextStats = System.nanoTime() + interval.toNanos();
        while (true) {
            long kills = oomKills(m);
            boolean under = underOom(m);
            for (long i = ooms; i < kills; i++) {
                sink.accept(event("oom", id, null));
            }
            if (under && !underOom && kills == ooms) {
                sink.accept(event("oom", id, null)); // v1 with the OOM killer disabled: the cgroup is stuck
            }
            ooms = Math.max(ooms, kills);
            underOom = under;
            if (stopped(dir)) {
                return;
            }
            if (System.nanoTime() - nextStats >= 0) {
                try {
                    sink.accept(stats(id, m));
                } catch (JruncException e) {
                    LOG.error(e.getMessage()); // runc logs and keeps going
                }
                nextStats += interval.toNanos();
            }
            long sleep = Math.min(POLL.toNanos(), Math.max(1, nextStats - System.nanoTime()));
            try {
                Thread.sleep(Duration.ofNanos(sleep));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One event line as Go's json.Encoder writes a types.Event (data omitted when empty). */
    static String event(String type, String id, String dataJson) {
        return "{\"type\":\"" + type + "\",\"id\":\"" + id + "\"" + (dataJson == null ? "" : ",\"data\":" + dataJson)
                + "}";
    }

    private static String stats(String id, CgroupManager m) throws JruncException {
        return event("stats", id, m.stats().toJson());
    }

    private CgroupManager liveCgroup(String id) throws JruncException {
        ContainerDir dir = rt.store().load(id);
        ContainerRecord record = Containers.record(dir);
        if (Containers.status(dir, record) == Status.STOPPED) {
            throw new JruncException("container with id " + id + " is not running");
        }
        ContainerCgroup cg = ContainerCgroup.of(record, null);
        if (cg == null) {
            throw new JruncException("cgroup: container " + id + " has no cgroup");
        }
        return cg.manager();
    }

    private static boolean stopped(ContainerDir dir) {
        try {
            var record = dir.read();
            return record.isEmpty() || Containers.status(dir, record.get()) == Status.STOPPED;
        } catch (JruncException e) {
            return true; // deleted under us
        }
    }

    private static long oomKills(CgroupManager m) {
        try {
            return m.oomKillCount();
        } catch (JruncException e) {
            return 0;
        }
    }

    private static boolean underOom(CgroupManager m) {
        try {
            return m.underOom();
        } catch (JruncException e) {
            return false;
        }
    }
}
