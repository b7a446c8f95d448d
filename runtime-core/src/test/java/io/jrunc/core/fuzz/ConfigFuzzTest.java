package io.jrunc.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.core.plan.ContainerPlanner;
import io.jrunc.core.plan.CreateContext;
import io.jrunc.core.plan.HostFacts;
import io.jrunc.core.plan.Plan;
import io.jrunc.spec.ConfigException;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import io.jrunc.spec.validate.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Property-based fuzzing of the config path a create takes before anything touches the host:
 * SpecIO (parse) → Validator → ContainerPlanner. A valid runc spec is mutated at random
 * (values of the wrong type, out-of-range numbers, removed and extra fields, deep nesting,
 * huge strings, invalid UTF-8); every outcome must be a plan or a ConfigException whose
 * one-line message names the JSON path (or, for a document that is not JSON at all, says
 * "invalid JSON"). Any other exception is a bug. Tries: 200 by default
 * (src/test/resources/junit-platform.properties); -Djrunc.soak=true mutates 20 times as
 * much per try, -Djqwik.tries.default=N sets the tries.
 */
class ConfigFuzzTest {
    private static final boolean SOAK = Boolean.getBoolean("jrunc.soak");
    private static final HostFacts HOST = new HostFacts(
            List.of(new HostFacts.CgroupV1("cpu", "cpu"), new HostFacts.CgroupV1("memory", "memory")),
            true, false, true, 40);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Path BUNDLE = bundle();
    private static final ObjectNode BASE = base();

