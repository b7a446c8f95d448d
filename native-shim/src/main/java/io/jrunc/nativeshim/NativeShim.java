package io.jrunc.nativeshim;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where native-shim's binaries are and loading libjrunc.so.
 *
 * <p>The native directory holds {@code jrunc-init} (the plan executor) and {@code libjrunc.so}
 * (the JNI {@link JniKernel}). It is the system property {@value #LIBDIR_PROPERTY} when set,
 * else the {@code native} directory next to this module's jar or classes directory, which is
 * {@code native-shim/target/native} in a build tree. Nothing here runs at class
 * initialisation: the library is loaded on the first {@link #load()}.
 */
public final class NativeShim {
    /** System property naming the directory with jrunc-init and libjrunc.so. */
    public static final String LIBDIR_PROPERTY = "jrunc.libdir";

    private static volatile boolean loaded;

    private NativeShim() {
    }

    /** The native directory (not checked for existence). */
    public static Path libDir() {
        String dir = System.getProperty(LIBDIR_PROPERTY);
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir).toAbsolutePath();
        }
        try {
            Path here = Path.of(NativeShim.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return here.toAbsolutePath().getParent().resolve("native");
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            throw new IllegalStateException("cannot locate native-shim's directory: set -D" + LIBDIR_PROPERTY, e);
        }
    }

    /** Path of the jrunc-init executable. */
    public static Path initPath() {
        return existing(libDir().resolve("jrunc-init"));
    }

    /** Path of libjrunc.so. */
    public static Path libraryPath() {
        return existing(libDir().resolve("libjrunc.so"));
    }

    /**
     * Loads libjrunc.so once; later calls return at once. The JVM must run with
     * {@code --enable-native-access=ALL-UNNAMED} (or the module's name), else JDK 24+ warns.
     */
    @SuppressWarnings("restricted") // JNI is the point of this module
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (NativeShim.class) {
            if (!loaded) {
                System.load(libraryPath().toString());
                loaded = true;
            }
        }
    }

    private static Path existing(Path p) {
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " does not exist: build native-shim or set -D" + LIBDIR_PROPERTY);
        }
        return p;
    }
}
