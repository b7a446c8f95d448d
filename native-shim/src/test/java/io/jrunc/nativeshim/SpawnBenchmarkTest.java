package io.jrunc.nativeshim;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.core.plan.Plan;
import io.jrunc.core.sys.Kernel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cost of starting jrunc-init: spawn + memfd re-exec + empty plan + exit, as J sees it.
 * Opt-in: {@code mvn test -pl native-shim -Djrunc.bench=true -Dtest=SpawnBenchmarkTest}.
 */
@EnabledIfSystemProperty(named = "jrunc.bench", matches = "true")
class SpawnBenchmarkTest {
    static final int WARMUP = 50, RUNS = 500;

    @Test
    void spawnEmptyPlan() throws Exception {
        JniKernel k = new JniKernel();
        Plan empty = new Plan(List.of());
        report("jrunc-init, empty plan: start..exit", () -> {
            long t = System.nanoTime();
            try (InitSession s = InitSession.start(k, NativeShim.initPath(), new int[] {-1, -1, -1}, new int[0])) {
                s.sendPlan(empty);
                assertThat(s.next()).isEqualTo(new InitSession.Eof());
                assertThat(Kernel.exitCode(s.waitInit())).isZero();
            }
            return System.nanoTime() - t;
        });
        report("spawn(jrunc-init) call alone", () -> {
            int[] sv = k.socketpair();
            long t = System.nanoTime();
            int pid = k.spawn(NativeShim.initPath().toString(), new String[] {"jrunc-init"},
                    new String[] {"_JRUNC_SYNC_FD=3"}, new int[] {-1, -1, -1, sv[1]});
            long dt = System.nanoTime() - t;
            k.close(sv[1]);
            k.close(sv[0]); // EOF before a plan: it exits 1 quietly
            k.waitpid(pid, false);
            return dt;
        });
        report("/bin/true: spawn..exit", () -> {
            long t = System.nanoTime();
            int pid = k.spawn("/bin/true", new String[] {"true"}, new String[0], new int[] {-1, -1, -1});
            k.waitpid(pid, false);
            return System.nanoTime() - t;
        });
    }

    interface Body {
        long run() throws Exception;
    }

    static void report(String what, Body body) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            body.run();
        }
        long[] ns = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            ns[i] = body.run();
        }
        Arrays.sort(ns);
        System.out.printf("%-40s n=%d median %5.0f us, p90 %5.0f us, mean %5.0f us%n", what, RUNS, ns[RUNS / 2] / 1e3,
                ns[RUNS * 9 / 10] / 1e3, Arrays.stream(ns).average().orElse(0) / 1e3);
    }
}
