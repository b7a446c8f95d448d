package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.state.ContainerDir;
import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code ps}: the pids in the container's cgroup, and runc's filtered table of the host's ps(1). */
public final class ProcessLister {
    private final RuntimeContext rt;

    public ProcessLister(RuntimeContext rt) {
        this.rt = rt;
    }

    /** Every pid in the container's cgroup (host pid namespace). */
    public List<Integer> pids(String id) throws JruncException {
        ContainerDir dir = rt.store().load(id);
        ContainerRecord record = Containers.record(dir);
        ContainerCgroup cg = ContainerCgroup.of(record, null);
        if (cg == null && record.cgroupPaths().isEmpty()) { // rootless without a cgroup: its processes
            return Containers.status(dir, record) == Status.STOPPED ? List.of()
                    : io.jrunc.core.rootless.ContainerProcesses.of(record.pid());
        }
        if (cg == null) {
            throw new JruncException("cgroup: container " + id + " has no cgroup");
        }
        return cg.manager().pids();
    }

    /** Runs {@code ps psArgs} (default -ef) and keeps the header and the lines of these pids. */
    public static String table(List<Integer> pids, List<String> psArgs) throws JruncException {
        List<String> cmd = new ArrayList<>();
        cmd.add("ps");
        cmd.addAll(psArgs.isEmpty() ? List.of("-ef") : psArgs);
        String output;
        int rc;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            rc = p.waitFor();
        } catch (IOException e) {
            throw new JruncException("exec: \"ps\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JruncException("ps: interrupted");
        }
        if (rc != 0) {
            throw new JruncException("exit status " + rc + ": " + output);
        }
        return filter(output, pids);
    }

    /** runc's filter: the first line is the header; its "PID" column selects the lines. */
    static String filter(String psOutput, List<Integer> pids) throws JruncException {
        String[] lines = psOutput.split("\n", -1);
        int pidIndex = List.of(lines[0].trim().split("\\s+")).indexOf("PID");
        if (pidIndex < 0) {
            throw new JruncException("couldn't find PID field in ps output");
        }
        Set<Integer> wanted = new HashSet<>(pids);
        StringBuilder out = new StringBuilder(lines[0]).append('\n');
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            int pid;
            try {
                pid = Integer.parseInt(fields[pidIndex]);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new JruncException("unable to parse pid: " + line);
            }
            if (wanted.contains(pid)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
