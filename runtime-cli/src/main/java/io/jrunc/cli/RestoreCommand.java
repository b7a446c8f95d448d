package io.jrunc.cli;

import java.util.ArrayList;
import java.util.List;

/** {@code jrunc restore [criu flags] [-b bundle] [-d] <id>} (CRIU). */
public final class RestoreCommand extends PendingCommand {
    public String consoleSocket = "";
    public String imagePath = "";
    public String workPath = "";
    public boolean tcpEstablished;
    public boolean extUnixSk;
    public boolean shellJob;
    public boolean fileLocks;
    public String manageCgroupsMode = "";
    public String bundle = "";
    public boolean detach;
    public String pidFile = "";
    public boolean noSubreaper;
    public boolean noPivot;
    public final List<String> emptyNs = new ArrayList<>();
    public boolean autoDedup;
    public boolean lazyPages;
    public String lsmProfile = "";
    public String lsmMountContext = "";

    @Override
    public String name() {
        return "restore";
    }

    @Override
    protected void define(Flags f) {
        f.usage("restore a container from a previous checkpoint")
                .exactArgs(1, """
                        <container-id>

                        Where "<container-id>" is the name for the instance of the container to be
                        restored.""")
                .description("""
                        Restores the saved state of the container instance that was previously saved
                        using the jrunc checkpoint command.""");
        f.string("console-socket", null, Texts.CONSOLE_SOCKET, v -> consoleSocket = v);
        f.string("image-path", null, "path to criu image files for restoring", v -> imagePath = v);
        f.string("work-path", null, "path for saving work files and logs", v -> workPath = v);
        f.bool("tcp-established", null, "allow open tcp connections", v -> tcpEstablished = v);
        f.bool("ext-unix-sk", null, "allow external unix sockets", v -> extUnixSk = v);
        f.bool("shell-job", null, "allow shell jobs", v -> shellJob = v);
        f.bool("file-locks", null, "handle file locks, for safety", v -> fileLocks = v);
        f.string("manage-cgroups-mode", null, "cgroups mode: soft|full|strict|ignore (default: soft)",
                v -> manageCgroupsMode = v);
        Texts.bundleFlag(f, v -> bundle = v);
        f.bool("detach", "d", "detach from the container's process", v -> detach = v);
        f.string("pid-file", null, "specify the file to write the process id to", v -> pidFile = v);
        f.bool("no-subreaper", null, "disable the use of the subreaper used to reap reparented processes",
                v -> noSubreaper = v);
        f.bool("no-pivot", null, Texts.NO_PIVOT, v -> noPivot = v);
        f.strings("empty-ns", null, "create a namespace, but don't restore its properties", emptyNs::add);
        f.bool("auto-dedup", null, "enable auto deduplication of memory images", v -> autoDedup = v);
        f.bool("lazy-pages", null, "use userfaultfd to lazily restore memory pages", v -> lazyPages = v);
        f.string("lsm-profile", null, "Specify an LSM profile to be used during restore in the form of TYPE:NAME.",
                v -> lsmProfile = v);
        f.string("lsm-mount-context", null, "Specify an LSM mount context to be used during restore.",
                v -> lsmMountContext = v);
    }
}
