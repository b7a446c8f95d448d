package io.jrunc.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runc's additions to the init's environment, and the passwd lookup behind HOME. */
class ProcessEnvTest {
    @TempDir
    Path dir;

    private Path rootfs() throws Exception {
        Path r = dir.resolve("rootfs");
        Files.createDirectories(r.resolve("etc"));
        Files.writeString(r.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nwww-data:x:33:33::/var/www:/bin/false\n"
                + "nohome:x:7:7::::\n");
        return r;
    }

    private static Spec spec(long uid, List<String> env) {
        Process p = new Process(false, null, new Process.User(uid, uid, null, null, null), List.of("sh"), null, env,
                "/", null, null, null, null, null, null, null, null, null);
        return new Spec("1.3.0", p, null, null, null, null, null, null, null);
    }

    @Test
    void homeComesFromTheContainersPasswdUnlessSet() throws Exception {
        Path r = rootfs();
        assertThat(ProcessEnv.withRuncDefaults(spec(33, List.of("PATH=/bin")), r, 0).process().env())
                .containsExactly("PATH=/bin", "HOME=/var/www");
        assertThat(ProcessEnv.withRuncDefaults(spec(0, List.of("HOME=/x")), r, 0).process().env())
                .containsExactly("HOME=/x");
        assertThat(ProcessEnv.withRuncDefaults(spec(4242, List.of()), r, 0).process().env())
                .as("no entry: runc's default").containsExactly("HOME=/");
        assertThat(ProcessEnv.withRuncDefaults(spec(7, List.of()), r, 0).process().env()).containsExactly("HOME=/");
    }

    @Test
    void listenFdsAreAnnouncedAfterTheConfigsEnv() throws Exception {
        assertThat(ProcessEnv.withRuncDefaults(spec(0, List.of("A=1")), rootfs(), 2).process().env())
                .containsExactly("A=1", "LISTEN_FDS=2", "LISTEN_PID=1", "HOME=/root");
    }

    @Test
    void listenFdsCountOnlyForThisProcess() {
        assertThat(ProcessEnv.listenFds("2", "77", 77)).isEqualTo(2);
        assertThat(ProcessEnv.listenFds("2", "1", 77)).isZero();
        assertThat(ProcessEnv.listenFds("2", null, 77)).isZero();
        assertThat(ProcessEnv.listenFds(null, "77", 77)).isZero();
        assertThat(ProcessEnv.listenFds("x", "77", 77)).isZero();
    }

    @Test
    void passwdSymlinksStayInsideTheRootfs() throws Exception {
        Path r = dir.resolve("r2");
        Files.createDirectories(r.resolve("etc"));
        Files.createDirectories(r.resolve("real"));
        Files.writeString(r.resolve("real/passwd"), "u:x:5:5::/inside:/bin/sh\n");
        Files.writeString(dir.resolve("outside-passwd"), "u:x:5:5::/OUTSIDE:/bin/sh\n");
        // an absolute target means the rootfs' /real/passwd, not the host's
        Files.createSymbolicLink(r.resolve("etc/passwd"), Path.of("/real/passwd"));
        assertThat(ContainerPasswd.home(r, 5)).isEqualTo("/inside");
        // ".." cannot climb out of the rootfs
        Files.delete(r.resolve("etc/passwd"));
        Files.createSymbolicLink(r.resolve("etc/passwd"), Path.of("../../../../outside-passwd"));
        assertThat(ContainerPasswd.home(r, 5)).isEqualTo("/");
        assertThat(ContainerPasswd.resolveInRoot(r, "etc/passwd")).isNull();
    }

    @Test
    void onlyARegularFileIsRead() throws Exception {
        Path r = dir.resolve("r3");
        Files.createDirectories(r.resolve("etc/passwd"));
        assertThat(ContainerPasswd.home(r, 0)).isEqualTo("/");
        assertThat(ContainerPasswd.home(dir.resolve("missing"), 0)).isEqualTo("/");
    }
}
