package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;

/** {@code kill}: signal the container's init (runc's wording for a stopped one: "container not running"). */
public final class Killer {
    private static final int ESRCH = 3;

    private final RuntimeContext rt;

    public Killer(RuntimeContext rt) {
        this.rt = rt;
    }

    public void kill(String id, int signal, boolean all) throws JruncException {
        ContainerDir dir = rt.store().load(id);
        ContainerRecord record = Containers.record(dir);
        Status status = Containers.status(dir, record);
        if (status == Status.STOPPED || status == Status.CREATING) {
            if (all) {
                return; // --all only silences "not running" now (runc #3825)
            }
            throw new JruncException("container not running");
        }
        ContainerCgroup cgroup = all ? ContainerCgroup.of(record, rt.kernel().get()) : null;
        if (cgroup != null) {
            signalAll(cgroup, signal);
            return;
        }
        if (all && record.cgroupPaths().isEmpty()) {
            // rootless without a cgroup: the init's pid namespace (or process tree) instead
            for (int pid : io.jrunc.core.rootless.ContainerProcesses.of(record.pid())) {
                rt.kernel().get().kill(pid, signal);
            }
            return;
        }
        int rc = rt.kernel().get().kill(record.pid(), signal);
        if (rc == ESRCH) {
            throw new JruncException("container not running");
        } else if (rc != 0) {
            throw new JruncException("kill " + record.pid() + ": " + rt.kernel().get().strerror(rc).toLowerCase());
        }
        if (signal == 9 && status == Status.PAUSED) {
            Containers.thaw(record); // v1: a frozen task only dies once thawed (runc does the same)
        }
    }

    /** --all: every process in the container's cgroup (SIGKILL through cgroup.kill where there is one). */
    private void signalAll(ContainerCgroup cgroup, int signal) throws JruncException {
        if (signal == 9) {
            cgroup.manager().killAll(rt.kernel().get()::kill);
            return;
        }
        for (int pid : cgroup.manager().pids()) {
            rt.kernel().get().kill(pid, signal);
        }
    }
}
