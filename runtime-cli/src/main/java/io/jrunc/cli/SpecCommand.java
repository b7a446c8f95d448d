package io.jrunc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.jrunc.core.JruncException;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code jrunc spec [-b bundle] [--rootless]}: writes a starter config.json into the
 * bundle (default: the current directory), as runc does: tab-indented, no trailing
 * newline, mode 0666 less the umask; an existing config.json is never overwritten.
 */
public final class SpecCommand extends JruncCommand {
    public String bundle = "";
    public boolean rootless;

    @Override
    public String name() {
        return "spec";
    }

    @Override
    protected void define(Flags f) {
        f.usage("create a new specification file")
                .exactArgs(0, "")
                .description("""
                        The spec command creates the new specification file named "config.json" for
                        the bundle.

                        The spec generated is just a starter file. Editing of the spec is required to
                        achieve desired results. For example, the newly generated spec includes an args
                        parameter that is initially set to call the "sh" command when the container is
                        started. Calling "sh" may work for an ubuntu container or busybox, but will not
                        work for containers that do not include the "sh" program.

                        Pass --rootless to generate a configuration for a container started by an
                        unprivileged user.""");
        f.string("bundle", "b", "path to the root of the bundle directory", v -> bundle = v);
        f.bool("rootless", null, "generate a configuration for a rootless container", v -> rootless = v);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        Path dir = Path.of(bundle.isEmpty() ? "." : bundle).toAbsolutePath();
        if (!bundle.isEmpty() && !Files.isDirectory(dir)) {
            throw new JruncException("chdir " + bundle + ": "
                    + (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) ? "not a directory" : "no such file or directory"));
        }
        Path config = dir.resolve("config.json");
        if (Files.exists(config, LinkOption.NOFOLLOW_LINKS)) {
            throw new JruncException("File config.json exists. Remove it first");
        }
        Spec spec = DefaultSpec.example(DefaultSpec.cgroup2Unified());
        if (rootless) {
            spec = DefaultSpec.rootless(spec, self("unix:uid"), self("unix:gid"));
        }
        byte[] data = render(spec).getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(config, data);
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString(mode0666LessUmask()));
        } catch (AccessDeniedException e) {
            throw new JruncException("open config.json: permission denied", e);
        } catch (NoSuchFileException e) {
            throw new JruncException("open config.json: no such file or directory", e);
        } catch (IOException e) {
            throw new JruncException("write config.json: " + e.getMessage(), e);
        }
        return 0;
    }

    /** The spec as Go's {@code json.MarshalIndent(spec, "", "\t")}: {@code "key": value}, tabs. */
    static String render(Spec spec) {
        DefaultIndenter tab = new DefaultIndenter("\t", "\n");
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(tab)
                .withArrayIndenter(tab);
        try {
            return SpecIO.mapper().writer(pp).writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long self(String attr) throws JruncException {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), attr)).longValue();
        } catch (IOException | RuntimeException e) {
            throw new JruncException("cannot determine the current user: " + e.getMessage(), e);
        }
    }

    /** 0666 &amp; ~umask, with the umask read from /proc/self/status (Linux ≥ 4.7). */
    private static String mode0666LessUmask() {
        int umask = 022;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    umask = Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // assume 022
        }
        int mode = 0666 & ~umask;
        StringBuilder b = new StringBuilder(9);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            b.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return b.toString();
    }
}
