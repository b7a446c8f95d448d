package io.jrunc.core.sys;

import java.io.IOException;

/** A failed system call: the call's name and the errno it returned. */
public class ErrnoException extends IOException {
    private final int errno;

    public ErrnoException(String call, int errno, String strerror) {
        super(call + ": " + lowerFirst(strerror));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** Go and runc print "operation not permitted"; glibc says "Operation not permitted". */
    public static String lowerFirst(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
