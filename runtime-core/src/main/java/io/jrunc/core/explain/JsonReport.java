package io.jrunc.core.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool form of a dry run: schema {@value #SCHEMA}, documented in docs/dry-run.md.
 * Every section key is always present (an empty array when nothing applies); keys are only
 * ever added, never renamed.
 */
public final class JsonReport {
    public static final String SCHEMA = "jrunc.dry-run/v1";

    private JsonReport() {
    }

    public static String render(PlanReport r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        PlanReport.Container c = r.container();
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("id", c.id());
        container.put("bundle", c.bundle());
        container.put("rootfs", c.rootfs());
        container.put("stateDir", c.stateDir());
        container.put("execFifo", c.execFifo());
        doc.put("container", container);
        doc.put("steps", r.steps());
        Map<String, Object> sections = new LinkedHashMap<>();
        r.sections().forEach((s, entries) -> {
            List<Object> list = new ArrayList<>();
            for (Entry e : entries) {
                list.add(entry(e));
            }
            sections.put(s.key(), list);
        });
        doc.put("sections", sections);
        PlanReport.Exec e = r.exec();
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("argv", e.argv());
        exec.put("env", e.env());
        exec.put("cwd", e.cwd());
        exec.put("uid", e.uid());
        exec.put("gid", e.gid());
        exec.put("additionalGids", e.additionalGids());
        doc.put("exec", exec);
        doc.put("notes", r.notes());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("dry-run report is not serializable", ex);
        }
    }

    private static Map<String, Object> entry(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", e.step());
        m.put("op", e.op());
        m.put("action", e.action());
        m.put("target", e.target());
        m.put("description", e.description());
        m.put("source", e.source());
        m.put("fields", e.fields());
        m.put("args", e.args());
        return m;
    }
}