    private static Path bundle() {
        try {
            Path b = Files.createTempDirectory("jrunc-fuzz-");
            Files.createDirectories(b.resolve("rootfs"));
            b.toFile().deleteOnExit();
            b.resolve("rootfs").toFile().deleteOnExit();
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode base() {
        try (InputStream in = ConfigFuzzTest.class.getResourceAsStream("/runc-spec.json")) {
            ObjectNode json = (ObjectNode) SpecIO.mapper().readTree(in);
            ((ObjectNode) json.get("process")).put("terminal", false);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property
    void mutatedConfigsArePlannedOrRefusedWithAJsonPath(@ForAll long seed) {
        Random rnd = new Random(seed);
        for (int round = 0; round < (SOAK ? 20 : 1); round++) {
            ObjectNode json = BASE.deepCopy();
            int mutations = 1 + rnd.nextInt(4);
            for (int i = 0; i < mutations; i++) {
                mutate(json, rnd);
            }
            byte[] doc = json.toString().getBytes(StandardCharsets.UTF_8);
            if (rnd.nextInt(8) == 0) {
                doc = corruptBytes(doc, rnd);
            } else if (rnd.nextInt(16) == 0) {
                // nesting beyond Jackson's limit (1000) cannot be built as a tree: splice it in as text
                int d = 1001 + rnd.nextInt(2000);
                String deep = "{\"deep\":" + "[".repeat(d) + "1" + "]".repeat(d) + ",";
                doc = (deep + new String(doc, 1, doc.length - 1, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
            check(doc, seed);
        }
    }

    private static void check(byte[] doc, long seed) {
        try {
            Spec spec = SpecIO.parse("config.json", new ByteArrayInputStream(doc), Spec.class);
            Validator.validate(spec, BUNDLE, false);
            Plan plan = ContainerPlanner.plan(new CreateContext(spec, BUNDLE, BUNDLE.resolve("rootfs"),
                    BUNDLE.resolve("exec.fifo"), false, 0, HOST, List.of("/cg/cpu/jrunc/x/cgroup.procs")));
            assertThat(plan.ops()).isNotEmpty();
        } catch (ConfigException e) {
            String m = e.getMessage();
            assertThat(m).as("seed %d", seed).doesNotContain("\n").startsWith("config.json: ")
                    .doesNotContain("io.jrunc.");
            boolean named = e.jsonPath() != null && !e.jsonPath().isEmpty();
            assertThat(named || m.startsWith("config.json: invalid JSON") || m.equals("config.json: empty document"))
                    .as("seed %d: the message names no JSON path: %s", seed, m).isTrue();
        } catch (Throwable t) {
            fail("seed " + seed + ": " + t + "\n" + preview(doc), t);
        }
    }

    private static String preview(byte[] doc) {
        String s = new String(doc, StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    /** One random change somewhere in the tree. */
    private static void mutate(ObjectNode root, Random rnd) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(rnd.nextInt(containers.size()));
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            int what = rnd.nextInt(4);
            if (names.isEmpty() || what == 0) {
                o.set(randomName(rnd), randomValue(rnd, 0));
            } else if (what == 1) {
                o.remove(names.get(rnd.nextInt(names.size())));
            } else {
                o.set(names.get(rnd.nextInt(names.size())), randomValue(rnd, 0));
            }
        } else if (target instanceof ArrayNode a) {
            int what = rnd.nextInt(3);
            if (a.isEmpty() || what == 0) {
                a.add(randomValue(rnd, 0));
            } else if (what == 1) {
                a.remove(rnd.nextInt(a.size()));
            } else {
                a.set(rnd.nextInt(a.size()), randomValue(rnd, 0));
            }
        }
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    private static final String[] NAMES = {"type", "path", "options", "destination", "source", "uid", "gid",
        "limit", "args", "env", "cwd", "hostID", "containerID", "size", "major", "minor", "fileMode", "names",
        "action", "syscalls", "cgroupsPath", "sysctl", "devices", "allow", "access", "x-unknown", "", "\u0000"};

    private static String randomName(Random rnd) {
        return NAMES[rnd.nextInt(NAMES.length)];
    }

    private static JsonNode randomValue(Random rnd, int depth) {
        switch (rnd.nextInt(depth > 3 ? 9 : 12)) {
            case 0: return F.nullNode();
            case 1: return F.booleanNode(rnd.nextBoolean());
            case 2: return F.numberNode(rnd.nextInt());
            case 3: {
                long[] edge = {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, 4294967295L, 4294967296L, 65536, -4096};
                return F.numberNode(edge[rnd.nextInt(edge.length)]);
            }
            case 4: return F.numberNode(rnd.nextBoolean() ? 1e308 * 10 : -0.5);
            case 5: return F.numberNode(new java.math.BigInteger("9".repeat(1 + rnd.nextInt(60))));
            case 6: {
                String[] s = {"", "/", "..", "../../etc", "/proc/self/fd/3", "a\u0000b", "ünïcödé", "\uD800",
                    "rw,nosuid", "CAP_SYS_ADMIN", "RLIMIT_NOFILE", "SCMP_ACT_ALLOW", "bind", "tmpfs", "c", "b",
                    "mount", "pid", "user", "-1", "0x10", "1e3"};
                return F.textNode(s[rnd.nextInt(s.length)]);
            }
            case 7: return F.textNode("x".repeat(rnd.nextInt(3) == 0 ? 1 << 20 : 1 + rnd.nextInt(5000)));
            case 8: {
                // deep nesting, beyond Jackson's depth limit now and then
                JsonNode n = F.numberNode(1);
                int d = rnd.nextBoolean() ? 50 + rnd.nextInt(100) : 300 + rnd.nextInt(200);
                for (int i = 0; i < d; i++) {
                    n = rnd.nextBoolean() ? F.arrayNode().add(n) : F.objectNode().set("a", n);
                }
                return n;
            }
            case 9, 10: {
                ArrayNode a = F.arrayNode();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    a.add(randomValue(rnd, depth + 1));
                }
                return a;
            }
            default: {
                ObjectNode o = F.objectNode();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    o.set(randomName(rnd), randomValue(rnd, depth + 1));
                }
                return o;
            }
        }
    }

    /** Invalid UTF-8, truncation or a stray byte. */
    private static byte[] corruptBytes(byte[] doc, Random rnd) {
        int at = rnd.nextInt(doc.length);
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0}, {'"'}};
        if (rnd.nextInt(4) == 0) {
            return java.util.Arrays.copyOf(doc, at);
        }
        byte[] ins = bad[rnd.nextInt(bad.length)];
        byte[] out = new byte[doc.length + ins.length];
        System.arraycopy(doc, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(doc, at, out, at + ins.length, doc.length - at);
        return out;
    }
}
