package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;
import io.jrunc.core.state.StatusProbe;
import java.util.Optional;

/**
 * {@code jrunc delete [-f] <id>}. Today: removes a stopped container's state; a missing
 * container with --force is success (containerd's clean-up relies on it); a directory
 * without a record (an aborted create) is removed. Killing a live container (--force, or
 * a "created" one, as runc does) comes with the lifecycle work: until then it is refused.
 */
public final class DeleteCommand extends JruncCommand {
    public boolean force;

    @Override
    public String name() {
        return "delete";
    }

    @Override
    protected void define(Flags f) {
        f.usage("delete any resources held by the container often used with detached container")
                .exactArgs(1, """
                        <container-id>

                        Where "<container-id>" is the name for the instance of the container.

                        EXAMPLE:
                        For example, if the container id is "ubuntu01" and jrunc list currently shows the
                        status of "ubuntu01" as "stopped" the following will delete resources held for
                        "ubuntu01" removing "ubuntu01" from the jrunc list of containers:

                               # jrunc delete ubuntu01""");
        f.bool("force", "f", "Forcibly deletes the container if it is still running (uses SIGKILL)",
                v -> force = v);
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the body, never referenced
    public int call(Context ctx) throws JruncException {
        Optional<ContainerDir> found = ctx.store().find(id());
        if (found.isEmpty()) {
            if (force) {
                return 0;
            }
            throw new JruncException("container does not exist");
        }
        ContainerDir dir = found.get();
        try (ContainerDir.Lock lock = dir.lock()) {
            Optional<ContainerRecord> rec = dir.read();
            if (rec.isEmpty()) {
                // an aborted create left the directory without a record: clean it up, as runc does
                dir.destroy();
                if (force) {
                    return 0;
                }
                throw new JruncException("container does not exist");
            }
            Status s = new StatusProbe().status(dir, rec);
            if (s != Status.STOPPED) {
                if (force) {
                    throw new JruncException("delete --force of a " + s + " container: not implemented yet");
                }
                throw new JruncException("cannot delete container " + id() + " that is not stopped: " + s);
            }
            dir.destroy();
        } catch (JruncException e) {
            if (force && e.getMessage().equals("container does not exist")) {
                return 0; // destroyed by someone else while we waited for the lock
            }
            throw e;
        }
        return 0;
    }
}
