package io.jrunc.cli;

import java.util.ArrayList;
import java.util.List;

/** {@code jrunc checkpoint [criu flags] <id>} (CRIU). */
public final class CheckpointCommand extends PendingCommand {
    public String imagePath = "";
    public String workPath = "";
    public String parentPath = "";
    public boolean leaveRunning;
    public boolean tcpEstablished;
    public boolean tcpSkipInFlight;
    public boolean linkRemap;
    public boolean extUnixSk;
    public boolean shellJob;
    public boolean lazyPages;
    public int statusFd = -1;
    public String pageServer = "";
    public boolean fileLocks;
    public boolean preDump;
    public String manageCgroupsMode = "";
    public final List<String> emptyNs = new ArrayList<>();
    public boolean autoDedup;

    @Override
    public String name() {
        return "checkpoint";
    }

    @Override
    protected void define(Flags f) {
        f.usage("checkpoint a running container")
                .exactArgs(1, """
                        <container-id>

                        Where "<container-id>" is the name for the instance of the container to be
                        checkpointed.""")
                .description("The checkpoint command saves the state of the container instance.");
        f.string("image-path", null, "path for saving criu image files", v -> imagePath = v);
        f.string("work-path", null, "path for saving work files and logs", v -> workPath = v);
        f.string("parent-path", null, "path for previous criu image files in pre-dump", v -> parentPath = v);
        f.bool("leave-running", null, "leave the process running after checkpointing", v -> leaveRunning = v);
        f.bool("tcp-established", null, "allow open tcp connections", v -> tcpEstablished = v);
        f.bool("tcp-skip-in-flight", null, "skip in-flight tcp connections", v -> tcpSkipInFlight = v);
        f.bool("link-remap", null, "allow one to link unlinked files back when possible", v -> linkRemap = v);
        f.bool("ext-unix-sk", null, "allow external unix sockets", v -> extUnixSk = v);
        f.bool("shell-job", null, "allow shell jobs", v -> shellJob = v);
        f.bool("lazy-pages", null, "use userfaultfd to lazily restore memory pages", v -> lazyPages = v);
        f.integer("status-fd", null, "criu writes \\0 to this FD once lazy-pages is ready", "-1", v -> statusFd = v);
        f.string("page-server", null, "ADDRESS:PORT of the page server", v -> pageServer = v);
        f.bool("file-locks", null, "handle file locks, for safety", v -> fileLocks = v);
        f.bool("pre-dump", null, "dump container's memory information only, leave the container running after this",
                v -> preDump = v);
        f.string("manage-cgroups-mode", null, "cgroups mode: soft|full|strict|ignore (default: soft)",
                v -> manageCgroupsMode = v);
        f.strings("empty-ns", null, "create a namespace, but don't restore its properties", emptyNs::add);
        f.bool("auto-dedup", null, "enable auto deduplication of memory images", v -> autoDedup = v);
    }
}
