package io.jrunc.core.state;

/**
 * A container's status as {@code state} and {@code list} report it (runc's words).
 * It is never stored: {@link StatusProbe} derives it live from the record, /proc and
 * the exec fifo, because the init process can die at any moment without telling anyone.
 */
public enum Status {
    /** The state directory exists but no record was written yet (create in progress). */
    CREATING,
    /** init is alive and blocked on the exec fifo, waiting for {@code start}. */
    CREATED,
    /** init has exec'd the user process. */
    RUNNING,
    /** the container's cgroup is frozen. */
    PAUSED,
    /** init is gone (or its pid now belongs to another process). */
    STOPPED;

    private final String json = name().toLowerCase(java.util.Locale.ROOT);

    /** The lowercase name used in JSON and tables: "created", "running", … */
    public String jsonName() {
        return json;
    }

    @Override
    public String toString() {
        return json;
    }
}
