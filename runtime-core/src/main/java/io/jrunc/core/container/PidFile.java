package io.jrunc.core.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The --pid-file contract: decimal digits, no newline (containerd rejects "2994\n"), written atomically. */
final class PidFile {
    private PidFile() {
    }

    static void write(Path file, int pid) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        Files.write(tmp, Integer.toString(pid).getBytes(StandardCharsets.US_ASCII));
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
