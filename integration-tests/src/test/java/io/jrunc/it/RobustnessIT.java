package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Concurrency, crash safety and damaged state (docs/security.md, "Robustness"). The crash
 * trials are few by default; {@code -Djrunc.soak=true} runs hundreds
 * ({@code -Djrunc.soak.trials=N} per phase overrides).
 */
class RobustnessIT extends JruncTestBase {
    private static final boolean SOAK = Boolean.getBoolean("jrunc.soak");

    private static int crashTrials() {
        return Integer.getInteger("jrunc.soak.trials", SOAK ? 100 : 3);
    }

    /** No line of a failed command is a Java stack trace, and it says something in one line. */
    private static void assertOneCleanErrorLine(ProcResult r) {
        assertThat(r.stderr()).as(r.describe()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.stderr().strip().split("\n")).as(r.describe()).hasSize(1);
        assertThat(r.stderr().strip()).as(r.describe()).isNotEmpty();
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void fiftyParallelLifecyclesWithDistinctIdsAllSucceed() throws Exception {
        Path b = bundle(Bundles.Rootfs.DEBIAN, "/bin/true");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = newId();
            results.add(pool.submit(() -> lifecycle(b, id)));
        }
        pool.shutdown();
        List<String> failures = new ArrayList<>();
        for (Future<String> f : results) {
            String failure = f.get(10, TimeUnit.MINUTES);
            if (failure != null) {
                failures.add(failure);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    /**
     * create, start, wait until stopped (delete refuses a running container: retried), delete;
     * null when every step did what it should. create's stdio goes to files, not to pipes of
     * this JVM: the waiting init inherits it and would otherwise hold our pipes.
     */
    private String lifecycle(Path bundle, String id) throws InterruptedException {
        Path log = tmp.resolve(id + ".log");
        ProcResult c = Proc.run(List.of("sh", "-c", "exec \"$0\" --root \"$1\" create --bundle \"$2\" \"$3\" >\"$4\" 2>&1",
                ItEnv.jrunc().toString(), root.toString(), bundle.toString(), id, log.toString()), tmp, null, TIMEOUT);
        if (c.exitCode() != 0) {
            return c.describe() + readQuietly(log);
        }
        ProcResult s = jrunc("start", id);
        if (s.exitCode() != 0) {
            return s.describe();
        }
        for (int i = 0; i < 600; i++) {
            ProcResult d = jrunc("delete", id);
            if (d.exitCode() == 0) {
                return null;
            }
            if (!d.stderr().contains("that is not stopped")) {
                return d.describe();
            }
            Thread.sleep(100);
        }
        return id + " never stopped";
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void eightConcurrentCreatesOfOneIdHaveExactlyOneWinner() throws Exception {
        Path b = bundle(Bundles.Rootfs.DEBIAN, "sleep", "60");
        String id = newId();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ProcResult>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return jrunc("create", "--bundle", b.toString(), id);
            }));
        }
        go.countDown();
        pool.shutdown();
        int won = 0;
        for (Future<ProcResult> f : results) {
            ProcResult r = f.get(10, TimeUnit.MINUTES);
            if (r.exitCode() == 0) {
                won++;
            } else {
                assertThat(r.stderr()).as(r.describe()).contains("container with given ID already exists");
                assertOneCleanErrorLine(r);
            }
        }
        assertThat(won).isEqualTo(1);
        // the losers took nothing of the winner's with them
        ProcResult st = jrunc("state", id);
        assertThat(st.exitCode()).as(st.describe()).isZero();
        assertThat(Bundles.JSON.readTree(st.stdout()).get("status").asText()).isEqualTo("created");
        assertThat(root.resolve(id).resolve("exec.fifo")).exists();
        assertThat(jrunc("delete", "--force", id).exitCode()).isZero();
    }

