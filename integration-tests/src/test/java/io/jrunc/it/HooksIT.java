package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The six OCI hooks: where they run, in which order, with which state on stdin, and what a
 * failing or hanging one does. Every hook is one script that appends its name to {@code order}
 * and saves its stdin as {@code <name>.json} next to itself; the directory is also bind-mounted
 * at /hooks so that startContainer (which resolves its path inside the container) finds it.
 */
class HooksIT extends InsideTestBase {
    private Path hooks;

    @BeforeEach
    void hookScript() throws Exception {
        hooks = tmp.resolve("hooks");
        Files.createDirectories(hooks);
        Path script = hooks.resolve("hook.sh");
        Files.writeString(script, """
                #!/bin/sh
                d=$(dirname "$0")
                cat > "$d/$1.json"
                echo "$1" >> "$d/order"
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void addHook(ObjectNode config, String kind, String path, String name, Integer timeout) {
        ObjectNode h = config.with("hooks").withArray(kind).addObject().put("path", path);
        h.putArray("args").add(path).add(name);
        h.putArray("env").add("PATH=/usr/sbin:/usr/bin:/sbin:/bin");
        if (timeout != null) {
            h.put("timeout", timeout);
        }
    }

    private void allSix(ObjectNode c) {
        String host = hooks.resolve("hook.sh").toString();
        addMount(c, "/hooks", "bind", hooks.toString(), "bind", "rw");
        for (String kind : List.of("prestart", "createRuntime", "createContainer", "poststart", "poststop")) {
            addHook(c, kind, host, kind, null);
        }
        addHook(c, "startContainer", "/hooks/hook.sh", "startContainer", null);
    }

    private JsonNode state(String name) throws Exception {
        return Bundles.JSON.readTree(Files.readString(hooks.resolve(name + ".json")));
    }

    @Test
    void allSixRunInOrderWithTheStateOnStdin() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, this::allSix, "sh", "-c", "echo container ran");
        String id = newId();
        ProcResult r = jrunc("run", "--bundle", b.toString(), id);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).isEqualTo("container ran\n");
        assertThat(Files.readAllLines(hooks.resolve("order"))).containsExactly(
                "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");
        for (String kind : List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart",
                "poststop")) {
            JsonNode s = state(kind);
            assertThat(s.get("id").asText()).as(kind).isEqualTo(id);
            assertThat(s.get("bundle").asText()).as(kind).isEqualTo(b.toString());
            assertThat(s.get("ociVersion").asText()).as(kind).isNotEmpty();
        }
        for (String kind : List.of("prestart", "createRuntime", "createContainer")) {
            assertThat(state(kind).get("status").asText()).as(kind).isEqualTo("creating");
            assertThat(state(kind).get("pid").asInt()).as(kind).isPositive();
        }
        // runc's standard init hands startContainer hooks the state with status "created"
        assertThat(state("startContainer").get("status").asText()).isEqualTo("created");
        assertThat(state("startContainer").get("pid").asInt()).isPositive();
        assertThat(state("poststart").get("status").asText()).isEqualTo("running");
        assertThat(state("poststop").get("status").asText()).isEqualTo("stopped");
        assertThat(state("createRuntime").get("pid")).isEqualTo(state("poststart").get("pid"));
    }

    @Test
    void aFailingCreateRuntimeHookFailsCreateAndLeavesNothing() throws Exception {
        Path fail = hooks.resolve("fail.sh");
        Files.writeString(fail, "#!/bin/sh\necho hook says no\nexit 3\n");
        Files.setPosixFilePermissions(fail, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> addHook(c, "createRuntime", fail.toString(), "x", null), "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("createRuntime").contains("exit status 3").contains("hook says no");
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    @Test
    void aHookPastItsTimeoutIsKilledAndFailsCreate() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> {
            ObjectNode h = c.with("hooks").withArray("createRuntime").addObject().put("path", "/bin/sleep")
                    .put("timeout", 1);
            h.putArray("args").add("sleep").add("30");
        }, "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("createRuntime").contains("1s");
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    @Test
    void aCreateContainerHookPastItsTimeoutFailsCreateToo() {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> {
            ObjectNode h = c.with("hooks").withArray("createContainer").addObject().put("path", "/bin/sleep")
                    .put("timeout", 1);
            h.putArray("args").add("sleep").add("30");
        }, "true");
        ProcResult r = jrunc("create", "--bundle", b.toString(), newId());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("/bin/sleep").contains("timeout of 1s");
        assertThat(jrunc("list", "-q").stdout()).isEmpty();
    }

    @Test
    void aFailingPoststartHookKillsTheContainerAndPoststopRunsAtDelete() throws Exception {
        Path b = bundle(Bundles.Rootfs.BUSYBOX, c -> {
            ((ArrayNode) c.with("hooks").withArray("poststart")).addObject().put("path", "/bin/false");
            addHook(c, "poststop", hooks.resolve("hook.sh").toString(), "poststop", null);
        }, "sleep", "60");
        String id = newId();
        assertThat(jrunc("create", "--bundle", b.toString(), id).exitCode()).isZero();
        ProcResult start = jrunc("start", id);
        assertThat(start.exitCode()).as(start.describe()).isEqualTo(1);
        assertThat(start.stderr()).contains("poststart");
        String status = "";
        for (int i = 0; i < 100 && !status.equals("stopped"); i++) {
            status = Bundles.JSON.readTree(jrunc("state", id).stdout()).get("status").asText();
            Thread.sleep(100);
        }
        assertThat(status).as("the container was killed").isEqualTo("stopped");
        assertThat(hooks.resolve("order")).doesNotExist();
        assertThat(jrunc("delete", id).exitCode()).isZero();
        assertThat(Files.readAllLines(hooks.resolve("order"))).containsExactly("poststop");
        assertThat(state("poststop").get("id").asText()).isEqualTo(id);
    }
}
