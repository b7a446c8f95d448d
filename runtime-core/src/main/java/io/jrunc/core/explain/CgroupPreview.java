package io.jrunc.core.explain;

import io.jrunc.spec.Spec;
import java.util.List;

/**
 * Extension point for the cgroup manager: the cgroup files and values a create would write
 * for this config, so a dry run can print them. The manager implements it with the same
 * code that computes its real writes; until it is wired in, {@link #NOT_MANAGED} says so.
 */
@FunctionalInterface
public interface CgroupPreview {
    /** This build does not manage cgroups: the dry run prints a note instead of writes. */
    CgroupPreview NOT_MANAGED = (spec, id) -> null;

    /**
     * The writes, in the order they would happen; null when cgroups are not managed.
     *
     * @param spec the validated config (linux.cgroupsPath, linux.resources)
     * @param id   the container id (part of the default cgroup path)
     */
    List<Write> writes(Spec spec, String id);

    /**
     * One cgroup file write.
     *
     * @param file   absolute path of the cgroup file, e.g. /sys/fs/cgroup/memory/jrunc/c1/memory.limit_in_bytes
     * @param value  what is written
     * @param source the config.json field it comes from, e.g. linux.resources.memory.limit
     */
    record Write(String file, String value, String source) {
    }
}
