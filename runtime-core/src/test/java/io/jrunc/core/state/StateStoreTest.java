package io.jrunc.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.JruncException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateStoreTest {
    @TempDir
    Path tmp;

    @Test
    void createsAMissingRootAndItsParents0700() throws Exception {
        Path root = tmp.resolve("a/b/root");
        StateStore store = new StateStore(root);
        assertThat(store.root()).isEqualTo(root);
        assertThat(Files.isDirectory(root)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        assertThat(store.ids()).isEmpty();
    }

    @Test
    void refusesSlashAsRoot() {
        assertThatThrownBy(() -> new StateStore(Path.of("/")))
                .isInstanceOf(JruncException.class)
                .hasMessage("Option --root argument should not be set to /");
        assertThatThrownBy(() -> new StateStore(Path.of("/tmp/..")))
                .hasMessage("Option --root argument should not be set to /");
    }

    @Test
    void rootThatIsAFileIsAnError() throws Exception {
        Path f = Files.createFile(tmp.resolve("f"));
        assertThatThrownBy(() -> new StateStore(f)).isInstanceOf(JruncException.class)
                .hasMessageContaining("mkdir " + f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc-DEF_1.2+3", "...", ".a", "a..b", "0"})
    void validIds(String id) throws Exception {
        StateStore.validateId(id);
        assertThat(StateStore.isValidId(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "/", "a b", "a:b", "é", "a\nb", "a*"})
    void invalidIds(String id) {
        assertThatThrownBy(() -> StateStore.validateId(id)).isInstanceOf(JruncException.class)
                .hasMessage("invalid container ID format");
    }

    @Test
    void createFindLoadIds() throws Exception {
        StateStore store = new StateStore(tmp.resolve("root"));
        ContainerDir c = store.create("c1");
        store.create("a0");
        assertThat(c.id()).isEqualTo("c1");
        assertThat(c.path()).isEqualTo(tmp.resolve("root/c1"));
        assertThat(c.execFifo()).isEqualTo(tmp.resolve("root/c1/exec.fifo"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.path()))).isEqualTo("rwx--x--x");
        assertThat(store.find("c1")).isPresent();
        assertThat(store.find("nope")).isEmpty();
        assertThat(store.load("c1").path()).isEqualTo(c.path());
        assertThatThrownBy(() -> store.load("nope")).hasMessage("container does not exist");
        assertThatThrownBy(() -> store.find("../x")).hasMessage("invalid container ID format");
        assertThatThrownBy(() -> store.create("c1")).hasMessage("container with given ID already exists");
        Files.createFile(store.root().resolve("stray-file"));
        Files.createDirectory(store.root().resolve("bad id"));
        assertThat(store.ids()).containsExactly("a0", "c1");
        assertThat(c.read()).isEmpty();
    }

    @Test
    void concurrentCreatesOfOneIdHaveExactlyOneWinner() throws Exception {
        StateStore store = new StateStore(tmp.resolve("root"));
        for (int round = 0; round < 20; round++) {
            String id = "race" + round;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger exists = new AtomicInteger();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    try {
                        store.create(id);
                        wins.incrementAndGet();
                    } catch (JruncException e) {
                        assertThat(e).hasMessage("container with given ID already exists");
                        exists.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            assertThat(wins.get()).isEqualTo(1);
            assertThat(exists.get()).isEqualTo(7);
        }
    }

    @Test
    void destroyRemovesEverythingButNeverFollowsSymlinks() throws Exception {
        StateStore store = new StateStore(tmp.resolve("root"));
        ContainerDir c = store.create("c");
        c.write(ContainerRecord.of("c", 1, 2, "/b", "/b/rootfs", Instant.now()));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "x");
        Files.createSymbolicLink(c.path().resolve("link"), outside);
        Files.createDirectories(c.path().resolve("notify/sub"));
        Files.writeString(c.path().resolve("notify/sub/f"), "y");
        c.destroy();
        assertThat(c.path()).doesNotExist();
        assertThat(outside.resolve("precious")).hasContent("x");
        assertThat(store.find("c")).isEmpty();
        c.destroy(); // idempotent
    }
}
