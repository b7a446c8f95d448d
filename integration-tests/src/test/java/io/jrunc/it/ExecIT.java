package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** exec: the process joins the container (namespaces, root, cwd, credentials) and behaves like runc's. */
class ExecIT extends JruncTestBase {

    /** A running busybox container (sleep), with the config changed by edit. */
    String running(java.util.function.Consumer<ObjectNode> edit, String... createFlags) throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, edit, "sleep", "600");
        Files.writeString(b.resolve("rootfs/marker"), "inside the rootfs\n");
        String id = newId();
        List<String> args = new ArrayList<>(List.of("run", "-d", "--bundle", b.toString()));
        args.addAll(List.of(createFlags));
        args.add(id);
        ProcResult r = jrunc(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return id;
    }

    void remove(String id) {
        ProcResult r = jrunc("delete", "--force", id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    int initPid(String id) throws Exception {
        return Bundles.JSON.readTree(jrunc("state", id).stdout()).get("pid").asInt();
    }

    @Test
    void execRelaysOutputAndExitsWithTheProcessCode() throws Exception {
        String id = running(null);
        try {
            ProcResult r = jrunc("exec", id, "sh", "-c", "echo out; echo err >&2; exit 5");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(5);
            assertThat(r.stdout()).isEqualTo("out\n");
            assertThat(r.stderr()).isEqualTo("err\n");
        } finally {
            remove(id);
        }
    }

    @Test
    void processJsonRunsInThePidNamespaceWithItsUserCwdAndEnv() throws Exception {
        String id = running(null);
        try {
            ObjectNode p = Bundles.JSON.createObjectNode();
            p.put("terminal", false).put("cwd", "/tmp");
            p.putObject("user").put("uid", 1000).put("gid", 1001).putArray("additionalGids").add(7);
            p.putArray("args").add("sh").add("-c")
                    .add("echo pid=$$; tr '\\0' ' ' < /proc/1/cmdline; echo; pwd; id -u; id -g; id -G; echo $FOO");
            p.putArray("env").add("PATH=/bin:/usr/bin").add("FOO=bar");
            Path pj = tmp.resolve("p.json");
            Files.writeString(pj, p.toString());
            ProcResult r = jrunc("exec", "--process", pj.toString(), id);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            List<String> lines = r.stdoutLines();
            int pid = Integer.parseInt(lines.get(0).substring("pid=".length()));
            assertThat(pid).as("a pid of the container's pid namespace").isLessThan(100);
            assertThat(lines.subList(1, lines.size()))
                    .containsExactly("sleep 600 ", "/tmp", "1000", "1001", "1001 7", "bar");
        } finally {
            remove(id);
        }
    }

    @Test
    void flagsOverrideTheConfigsProcess() throws Exception {
        String id = running(c -> ((ArrayNode) c.get("process").get("env")).add("FROMCONFIG=1"));
        try {
            ProcResult r = jrunc("exec", "-e", "EXTRA=2", "--cwd", "/etc", "-u", "65534:65534", "-g", "3", id,
                    "sh", "-c", "echo $FROMCONFIG $EXTRA; pwd; id -u; id -G; grep NoNewPrivs /proc/self/status");
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdoutLines()).containsExactly("1 2", "/etc", "65534", "65534 3", "NoNewPrivs:\t1");
            ProcResult nnp = jrunc("exec", "--no-new-privs=false", id, "grep", "NoNewPrivs", "/proc/self/status");
            assertThat(nnp.stdout()).as(nnp.describe()).isEqualTo("NoNewPrivs:\t0\n");
        } finally {
            remove(id);
        }
    }

    @Test
    void theProcessSeesTheContainersRootAndNoneOfTheRuntimesFds() throws Exception {
        for (List<String> flags : List.of(List.<String>of(), List.of("--no-pivot"))) {
            String id = running(null, flags.toArray(String[]::new));
            try {
                // /work and this test's tmp dir exist on the host, not in the rootfs
                ProcResult r = jrunc("exec", id, "sh", "-c", "cat /marker; pwd; ls /proc/$$/fd; test -e /work; echo $?; "
                        + "test -e " + tmp + "; echo $?");
                assertThat(r.exitCode()).as(r.describe()).isZero();
                assertThat(r.stdoutLines()).as("flags %s", flags)
                        .containsExactly("inside the rootfs", "/", "0", "1", "2", "1", "1");
            } finally {
                remove(id);
            }
        }
    }

    @Test
    void execJoinsEveryNamespaceOfTheContainer() throws Exception {
        List<String> kinds = List.of("cgroup", "ipc", "mnt", "net", "pid", "time", "uts", "user");
        // the container's root (host uid 100000) must reach its rootfs and exec.fifo through our
        // temp dir and --root (create opens exec.fifo inside the user namespace)
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectory(root, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x")));
        String id = running(c -> {
            ArrayNode ns = (ArrayNode) c.get("linux").get("namespaces");
            ns.addObject().put("type", "cgroup");
            ns.addObject().put("type", "time");
            ns.addObject().put("type", "user");
            ObjectNode linux = (ObjectNode) c.get("linux");
            linux.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
            linux.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        });
        try {
            int init = initPid(id);
            StringBuilder script = new StringBuilder("id -u; cat /proc/self/uid_map;");
            for (String k : kinds) {
                script.append(" readlink /proc/self/ns/").append(k).append(';');
            }
            ProcResult r = jrunc("exec", id, "sh", "-c", script.toString());
            assertThat(r.exitCode()).as(r.describe()).isZero();
            List<String> lines = r.stdoutLines();
            assertThat(lines.get(0)).isEqualTo("0");
            assertThat(lines.get(1).trim().split("\\s+")).containsExactly("0", "100000", "65536");
            for (int i = 0; i < kinds.size(); i++) {
                String k = kinds.get(i);
                String container = Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/" + k)).toString();
                String host = Files.readSymbolicLink(Path.of("/proc/self/ns/" + k)).toString();
                assertThat(lines.get(2 + i)).as(k).isEqualTo(container).isNotEqualTo(host);
            }
        } finally {
            remove(id);
        }
    }

    @Test
    void detachedExecWritesABarePidAndLeavesTheProcessToTheCallersSubreaper() throws Exception {
        String id = running(null);
        try {
            Path pidFile = tmp.resolve("exec.pid");
            ProcResult r = jrunc("exec", "-d", "--pid-file", pidFile.toString(), id, "sleep", "300");
            assertThat(r.exitCode()).as(r.describe()).isZero();
            String text = Files.readString(pidFile);
            assertThat(text).matches("[0-9]+");
            int pid = Integer.parseInt(text);
            assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).isEqualTo("sleep\u0000300\u0000");
            int ppid = ppid(pid);
            assertThat(ppid).as("jrunc and jrunc-init are gone: not its parent").isNotEqualTo(ProcessHandle.current().pid());
            String parent = Files.readString(Path.of("/proc/" + ppid + "/cmdline"));
            assertThat(parent).doesNotContain("jrunc");
            assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).doesNotContain("State:\tZ");
        } finally {
            remove(id);
        }
    }

    static int ppid(int pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("PPid:")) {
                return Integer.parseInt(l.substring(5).trim());
            }
        }
        throw new IllegalStateException("no PPid for " + pid);
    }

    @Test
    void errorsAreRuncs() throws Exception {
        String id = running(null);
        try {
            ProcResult missing = jrunc("exec", id, "nosuchcommand");
            assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(255);
            assertThat(missing.stderr()).contains("exec: \\\"nosuchcommand\\\": executable file not found in $PATH");
            ProcResult tty = jrunc("exec", "-t", "-d", id, "true");
            assertThat(tty.exitCode()).isEqualTo(255);
            assertThat(tty.stderr()).contains("cannot allocate tty if jrunc will detach without setting console socket");
            ProcResult sock = jrunc("exec", "--console-socket", tmp.resolve("s").toString(), id, "true");
            assertThat(sock.exitCode()).isEqualTo(255);
            assertThat(sock.stderr()).contains("cannot use console socket if jrunc will not detach or allocate tty");
            assertThat(jrunc("kill", id, "KILL").exitCode()).isZero();
            Instant deadline = Instant.now().plusSeconds(20);
            ProcResult stopped;
            do {
                stopped = jrunc("exec", id, "true");
            } while (!stopped.stderr().contains("stopped") && Instant.now().isBefore(deadline));
            assertThat(stopped.exitCode()).isEqualTo(255);
            assertThat(stopped.stderr()).contains("cannot exec in a stopped container");
        } finally {
            remove(id);
        }
    }

    @Test
    void signalsAreForwardedAndDeathBySignalIs128PlusN() throws Exception {
        String id = running(null);
        try {
            Process exec = new ProcessBuilder(ItEnv.jrunc().toString(), "--root", root.toString(), "exec", id, "sh",
                    "-c", "trap 'echo got TERM; exit 9' TERM; echo ready; while true; do sleep 0.1; done").start();
            BufferedReader out = new BufferedReader(new InputStreamReader(exec.getInputStream()));
            assertThat(out.readLine()).isEqualTo("ready");
            new ProcessBuilder("kill", "-TERM", Long.toString(exec.pid())).start().waitFor();
            assertThat(exec.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out.readLine()).isEqualTo("got TERM");
            assertThat(exec.exitValue()).isEqualTo(9);

            Path pidFile = tmp.resolve("fg.pid");
            Process sleep = new ProcessBuilder(ItEnv.jrunc().toString(), "--root", root.toString(), "exec",
                    "--pid-file", pidFile.toString(), id, "sleep", "300").start();
            Instant deadline = Instant.now().plusSeconds(60);
            while (!Files.exists(pidFile) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            new ProcessBuilder("kill", "-KILL", Files.readString(pidFile)).start().waitFor();
            assertThat(sleep.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(sleep.exitValue()).isEqualTo(137);
        } finally {
            remove(id);
        }
    }

    @Test
    void twentyConcurrentExecsIntoOneContainer() throws Exception {
        String id = running(null);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<ProcResult>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                results.add(pool.submit(() -> jrunc("exec", id, "sh", "-c", "echo exec " + n + "; exit " + n)));
            }
            for (int i = 0; i < 20; i++) {
                ProcResult r = results.get(i).get(5, TimeUnit.MINUTES);
                assertThat(r.exitCode()).as(r.describe()).isEqualTo(i);
                assertThat(r.stdout()).isEqualTo("exec " + i + "\n");
            }
        } finally {
            pool.shutdownNow();
            remove(id);
        }
    }

    /** Until the cgroup manager places containers, the test moves the init into a cgroup itself. */
    @Test
    void execJoinsTheInitsCgroupsAndASubCgroupOnRequest() throws Exception {
        Path pids = Path.of("/sys/fs/cgroup/pids");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(pids), "needs the v1 pids hierarchy");
        String id = running(null);
        Path cg = pids.resolve(token + "-exec");
        try {
            Files.createDirectories(cg.resolve("sub"));
            Files.writeString(cg.resolve("cgroup.procs"), Integer.toString(initPid(id)));
            ProcResult r = jrunc("exec", id, "grep", ":pids:", "/proc/self/cgroup");
            assertThat(r.stdout()).as(r.describe()).endsWith(":pids:/" + token + "-exec\n");
            ProcResult sub = jrunc("exec", "--cgroup", "pids:sub", id, "grep", ":pids:", "/proc/self/cgroup");
            assertThat(sub.stdout()).as(sub.describe()).endsWith(":pids:/" + token + "-exec/sub\n");
        } finally {
            remove(id);
            for (Path d : List.of(cg.resolve("sub"), cg)) {
                for (int i = 0; i < 100 && Files.exists(d); i++) {
                    try {
                        Files.delete(d); // busy until the container's processes are gone
                    } catch (java.io.IOException e) {
                        Thread.sleep(100);
                    }
                }
            }
        }
    }
}
