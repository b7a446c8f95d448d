package io.jrunc.nativeshim;

import static io.jrunc.nativeshim.Linux.*;

import io.jrunc.core.plan.Op;
import io.jrunc.core.plan.Opcode;
import io.jrunc.core.plan.PathFlags;
import io.jrunc.core.plan.Plan;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test driver: a busybox rootfs, plan building, and one jrunc-init run through
 * {@link InitSession} with the container's stdout/stderr captured on sockets.
 */
final class TestContainer {
    static final JniKernel K = new JniKernel();
    static final String[] APPLETS = {"sh", "cat", "hostname", "ls", "id", "echo", "grep", "touch", "wc", "readlink",
            "sleep", "tr", "true", "stat"};

    static {
        try {
            K.setChildSubreaper(); // S1 is re-parented to us when S0 exits
        } catch (ErrnoException e) {
            throw new IllegalStateException(e);
        }
    }

    /** rootfs with /bin/busybox and applet links, plus the empty directories plans mount on. */
    static Path rootfs(Path dir) throws IOException {
        Path root = dir.resolve("rootfs");
        Files.createDirectories(root.resolve("bin"));
        Path bb = root.resolve("bin/busybox");
        Files.copy(Path.of("/bin/busybox"), bb);
        Files.setPosixFilePermissions(bb, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String a : APPLETS) {
            Files.createSymbolicLink(root.resolve("bin").resolve(a), Path.of("busybox"));
        }
        for (String d : new String[] {"proc", "dev", "tmp", "etc"}) {
            Files.createDirectories(root.resolve(d));
        }
        return root;
    }

    static Op op(Opcode code, Object... args) {
        return Op.of(code, code.name().toLowerCase(), null, args);
    }

    /** CLONE + the usual mounts + pivot_root: the start of every container plan here. */
    static List<Op> containerPrefix(Path root, long extraCloneFlags, boolean mknod) {
        int inRoot = PathFlags.IN_ROOT;
        List<Op> ops = new ArrayList<>(List.of(
                op(Opcode.CLONE, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID | CLONE_NEWIPC | extraCloneFlags)));
        if ((extraCloneFlags & CLONE_NEWUSER) != 0) {
            ops.add(op(Opcode.CHILD_WRITE_FILE, "uid_map", "0 100000 65536"));
            ops.add(op(Opcode.CHILD_WRITE_FILE, "gid_map", "0 100000 65536"));
            ops.add(op(Opcode.BECOME_ROOT));
        }
        ops.addAll(List.of(
                op(Opcode.PROPAGATE, "/", MS_REC | MS_SLAVE, PathFlags.HOST),
                op(Opcode.MOUNT, root, root, "", MS_BIND | MS_REC, "", PathFlags.HOST),
                op(Opcode.SET_ROOT, root),
                op(Opcode.MOUNT, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "", inRoot | PathFlags.MKDIR),
                op(Opcode.MOUNT, "tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=1m",
                        inRoot | PathFlags.MKDIR)));
        if (mknod) {
            ops.add(op(Opcode.MKNOD, "/dev/null", S_IFCHR | 0666, 1, 3, 0, 0, inRoot));
            ops.add(op(Opcode.MKNOD, "/dev/zero", S_IFCHR | 0666, 1, 5, 0, 0, inRoot));
        } else { // no mknod in a user namespace: bind the host's
            ops.add(op(Opcode.MOUNT, "/dev/null", "/dev/null", "", MS_BIND, "", inRoot | PathFlags.MKFILE));
        }
        ops.add(op(Opcode.SYMLINK, "/proc/self/fd", "/dev/fd", inRoot));
        ops.add(op(Opcode.PIVOT_ROOT, root));
        return ops;
    }

