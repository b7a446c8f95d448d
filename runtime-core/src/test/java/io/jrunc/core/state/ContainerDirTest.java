package io.jrunc.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.JruncException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerDirTest {
    @TempDir
    Path tmp;

    private ContainerRecord sample(String id) {
        return new ContainerRecord(id, 4242, 987654321L, "/bundle", "/bundle/rootfs",
                Instant.parse("2022-02-19T00:12:45.413050609Z"), Map.of("k", "v"), "root",
                Map.of("NEWPID", "/proc/4242/ns/pid"), Map.of("", "/sys/fs/cgroup/x"), Map.of("console", "no"));
    }

    @Test
    void writeThenReadRoundTrips() throws Exception {
        ContainerDir c = new StateStore(tmp).create("c");
        assertThat(c.read()).isEmpty();
        ContainerRecord r = sample("c");
        c.write(r);
        assertThat(c.read()).contains(r);
        String json = Files.readString(c.stateFile());
        assertThat(json).startsWith("{\"version\":1,\"id\":\"c\",\"init_process_pid\":4242,"
                + "\"init_process_start\":987654321,\"bundle\":\"/bundle\",\"rootfs\":\"/bundle/rootfs\","
                + "\"created\":\"2022-02-19T00:12:45.413050609Z\"").doesNotEndWith("\n");
        c.write(r.withPid(7, 8));
        assertThat(c.read().orElseThrow().pid()).isEqualTo(7);
        assertThatThrownBy(() -> c.write(sample("other"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCreatingMarkerRoundTripsAndBadStateIsOneLine() throws Exception {
        ContainerDir c = new StateStore(tmp).create("c");
        assertThat(c.readCreating()).isEmpty();
        c.writeCreating(new ContainerDir.Creating(java.util.Map.of("cpu", "/sys/fs/cgroup/cpu/jrunc/c"), 0, 0));
        c.writeCreating(new ContainerDir.Creating(java.util.Map.of("cpu", "/sys/fs/cgroup/cpu/jrunc/c"), 42, 7));
        assertThat(c.readCreating()).contains(
                new ContainerDir.Creating(java.util.Map.of("cpu", "/sys/fs/cgroup/cpu/jrunc/c"), 42, 7));
        c.removeCreating();
        assertThat(c.readCreating()).isEmpty();
        for (String bad : new String[] {"", "{\"id\":", "[1]", "{\"kind\":\"Pod\"}"}) {
            Files.writeString(c.stateFile(), bad);
            assertThatThrownBy(c::read).hasMessageStartingWith("invalid " + c.stateFile() + ": ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void readIgnoresUnknownKeysAndRefusesGarbage() throws Exception {
        ContainerDir c = new StateStore(tmp).create("c");
        Files.writeString(c.stateFile(), "{\"future\":{\"a\":[1,2,{\"b\":null}]},\"id\":\"c\","
                + "\"created\":\"2024-01-02T03:04:05+01:00\",\"init_process_pid\":5,\"more\":true}");
        ContainerRecord r = c.read().orElseThrow();
        assertThat(r.pid()).isEqualTo(5);
        assertThat(r.created()).isEqualTo(Instant.parse("2024-01-02T02:04:05Z"));
        assertThat(r.annotations()).isEmpty();
        Files.writeString(c.stateFile(), "{\"id\":\"c\",");
        assertThatThrownBy(c::read).isInstanceOf(JruncException.class).hasMessageContaining("invalid");
        Files.writeString(c.stateFile(), "{\"version\":99,\"id\":\"c\",\"created\":\"2024-01-02T03:04:05Z\"}");
        assertThatThrownBy(c::read).hasMessageContaining("newer");
    }

    @Test
    void writesAreAtomicForConcurrentReadersAndLeaveNoTempFiles() throws Exception {
        ContainerDir c = new StateStore(tmp).create("c");
        c.write(sample("c"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                while (!stop.get()) {
                    ContainerRecord r = c.read().orElseThrow();
                    assertThat(r.id()).isEqualTo("c");
                    reads.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        for (int i = 0; i < 300; i++) {
            c.write(sample("c").withPid(i + 1, i).withExtra("blob", "x".repeat(i * 50)));
        }
        stop.set(true);
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(reads.get()).isPositive();
        try (var files = Files.list(c.path())) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("lock", "state.json");
        }
        assertThat(c.read().orElseThrow().pid()).isEqualTo(300);
    }

    @Test
    void lockExcludesOtherThreadsAndIsReentrant() throws Exception {
        ContainerDir c = new StateStore(tmp).create("c");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        Thread holder = new Thread(() -> {
            try (ContainerDir.Lock l = c.lock(); ContainerDir.Lock again = c.lock()) {
                held.countDown();
                release.await();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        holder.start();
        held.await();
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try (ContainerDir.Lock l = c.lock()) {
                inside.incrementAndGet();
            } catch (JruncException e) {
                throw new RuntimeException(e);
            }
        });
        assertThatThrownBy(() -> waiter.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        release.countDown();
        waiter.get(5, TimeUnit.SECONDS);
        assertThat(inside.get()).isEqualTo(1);

        // many threads: never two inside at once
        Thread[] ts = new Thread[8];
        AtomicInteger now = new AtomicInteger();
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                for (int k = 0; k < 50; k++) {
                    try (ContainerDir.Lock l = c.lock()) {
                        int n = now.incrementAndGet();
                        maxInside.accumulateAndGet(n, Math::max);
                        Thread.onSpinWait();
                        now.decrementAndGet();
                    } catch (JruncException e) {
                        throw new RuntimeException(e);
                    }
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(maxInside.get()).isEqualTo(1);
    }

    @Test
    void lockOfADestroyedContainerSaysItDoesNotExist() throws Exception {
        StateStore store = new StateStore(tmp);
        ContainerDir c = store.create("c");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch destroyed = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (ContainerDir.Lock l = c.lock()) {
                held.countDown();
                Thread.sleep(200);
                c.destroy();
                store.create("c"); // re-created under the waiter's feet
                destroyed.countDown();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        holder.start();
        held.await();
        // the waiter ends up with the lock of the new directory, not the stale one
        try (ContainerDir.Lock l = c.lock()) {
            assertThat(destroyed.getCount()).isZero();
            assertThat(c.path().resolve("lock")).exists();
        }
        holder.join();
        c.destroy();
        assertThatThrownBy(c::lock).hasMessage("container does not exist");
    }

    @Test
    void lockExcludesAnotherProcessAndACrashReleasesIt() throws Exception {
        StateStore store = new StateStore(tmp);
        ContainerDir c = store.create("c");
        Process other = startHolder(store.root(), "c");
        BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("locked");

        CompletableFuture<Void> mine = CompletableFuture.runAsync(() -> {
            try (ContainerDir.Lock l = c.lock()) {
                // got it
            } catch (JruncException e) {
                throw new RuntimeException(e);
            }
        });
        assertThatThrownBy(() -> mine.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        other.getOutputStream().close(); // orderly release
        mine.get(10, TimeUnit.SECONDS);
        assertThat(out.readLine()).isEqualTo("released");
        assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();

        // a holder that is SIGKILLed never wedges the container
        Process crashing = startHolder(store.root(), "c");
        BufferedReader out2 = new BufferedReader(new InputStreamReader(crashing.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out2.readLine()).isEqualTo("locked");
        CompletableFuture<Void> again = CompletableFuture.runAsync(() -> {
            try (ContainerDir.Lock l = c.lock()) {
                // got it
            } catch (JruncException e) {
                throw new RuntimeException(e);
            }
        });
        assertThatThrownBy(() -> again.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        crashing.destroyForcibly();
        again.get(10, TimeUnit.SECONDS);
    }

    private static Process startHolder(Path root, String id) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), root.toString(), id))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
