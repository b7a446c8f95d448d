package io.jrunc.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process and captures what it prints. */
record CliRun(int rc, String out, String err) {

    static CliRun run(String... args) {
        return runWithInput("", args);
    }

    static CliRun runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new CliRun(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code --root <root>} followed by args. */
    static CliRun at(Path root, String... args) {
        List<String> a = new ArrayList<>(List.of("--root", root.toString()));
        a.addAll(List.of(args));
        return run(a.toArray(new String[0]));
    }

    List<String> errLines() {
        return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }

    /** The msg of the single text-format error line on stderr. */
    String errorMsg() {
        List<String> lines = errLines();
        if (lines.size() != 1) {
            throw new AssertionError("expected exactly one stderr line, got: " + err);
        }
        String l = lines.getFirst();
        if (!l.matches("time=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\" level=error msg=.*")) {
            throw new AssertionError("not a logrus text error line: " + l);
        }
        String msg = l.substring(l.indexOf(" msg=") + 5);
        if (msg.startsWith("\"")) {
            msg = msg.substring(1, msg.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return msg;
    }
}
