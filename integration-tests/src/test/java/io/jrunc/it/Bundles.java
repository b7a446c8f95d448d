package io.jrunc.it;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Makes OCI bundles for tests. The config starts as the stored equivalent of {@code runc spec}
 * (src/test/resources/runc-spec.json), with terminal off and the given args.
 * <ul>
 * <li>{@link Rootfs#BUSYBOX}: the fixture is copied into the bundle (2 MB, cheap), writable
 * unless the test keeps {@code root.readonly} (runc spec's default is read-only);</li>
 * <li>{@link Rootfs#DEBIAN}: root.path points at the shared fixture and root.readonly is forced on,
 * so no test can change it (write to a tmpfs mount the test adds if it must).</li>
 * </ul>
 */
public final class Bundles {
    public static final ObjectMapper JSON = new ObjectMapper();

    public enum Rootfs { BUSYBOX, DEBIAN }

    private Bundles() {}

    /** The stored runc-spec-equivalent config. */
    public static ObjectNode runcSpec() {
        try (InputStream in = Bundles.class.getResourceAsStream("/runc-spec.json")) {
            if (in == null) {
                throw new IllegalStateException("runc-spec.json missing from the test resources");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path create(Rootfs kind, Path dir, Consumer<ObjectNode> edit, String... args) {
        try {
            Files.createDirectories(dir);
            ObjectNode config = runcSpec();
            ObjectNode process = (ObjectNode) config.get("process");
            process.put("terminal", false);
            ArrayNode argv = process.putArray("args");
            for (String a : args.length == 0 ? new String[] {"sh"} : args) {
                argv.add(a);
            }
            ObjectNode root = (ObjectNode) config.get("root");
            switch (kind) {
                case BUSYBOX -> {
                    ProcResult cp = Proc.run(List.of("cp", "-a", ItEnv.busyboxRootfs().toString(),
                            dir.resolve("rootfs").toString()), Duration.ofSeconds(60));
                    if (cp.exitCode() != 0) {
                        throw new IllegalStateException("cannot copy the busybox rootfs:\n" + cp.describe());
                    }
                    root.put("path", "rootfs");
                }
                case DEBIAN -> root.put("path", ItEnv.debianRootfs().toString());
            }
            if (edit != null) {
                edit.accept(config);
            }
            if (kind == Rootfs.DEBIAN) {
                root.put("readonly", true); // shared by every test
            }
            write(config, dir.resolve("config.json"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(ObjectNode config, Path file) throws IOException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("\t", "\n"));
        Files.writeString(file, JSON.writer(pp).writeValueAsString(config) + "\n");
    }
}