    /** SET_ARGV/SET_ENV/CHECK_EXEC/CLOSE_FDS/READY/EXEC of {@code sh -c script}. */
    static List<Op> execSuffix(String script, int keepFdsBelow) {
        return List.of(
                op(Opcode.SET_ARGV, "sh", "-c", script),
                op(Opcode.SET_ENV, "PATH=/bin", "HOME=/"),
                op(Opcode.CHECK_EXEC),
                op(Opcode.CLOSE_FDS, keepFdsBelow),
                op(Opcode.READY),
                op(Opcode.EXEC));
    }

    static Plan plan(List<Op> prefix, List<Op> middle, List<Op> suffix) {
        List<Op> all = new ArrayList<>(prefix);
        all.addAll(middle);
        all.addAll(suffix);
        return new Plan(all);
    }

    /** What one run produced; childStatus is -1 without a PID event, -2 if S0 reaped S1 itself. */
    record Result(List<InitSession.Event> events, String stdout, String stderr, int initStatus, int childStatus) {
        InitSession.Failed failure() {
            return events.stream().filter(e -> e instanceof InitSession.Failed).map(e -> (InitSession.Failed) e)
                    .findFirst().orElseThrow(() -> new AssertionError("no ERROR frame; events " + events
                            + ", stderr " + stderr));
        }

        boolean ready() {
            return events.stream().anyMatch(e -> e instanceof InitSession.Ready);
        }

        int pid() {
            return events.stream().filter(e -> e instanceof InitSession.Pid).mapToInt(e -> ((InitSession.Pid) e).pid())
                    .findFirst().orElse(-1);
        }

        @Override
        public String toString() {
            return "events=" + events + " stdout=[" + stdout + "] stderr=[" + stderr + "] init=" + initStatus
                    + " child=" + childStatus;
        }
    }

    /** Runs the plan to the end (EOF on the sync socket), answering SYNC with {@code state}. */
    static Result run(Plan plan, int[] preserved, byte[] state) throws Exception {
        int[] out = K.socketpair();
        int[] err = K.socketpair();
        List<InitSession.Event> events = new ArrayList<>();
        int s1 = -1;
        int initStatus;
        int childStatus = -1;
        try (InitSession s = InitSession.start(K, NativeShim.initPath(), new int[] {-1, out[1], err[1]}, preserved)) {
            K.close(out[1]);
            K.close(err[1]);
            out[1] = err[1] = -1;
            try {
                s.sendPlan(plan);
                for (;;) {
                    InitSession.Event e = s.next();
                    events.add(e);
                    if (e instanceof InitSession.Pid p) {
                        s1 = p.pid();
                    } else if (e instanceof InitSession.Sync) {
                        s.sendContinue(state);
                    } else if (e instanceof InitSession.Eof) {
                        break;
                    }
                }
            } finally {
                initStatus = s.waitInit();
                if (s1 > 0 && events.stream().noneMatch(e -> e instanceof InitSession.Eof)) {
                    K.kill(s1, 9); // the test failed half-way: do not leave the container behind
                }
            }
            if (s1 > 0) {
                try {
                    childStatus = K.waitpid(s1, false);
                } catch (ErrnoException e) {
                    if (e.errno() != 10) { // ECHILD: S0 already killed and reaped it
                        throw e;
                    }
                    childStatus = -2;
                }
            }
            return new Result(events, JniKernelTest.drain(K, out[0]), JniKernelTest.drain(K, err[0]), initStatus,
                    childStatus);
        } finally {
            for (int fd : new int[] {out[0], out[1], err[0], err[1]}) {
                if (fd >= 0) {
                    K.close(fd);
                }
            }
        }
    }

    static Result run(Plan plan) throws Exception {
        return run(plan, new int[0], "{}".getBytes());
    }

    static String statusField(String status, String field) {
        return Arrays.stream(status.split("\n")).filter(l -> l.startsWith(field + ":")).findFirst()
                .map(l -> l.substring(field.length() + 1).trim()).orElse(null);
    }

    static int exit(int status) {
        return Kernel.exitCode(status);
    }

    private TestContainer() {
    }
}
