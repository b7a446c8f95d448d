package io.jrunc.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.core.explain.CgroupPreview;
import io.jrunc.spec.SpecIO;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --bundle against a made-up hybrid host: each finding names its JSON path. */
class BundleCheckTest {
    @TempDir
    Path tmp;
    FakeHost host;
    Path bundle;

    @BeforeEach
    void setUp() throws Exception {
        host = FakeHost.hybrid(tmp.resolve("host"));
        bundle = tmp.resolve("bundle");
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Path box = Files.createDirectories(bundle.resolve("rootfs/opt/box")).resolve("jrunc-test-box");
        Files.writeString(box, "#!");
        Files.setPosixFilePermissions(box, PosixFilePermissions.fromString("rwxr-xr-x"));
        // an absolute link means the rootfs' /, not the host's (which has no /opt/box)
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("/opt/box/jrunc-test-box"));
        Files.writeString(bin.resolve("notes.txt"), "");
    }

    List<Finding> check(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode json;
        try (InputStream in = getClass().getResourceAsStream("/runc-spec.json")) {
            json = (ObjectNode) SpecIO.mapper().readTree(in);
        }
        ((ObjectNode) json.get("process")).put("terminal", false);
        edit.accept(json);
        Files.writeString(bundle.resolve("config.json"), json.toString());
        HostReport h = HostReport.gather(host.files(), tmp.resolve("state"));
        return BundleCheck.check(bundle, h, host.files(), CgroupPreview.NOT_MANAGED, false);
    }

    static List<Finding> errors(List<Finding> f) {
        return f.stream().filter(x -> x.severity() == Finding.Severity.ERROR).toList();
    }

    @Test
    void runcsDefaultRunsHereWithOnlyTheCgroupWarning() throws Exception {
        List<Finding> f = check(j -> { });
        assertThat(errors(f)).isEmpty();
        assertThat(f).extracting(Finding::field).containsExactly("linux.resources, linux.cgroupsPath");
    }

    @Test
    void aMountTypeTheKernelLacksIsNamed() throws Exception {
        List<Finding> f = check(j -> ((ArrayNode) j.get("mounts")).addObject()
                .put("destination", "/weird").put("type", "nosuchfs").put("source", "none"));
        assertThat(errors(f)).containsExactly(Finding.error("mounts[7].type",
                "filesystem \"nosuchfs\" is not in /proc/filesystems: the kernel cannot mount it"));
    }

    @Test
    void aMissingOrNonExecutableProgramIsNamed() throws Exception {
        List<Finding> f = check(j -> ((ObjectNode) j.get("process")).putArray("args").add("nosuch"));
        assertThat(errors(f)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("process.args[0]");
            assertThat(e.message()).startsWith("\"nosuch\" is not found in the rootfs along PATH /usr/local/sbin:");
        });
        assertThat(errors(check(j -> ((ObjectNode) j.get("process")).putArray("args").add("/bin/notes.txt"))))
                .containsExactly(Finding.error("process.args[0]", "\"/bin/notes.txt\" in the rootfs is not an executable file"));
        assertThat(errors(check(j -> { }))).as("sh → /opt/box/jrunc-test-box resolved inside the rootfs").isEmpty();
    }

    @Test
    void namespacesSysctlsHooksAndControllersTheHostLacks() throws Exception {
        Files.delete(host.root.resolve("proc/self/ns/time"));
        host.file("/proc/sys/kernel/osrelease", "5.4.0\n");
        List<Finding> f = check(j -> {
            ObjectNode linux = (ObjectNode) j.get("linux");
            ((ArrayNode) linux.get("namespaces")).addObject().put("type", "time");
            ((ArrayNode) linux.get("namespaces")).addObject().put("type", "cgroup").put("path", "/proc/4242/ns/cgroup");
            linux.putObject("sysctl").put("net.ipv4.ip_forward", "1").put("net.ipv4.nosuch", "1");
            linux.putObject("resources").putObject("memory").put("limit", 1048576);
            ((ObjectNode) linux.get("resources")).putObject("pids").put("limit", 10);
            j.putObject("hooks").putArray("prestart").addObject().put("path", "/usr/bin/nohook");
        });
        assertThat(errors(f)).extracting(Finding::field).containsExactlyInAnyOrder("linux.namespaces[5].type",
                "linux.namespaces[6].path", "linux.sysctl.net.ipv4.nosuch", "linux.resources.memory",
                "hooks.prestart[0].path");
        assertThat(errors(f)).filteredOn(e -> e.field().equals("linux.namespaces[5].type")).singleElement()
                .extracting(Finding::message).isEqualTo("time namespaces need Linux 5.6 (this kernel is 5.4.0)");
        assertThat(errors(f)).filteredOn(e -> e.field().equals("linux.resources.memory")).singleElement()
                .extracting(Finding::message).asString().startsWith("the memory cgroup controller is not enabled");
    }

    @Test
    void anInvalidConfigIsOneErrorNamingItsField() throws Exception {
        List<Finding> f = check(j -> ((ObjectNode) j.get("process")).put("cwd", "relative"));
        assertThat(f).singleElement().satisfies(e -> {
            assertThat(e.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(e.field()).isEqualTo("process.cwd");
        });
    }
}
