package io.jrunc.core.cgroup;

import io.jrunc.core.JruncException;

/**
 * A cgroup operation failed. Messages start with {@code cgroup: } and name the file and the
 * value, e.g. {@code cgroup: write /sys/fs/cgroup/memory/ct/memory.limit_in_bytes = 1048576:
 * device or resource busy}.
 */
public class CgroupException extends JruncException {
    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
