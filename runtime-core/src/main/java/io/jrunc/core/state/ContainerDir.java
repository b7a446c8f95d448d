package io.jrunc.core.state;

import io.jrunc.core.JruncException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One container's state directory, {@code <root>/<id>/} (mode 0711), holding
 * {@code state.json} (the {@link ContainerRecord}), {@code exec.fifo} between create and
 * start, and {@code lock}, the file that serializes commands on this container.
 * Obtained from {@link StateStore}; holds no open resources itself.
 */
public final class ContainerDir {
    static final String STATE_FILE = "state.json";
    static final String LOCK_FILE = "lock";
    /** Written by create before it makes anything outside the directory; gone once state.json is. */
    static final String CREATING_FILE = "creating";
    public static final String EXEC_FIFO = "exec.fifo";

    /** In-process half of {@link #lock()}: JVM file locks are per process, not per thread. */
    private static final ConcurrentHashMap<String, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final Path path;
    private final String id;

    ContainerDir(Path path, String id) {
        this.path = path;
        this.id = id;
    }

    public Path path() {
        return path;
    }

    public String id() {
        return id;
    }

    /** {@code <dir>/exec.fifo}: exists exactly while the container is "created". */
    public Path execFifo() {
        return path.resolve(EXEC_FIFO);
    }

    public Path stateFile() {
        return path.resolve(STATE_FILE);
    }

    /** A held container lock; closing it releases it (never throws). */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the container's exclusive lock, waiting for other threads and processes that
     * hold it. It is an flock-style lock on {@code <dir>/lock}: the kernel drops it when its
     * holder dies, so a crashed command never wedges a container. Re-entrant within a thread.
     * After it returns, re-{@link #read()} the record: another command may have changed it.
     *
     * @throws JruncException "container does not exist" if the directory is (or, while we
     *                        waited, was) destroyed
     */
    public Lock lock() throws JruncException {
        Path lockFile = path.resolve(LOCK_FILE);
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(lockFile.toString(), k -> new ReentrantLock());
        local.lock();
        if (local.getHoldCount() > 1) {
            return local::unlock;
        }
        try {
            while (true) {
                // The key before open and after lock must agree: otherwise the directory was
                // destroyed (and perhaps re-created) while we waited, and our lock guards nothing.
                Object before = fileKey(lockFile);
                if (before == null) {
                    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        throw new JruncException("container does not exist");
                    }
                    createLockFile(path);
                    continue;
                }
                FileChannel ch;
                try {
                    ch = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue;
                }
                FileLock fl;
                try {
                    fl = ch.lock();
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                if (Objects.equals(before, fileKey(lockFile))) {
                    return () -> {
                        try {
                            fl.release();
                        } catch (IOException ignored) {
                            // closing the channel below releases it anyway
                        } finally {
                            try {
                                ch.close();
                            } catch (IOException ignored) {
                                // nothing left to do
                            }
                            local.unlock();
                        }
                    };
                }
                ch.close(); // releases the stale lock
            }
        } catch (IOException e) {
            local.unlock();
            throw new JruncException("lock " + lockFile + ": " + StateStore.reason(e), e);
        } catch (JruncException | RuntimeException | Error e) {
            local.unlock();
            throw e;
        }
    }

    static void createLockFile(Path dir) throws IOException {
        try {
            Files.createFile(dir.resolve(LOCK_FILE), StateStore.perms("rw-------"));
        } catch (java.nio.file.FileAlreadyExistsException ignored) {
            // someone else made it
        }
    }

    private static Object fileKey(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The record, or empty when none was written yet (create in progress, or it crashed). */
    public Optional<ContainerRecord> read() throws JruncException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(stateFile());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new JruncException("read " + stateFile() + ": " + StateStore.reason(e), e);
        }
        try {
            return Optional.of(StateJson.read(raw));
        } catch (IOException e) {
            throw new JruncException("invalid " + stateFile() + ": " + oneLine(e), e);
        }
    }

