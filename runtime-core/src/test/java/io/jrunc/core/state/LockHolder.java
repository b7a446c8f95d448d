package io.jrunc.core.state;

import java.nio.file.Path;

/**
 * Run in a second JVM by {@link ContainerDirTest}: takes the lock of {@code <root>/<id>},
 * prints "locked", and holds it until its stdin closes (or it is killed).
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        StateStore store = new StateStore(Path.of(args[0]));
        try (ContainerDir.Lock lock = store.load(args[1]).lock()) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until EOF
            }
        }
        System.out.println("released");
    }
}