    /**
     * state, kill and delete racing on one container: every state.json a reader finds parses,
     * every state answer is JSON or "container does not exist", and kill/delete fail, if
     * at all, with one line.
     */
    @Test
    void stateKillAndDeleteRacingNeverCorruptStateJson() throws Exception {
        Path b = bundle(Bundles.Rootfs.DEBIAN, "sleep", "60");
        for (int round = 0; round < 2; round++) {
            String id = newId();
            ProcResult made = round == 0 ? jrunc("create", "--bundle", b.toString(), id) // created
                    : jrunc("run", "-d", "--bundle", b.toString(), id); // running
            assertThat(made.exitCode()).as(made.describe()).isZero();
            Path stateFile = root.resolve(id).resolve("state.json");
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            Thread fileReader = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        byte[] raw = Files.readAllBytes(stateFile);
                        JsonNode n = Bundles.JSON.readTree(raw);
                        if (n == null || !id.equals(n.path("id").asText())) {
                            problems.add("state.json without its id: " + new String(raw));
                        }
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // deleted: fine
                    } catch (IOException e) {
                        problems.add("state.json unreadable: " + e);
                    }
                }
            });
            fileReader.start();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        ProcResult st = jrunc("state", id);
                        if (st.exitCode() == 0) {
                            try {
                                Bundles.JSON.readTree(st.stdout());
                            } catch (IOException e) {
                                problems.add("state printed no JSON: " + st.describe());
                            }
                        } else if (!st.stderr().contains("container does not exist")) {
                            problems.add(st.describe());
                        }
                    }
                }));
            }
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 4; i++) {
                    ProcResult k = jrunc("kill", id, "SIGCONT");
                    if (k.exitCode() != 0 && k.stderr().strip().split("\n").length != 1) {
                        problems.add(k.describe());
                    }
                }
            }));
            fs.add(pool.submit(() -> {
                ProcResult d = jrunc("delete", "--force", id);
                if (d.exitCode() != 0) {
                    problems.add(d.describe());
                }
            }));
            pool.shutdown();
            for (Future<?> f : fs) {
                f.get(10, TimeUnit.MINUTES);
            }
            stop.set(true);
            fileReader.join();
            assertThat(problems).isEmpty();
            assertThat(root.resolve(id)).doesNotExist();
        }
    }

    // ------------------------------------------------------------------ crash safety

    /**
     * SIGKILL the launcher (its JVM: bin/jrunc execs java) at a random moment of create,
     * start or delete; then delete --force must leave nothing (no process, mount, cgroup,
     * fifo or state dir: the leak checker's view, attributed by this test's token) and the
     * id must be usable again.
     */
    @Test
    void sigkillDuringCreateStartOrDeleteLeavesNothingAfterDeleteForce() throws Exception {
        Path b = bundle(Bundles.Rootfs.DEBIAN, "sleep", "60");
        LeakChecker.Snapshot before = leakChecker().snapshot();
        int trials = crashTrials();
        List<String> problems = new ArrayList<>();
        for (String phase : List.of("create", "start", "delete")) {
            for (int t = 0; t < trials; t++) {
                String id = newId();
                if (!phase.equals("create")) {
                    ProcResult c = jrunc("create", "--bundle", b.toString(), id);
                    assertThat(c.exitCode()).as(c.describe()).isZero();
                }
                if (phase.equals("delete")) {
                    ProcResult s = jrunc("start", id);
                    assertThat(s.exitCode()).as(s.describe()).isZero();
                }
                List<String> args = switch (phase) {
                    case "create" -> List.of("create", "--bundle", b.toString(), id);
                    case "start" -> List.of("start", id);
                    default -> List.of("delete", "--force", id);
                };
                killAtRandom(args, ThreadLocalRandom.current().nextInt(SOAK ? 2000 : 1200));
                ProcResult d = jrunc("delete", "--force", id);
                if (d.exitCode() != 0) {
                    problems.add(phase + " #" + t + ": " + d.describe());
                }
                List<String> leaks = leakChecker().leaksSince(before, Duration.ofSeconds(3));
                if (!leaks.isEmpty()) {
                    problems.add(phase + " #" + t + " left: " + leaks);
                    leakChecker().cleanUp(before, ItEnv.jrunc());
                }
                ProcResult again = jrunc("run", "--bundle", bundle(Bundles.Rootfs.DEBIAN, "true").toString(), id);
                if (again.exitCode() != 0) {
                    problems.add(phase + " #" + t + ": reuse of the id: " + again.describe());
                    jrunc("delete", "--force", id);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Starts the launcher with {@code args} and SIGKILLs it after {@code delayMs} (if still running). */
    private void killAtRandom(List<String> args, int delayMs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ItEnv.jrunc().toString(), "--root", root.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly(); // SIGKILL, to the JVM the script exec'd
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ damaged state

    @Test
    void malformedStateFilesAreReportedInOneLineAndRemovedByDeleteForce() throws Exception {
        Path b = bundle(Bundles.Rootfs.DEBIAN, "sleep", "60");
        String real = newId();
        assertThat(jrunc("create", "--bundle", b.toString(), real).exitCode()).isZero();
        String good = Files.readString(root.resolve(real).resolve("state.json"));
        assertThat(jrunc("delete", "--force", real).exitCode()).isZero();

        Map<String, String> bad = Map.of(
                "truncated", good.substring(0, good.length() / 2),
                "empty", "",
                "foreign", "{\"kind\":\"Pod\",\"spec\":{\"containers\":[]}}",
                "array", "[1,2,3]",
                "garbage", "\u0000\u00ff\u00fe not json",
                "wrongversion", good.replaceFirst("\"version\":1", "\"version\":99"));
        for (Map.Entry<String, String> e : bad.entrySet()) {
            String id = token + "-bad-" + e.getKey();
            Files.createDirectories(root.resolve(id));
            Files.writeString(root.resolve(id).resolve("state.json"), e.getValue());
        }
        for (String id : bad.keySet().stream().map(k -> token + "-bad-" + k).toList()) {
            ProcResult st = jrunc("state", id);
            assertThat(st.exitCode()).as(st.describe()).isNotZero();
            assertOneCleanErrorLine(st);
            assertThat(st.stderr()).contains("state.json");

            ProcResult del = jrunc("delete", id);
            assertThat(del.exitCode()).as(del.describe()).isNotZero();
            assertOneCleanErrorLine(del);
            assertThat(root.resolve(id)).exists();
        }
        ProcResult list = jrunc("list");
        assertThat(list.exitCode()).as(list.describe()).isZero();
        assertThat(list.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        for (String id : bad.keySet().stream().map(k -> token + "-bad-" + k).toList()) {
            ProcResult del = jrunc("delete", "--force", id);
            assertThat(del.exitCode()).as(del.describe()).isZero();
            assertThat(del.stderr()).doesNotContain("Exception");
            assertThat(root.resolve(id)).doesNotExist();
        }
    }
}