    /** Jackson's messages carry a second line with the source location: keep the first. */
    private static String oneLine(IOException e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage()
                : e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    /**
     * What an unfinished create left for {@code delete} to clean up: the cgroup paths it made
     * and, once known, the container init's pid and start time. A create killed before it
     * wrote state.json leaves only this (see {@link #readCreating()}).
     */
    public record Creating(Map<String, String> cgroupPaths, int pid, long pidStartTime) {
    }

    /** Records (atomically, replacing) what this create has made so far. */
    public void writeCreating(Creating c) throws JruncException {
        StringBuilder sb = new StringBuilder();
        sb.append("pid ").append(c.pid()).append(' ').append(c.pidStartTime()).append('\n');
        for (Map.Entry<String, String> e : c.cgroupPaths().entrySet()) {
            if (e.getKey().contains(" ") || e.getKey().contains("\n") || e.getValue().contains("\n")) {
                throw new JruncException("cgroup path " + e.getValue() + " cannot be recorded");
            }
            sb.append("cgroup ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        Path file = path.resolve(CREATING_FILE);
        Path tmp = path.resolve(CREATING_FILE + ".tmp");
        try {
            Files.writeString(tmp, sb);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new JruncException("write " + file + ": " + StateStore.reason(e), e);
        }
    }

    /** The marker of an unfinished create, if there is one and it is readable. */
    public Optional<Creating> readCreating() {
        Map<String, String> cg = new LinkedHashMap<>();
        int pid = 0;
        long start = 0;
        try {
            for (String line : Files.readAllLines(path.resolve(CREATING_FILE))) {
                String[] f = line.split(" ", 3);
                if (f.length == 3 && f[0].equals("pid")) {
                    pid = Integer.parseInt(f[1]);
                    start = Long.parseLong(f[2]);
                } else if (f.length == 3 && f[0].equals("cgroup")) {
                    cg.put(f[1], f[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new Creating(cg, pid, start));
    }

    /** create succeeded: state.json now says everything the marker said. */
    public void removeCreating() {
        try {
            Files.deleteIfExists(path.resolve(CREATING_FILE));
        } catch (IOException ignored) {
            // delete reads state.json first; a stale marker is harmless
        }
    }

    /**
     * Replaces the record atomically: a temp file in the directory, written (not fsync'ed, as runc),
     * then renamed over state.json. A reader sees the old or the new record, never a part.
     */
    public void write(ContainerRecord record) throws JruncException {
        if (!record.id().equals(id)) {
            throw new IllegalArgumentException("record " + record.id() + " written to the directory of " + id);
        }
        byte[] json = StateJson.write(record);
        Path tmp = null;
        try {
            // a name of our own rather than Files.createTempFile, whose SecureRandom names cost a
            // create 10-20 ms of security-provider start-up; writers hold the container lock
            tmp = path.resolve("state-" + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(tmp); // left by a writer that died
            try (FileChannel ch = FileChannel.open(tmp, java.util.EnumSet.of(StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.util.EnumSet.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)))) { // 0600, as before
                ByteBuffer buf = ByteBuffer.wrap(json);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                // no fsync, as runc's saveState: the state lives under /run (tmpfs) where it is a
                // no-op, and on a disk it cost create 20-60 ms; the rename keeps it atomic
            }
            Files.move(tmp, stateFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new JruncException("write " + stateFile() + ": " + StateStore.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }


    /**
     * Removes the directory and everything in it. Symbolic links are removed, never
     * followed, so nothing outside the directory is touched. Missing already: no error.
     */
    public void destroy() throws JruncException {
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null && !(exc instanceof NoSuchFileException)) {
                        throw exc;
                    }
                    try {
                        Files.deleteIfExists(dir);
                    } catch (DirectoryNotEmptyException e) {
                        throw new IOException(dir + " is not empty (something is being created in it)", e);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            throw new JruncException("remove " + path + ": " + StateStore.reason(e), e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
