package io.jrunc.core.state;

import io.jrunc.core.JruncException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The state root ({@code --root}, default /run/jrunc): one {@link ContainerDir} per container.
 * The root is created 0700 (with its missing parents) when it does not exist, since
 * containerd passes roots that do not exist yet.
 */
public final class StateStore {
    public static final Path DEFAULT_ROOT = Path.of("/run/jrunc");

    private final Path root;

    public StateStore(Path root) throws JruncException {
        Path abs = root.toAbsolutePath().normalize();
        if (abs.getParent() == null) {
            throw new JruncException("Option --root argument should not be set to /");
        }
        try {
            if (!Files.isDirectory(abs)) {
                Files.createDirectories(abs, perms("rwx------"));
                Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rwx------"));
            } else if (abs.toRealPath().getParent() == null) {
                throw new JruncException("Option --root argument should not be set to /");
            }
        } catch (FileAlreadyExistsException e) {
            throw new JruncException("mkdir " + abs + ": not a directory", e);
        } catch (IOException e) {
            throw new JruncException("mkdir " + abs + ": " + reason(e), e);
        }
        this.root = abs;
    }

    public Path root() {
        return root;
    }

    /** runc's rule: {@code [A-Za-z0-9_+.-]+}, and not "." or "..". */
    public static void validateId(String id) throws JruncException {
        if (!isValidId(id)) {
            throw new JruncException("invalid container ID format");
        }
    }

    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '+' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Creates the container's directory (0711) atomically: of concurrent creates of one id,
     * exactly one succeeds. The directory starts without a record ("creating").
     */
    public ContainerDir create(String id) throws JruncException {
        validateId(id);
        Path dir = root.resolve(id);
        try {
            Files.createDirectory(dir, perms("rwx--x--x"));
        } catch (FileAlreadyExistsException e) {
            throw new JruncException("container with given ID already exists");
        } catch (IOException e) {
            throw new JruncException("mkdir " + dir + ": " + reason(e), e);
        }
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            ContainerDir.createLockFile(dir);
        } catch (IOException e) {
            throw new JruncException("mkdir " + dir + ": " + reason(e), e);
        }
        return new ContainerDir(dir, id);
    }

    /** The container's directory if it exists (with or without a record). */
    public Optional<ContainerDir> find(String id) throws JruncException {
        validateId(id);
        Path dir = root.resolve(id);
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(new ContainerDir(dir, id));
        }
        return Optional.empty();
    }

    /** Like {@link #find} but "container does not exist" when it is missing. */
    public ContainerDir load(String id) throws JruncException {
        return find(id).orElseThrow(() -> new JruncException("container does not exist"));
    }

    /** The ids of every container directory under the root, sorted. */
    public List<String> ids() throws JruncException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (isValidId(name) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    ids.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new JruncException("open " + root + ": " + reason(e), e);
        }
        ids.sort(null);
        return ids;
    }

    static FileAttribute<Set<PosixFilePermission>> perms(String s) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(s));
    }

    /** errno-style wording for an I/O failure, as Go's os errors read. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return String.valueOf(e.getMessage());
    }
}
