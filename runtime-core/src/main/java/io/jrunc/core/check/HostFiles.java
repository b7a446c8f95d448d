package io.jrunc.core.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The host's /proc, /sys and library files as {@code check} reads them, below a root that is
 * "/" for real and a made-up tree in tests. Missing or unreadable files read as absent.
 */
public final class HostFiles {
    private final Path root;

    public HostFiles(Path root) {
        this.root = root;
    }

    public static HostFiles real() {
        return new HostFiles(Path.of("/"));
    }

    /** An absolute host path below this root. */
    public Path resolve(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    public Optional<String> read(String absolute) {
        try {
            return Optional.of(Files.readString(resolve(absolute)).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public List<String> lines(String absolute) {
        return read(absolute).map(s -> s.lines().toList()).orElse(List.of());
    }

    public boolean exists(String absolute) {
        return Files.exists(resolve(absolute));
    }

    /** The names in a directory, sorted; empty when it does not exist. */
    public List<String> list(String absolute) {
        try (Stream<Path> s = Files.list(resolve(absolute))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
