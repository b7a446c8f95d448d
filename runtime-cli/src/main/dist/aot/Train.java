package io.jrunc.aot;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * AOT training driver: runs several jrunc commands in one JVM, so that one
 * {@code -XX:AOTCacheOutput} run records the classes all of them use.
 * Installed as lib/jrunc/jrunc-aot-train.jar and started only by scripts/aot-train.sh
 * through the launcher (JRUNC_AOT_TRAINING), never in normal use.
 *
 * <p>Argument: a file with one command per line, arguments separated by TABs. Each command
 * goes to {@code io.jrunc.cli.Main.run(String[])} (static, returns the exit code, does not
 * call System.exit) when the CLI has it; otherwise to {@code main(String[])}, and a
 * System.exit there ends the training early (the cache then holds what ran so far).
 */
public final class Train {
    private Train() {}

    public static void main(String[] args) throws Throwable {
        if (args.length != 1) {
            System.err.println("usage: Train COMMANDS-FILE");
            System.exit(2);
        }
        List<String> lines = readCommands(Path.of(args[0]));
        Class<?> cli = Class.forName("io.jrunc.cli.Main");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle run;
        boolean returnsCode;
        try {
            run = lookup.findStatic(cli, "run", MethodType.methodType(int.class, String[].class));
            returnsCode = true;
        } catch (NoSuchMethodException e) {
            run = lookup.findStatic(cli, "main", MethodType.methodType(void.class, String[].class));
            returnsCode = false;
            System.err.println("aot-train: io.jrunc.cli.Main has no static int run(String[]); using main()");
        }
        for (String line : lines) {
            String[] cmd = line.split("\t");
            System.err.println("aot-train: jrunc " + String.join(" ", cmd));
            try {
                if (returnsCode) {
                    int rc = (int) run.invokeExact(cmd);
                    System.err.println("aot-train:   exit " + rc);
                } else {
                    run.invokeExact(cmd);
                }
            } catch (Throwable t) {
                // a failing command still trains the classes it loaded
                System.err.println("aot-train:   threw " + t);
            }
        }
        System.out.flush();
    }

    private static List<String> readCommands(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
    }
}
