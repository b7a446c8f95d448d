package io.jrunc.core.explain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a dry run shows: where the container would live, every plan step decoded and
 * grouped by {@link Section} (each section in plan order), the final execve, and notes on
 * what the plan does not cover. {@link TextReport} and {@link JsonReport} print it.
 *
 * @param container where the container would live
 * @param steps     the number of ops in the plan
 * @param sections  every section, possibly empty, in {@link Section} order
 * @param exec      the final execve
 * @param notes     config parts the plan does not carry out, one sentence each
 */
public record PlanReport(Container container, int steps, Map<Section, List<Entry>> sections, Exec exec,
                         List<String> notes) {
    public PlanReport {
        EnumMap<Section, List<Entry>> all = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            all.put(s, List.copyOf(sections.getOrDefault(s, List.of())));
        }
        sections = Collections.unmodifiableMap(all);
        notes = List.copyOf(notes);
    }

    /**
     * @param id       the container id
     * @param bundle   the bundle directory
     * @param rootfs   the resolved root filesystem
     * @param stateDir {@code <root>/<id>}, which a real create makes (a dry run does not)
     * @param execFifo the exec fifo in it
     */
    public record Container(String id, String bundle, String rootfs, String stateDir, String execFifo) {
    }

    /** The final execve: argv[0] is looked up through PATH from env inside the container. */
    public record Exec(List<String> argv, List<String> env, String cwd, long uid, long gid, List<Long> additionalGids) {
        public Exec {
            argv = List.copyOf(argv);
            env = List.copyOf(env);
            additionalGids = List.copyOf(additionalGids);
        }
    }
}
