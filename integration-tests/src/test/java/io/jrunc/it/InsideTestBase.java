package io.jrunc.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * For tests that check a container from inside: one {@code jrunc run} of a shell script that
 * prints several probes, each introduced by a line {@code @@name}, read back as sections.
 * One container answers many questions, which keeps the suite fast.
 */
abstract class InsideTestBase extends JruncTestBase {

    /**
     * A script printing {@code @@name} then the output of {@code command}, for each pair. No
     * redirection is added: busybox sh keeps a saved copy of a redirected fd (fd 10) while a
     * redirection is active, which a probe of its fds would see; commands that want their
     * errors in a section say {@code 2>&1} themselves.
     */
    static String probes(String... nameCommandPairs) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < nameCommandPairs.length; i += 2) {
            s.append("echo @@").append(nameCommandPairs[i]).append("; ").append(nameCommandPairs[i + 1])
                    .append("; ");
        }
        return s.append("echo @@end").toString();
    }

    /** Runs {@code script} with sh -c in a new container (foreground run); fails unless it exits 0. */
    Map<String, String> inside(Bundles.Rootfs kind, Consumer<ObjectNode> edit, String script, String... runFlags) {
        ProcResult r = runScript(kind, edit, script, runFlags);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).contains("@@end");
        return sections(r.stdout());
    }

    ProcResult runScript(Bundles.Rootfs kind, Consumer<ObjectNode> edit, String script, String... runFlags) {
        Path b = bundle(kind, edit, "sh", "-c", script);
        return runBundle(b, runFlags);
    }

    ProcResult runBundle(Path b, String... runFlags) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(runFlags));
        args.addAll(List.of("--bundle", b.toString(), newId()));
        return jrunc(args.toArray(String[]::new));
    }

    /** The text after each {@code @@name} line up to the next one, without the trailing newline. */
    static Map<String, String> sections(String out) {
        Map<String, String> m = new LinkedHashMap<>();
        String name = null;
        StringBuilder cur = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (line.startsWith("@@")) {
                if (name != null) {
                    m.put(name, cur.toString().stripTrailing());
                }
                name = line.substring(2);
                cur.setLength(0);
            } else if (name != null) {
                cur.append(line).append('\n');
            }
        }
        return m;
    }

    /** The mountinfo line whose mount point is {@code point} (the last one: the top of the stack). */
    static String mountAt(String mountinfo, String point) {
        String found = null;
        for (String l : mountinfo.split("\n")) {
            String[] f = l.split(" ");
            if (f.length > 4 && f[4].equals(point)) {
                found = l;
            }
        }
        assertThat(found).as("a mount at %s in\n%s", point, mountinfo).isNotNull();
        return found;
    }

    /** Per-mount options (field 6) of a mountinfo line. */
    static List<String> mountOptions(String line) {
        return List.of(line.split(" ")[5].split(","));
    }

    /** The optional fields (shared:N, master:N, …) of a mountinfo line. */
    static List<String> optionalFields(String line) {
        String[] f = line.split(" ");
        List<String> o = new ArrayList<>();
        for (int i = 6; i < f.length && !f[i].equals("-"); i++) {
            o.add(f[i]);
        }
        return o;
    }

    /** Filesystem type and super options: the fields after " - ". */
    static String superPart(String line) {
        return line.substring(line.indexOf(" - ") + 3);
    }

    static ObjectNode process(ObjectNode config) {
        return (ObjectNode) config.get("process");
    }

    static ObjectNode linux(ObjectNode config) {
        return (ObjectNode) config.get("linux");
    }

    static ArrayNode mounts(ObjectNode config) {
        return (ArrayNode) config.get("mounts");
    }

    static ObjectNode addMount(ObjectNode config, String destination, String type, String source,
                               String... options) {
        ObjectNode m = mounts(config).addObject().put("destination", destination).put("type", type)
                .put("source", source);
        ArrayNode o = m.putArray("options");
        for (String s : options) {
            o.add(s);
        }
        return m;
    }

    static void setStrings(ObjectNode parent, String field, String... values) {
        ArrayNode a = parent.putArray(field);
        for (String v : values) {
            a.add(v);
        }
    }

    /** Removes the namespace {@code type} from linux.namespaces. */
    static void dropNamespace(ObjectNode config, String type) {
        ArrayNode ns = (ArrayNode) linux(config).get("namespaces");
        for (int i = ns.size() - 1; i >= 0; i--) {
            if (ns.get(i).get("type").asText().equals(type)) {
                ns.remove(i);
            }
        }
    }

    static void setNamespace(ObjectNode config, String type, String path) {
        dropNamespace(config, type);
        ObjectNode n = ((ArrayNode) linux(config).get("namespaces")).addObject().put("type", type);
        if (path != null) {
            n.put("path", path);
        }
    }
}
