package io.jrunc.core.cgroup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file operations the cgroup managers make. {@link #REAL} does plain file writes (one
 * {@code write(2)} per value, never creating files: a missing knob is ENOENT, as with the
 * kernel); tests wrap it to record the writes and inject errors.
 */
public interface CgroupIO {
    CgroupIO REAL = new CgroupIO() {
    };

    /** Writes {@code value} to an existing file (O_WRONLY|O_TRUNC, no O_CREAT). */
    default void write(Path file, String value) throws CgroupIOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(value.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CgroupIOException.of("write", file, value, e);
        }
    }

    default String read(Path file) throws CgroupIOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CgroupIOException.of("read", file, null, e);
        }
    }

    default boolean exists(Path p) {
        return Files.exists(p);
    }

    /** mkdir(2) with mode 0755; false when it already existed. */
    default boolean mkdir(Path dir) throws CgroupIOException {
        try {
            Files.createDirectory(dir);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw CgroupIOException.of("mkdir", dir, null, e);
        }
    }

    /** rmdir(2): on cgroupfs the knob files go with the directory. ENOENT is not an error. */
    default void rmdir(Path dir) throws CgroupIOException {
        try {
            Files.delete(dir);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            throw CgroupIOException.of("rmdir", dir, null, e);
        }
    }

    /** The sub-directories (child cgroups) of dir; empty when dir is gone. */
    default List<Path> subdirs(Path dir) throws CgroupIOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).sorted().forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw CgroupIOException.of("list", dir, null, e);
        }
        return out;
    }

    /** The file names in dir (for knobs named after page sizes); empty when dir is gone. */
    default List<String> fileNames(Path dir) throws CgroupIOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw CgroupIOException.of("list", dir, null, e);
        }
        return out;
    }

    /** Pause between polls (freezer, rmdir retries); tests make it a no-op. */
    default void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
