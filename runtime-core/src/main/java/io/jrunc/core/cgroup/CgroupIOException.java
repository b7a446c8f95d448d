package io.jrunc.core.cgroup;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A failed read, write or rmdir on a cgroup file, with the errno it stands for (the cgroup
 * code needs to tell EBUSY, EINVAL and ENOENT apart, as runc does).
 */
public final class CgroupIOException extends CgroupException {
    /** The errno names this code distinguishes; OTHER for anything else. */
    public enum Errno { ENOENT, EINVAL, EBUSY, EPERM, EACCES, ENOSPC, ENOTSUP, ENODEV, EROFS, ENOTEMPTY, OTHER }

    private final Errno errno;
    private final String reason;

    public CgroupIOException(String message, Errno errno, String reason, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.reason = reason;
    }

    public Errno errno() {
        return errno;
    }

    /** The kernel's text, lower case as Go prints it ("device or resource busy"). */
    public String reason() {
        return reason;
    }

    public boolean is(Errno e) {
        return errno == e;
    }

    /** {@code cgroup: <op> <path>[ = value]: <reason>} from an I/O failure. */
    static CgroupIOException of(String op, Path path, String value, IOException e) {
        String reason = reasonOf(e);
        Errno errno = errnoOf(e, reason);
        String msg = "cgroup: " + op + " " + path + (value == null ? "" : " = " + printable(value)) + ": " + reason;
        return new CgroupIOException(msg, errno, reason, e);
    }

    /** An error made up by a fake file system in tests, or by jrunc itself. */
    public static CgroupIOException synthetic(String op, Path path, String value, Errno errno) {
        String reason = switch (errno) {
            case ENOENT -> "no such file or directory";
            case EINVAL -> "invalid argument";
            case EBUSY -> "device or resource busy";
            case EPERM -> "operation not permitted";
            case EACCES -> "permission denied";
            case ENOSPC -> "no space left on device";
            case ENOTSUP -> "operation not supported";
            case ENODEV -> "no such device";
            case EROFS -> "read-only file system";
            case ENOTEMPTY -> "directory not empty";
            case OTHER -> "input/output error";
        };
        String msg = "cgroup: " + op + " " + path + (value == null ? "" : " = " + printable(value)) + ": " + reason;
        return new CgroupIOException(msg, errno, reason, null);
    }

    private static String printable(String value) {
        return value.replace("\n", "\\n");
    }

    private static String reasonOf(IOException e) {
        String r;
        if (e instanceof NoSuchFileException) {
            r = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            r = "permission denied";
        } else if (e instanceof DirectoryNotEmptyException) {
            r = "directory not empty";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            r = fse.getReason();
        } else {
            r = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (!r.isEmpty() && Character.isUpperCase(r.charAt(0)) && (r.length() == 1 || Character.isLowerCase(r.charAt(1)))) {
            r = Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        return r;
    }

    private static Errno errnoOf(IOException e, String reason) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return Errno.ENOTEMPTY;
        }
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("no such file")) {
            return Errno.ENOENT;
        } else if (r.contains("invalid argument")) {
            return Errno.EINVAL;
        } else if (r.contains("resource busy")) {
            return Errno.EBUSY;
        } else if (r.contains("operation not permitted")) {
            return Errno.EPERM;
        } else if (r.contains("permission denied")) {
            return Errno.EACCES;
        } else if (r.contains("no space left")) {
            return Errno.ENOSPC;
        } else if (r.contains("not supported")) {
            return Errno.ENOTSUP;
        } else if (r.contains("no such device")) {
            return Errno.ENODEV;
        } else if (r.contains("read-only file system")) {
            return Errno.EROFS;
        } else if (r.contains("not empty")) {
            return Errno.ENOTEMPTY;
        }
        return Errno.OTHER;
    }
}
