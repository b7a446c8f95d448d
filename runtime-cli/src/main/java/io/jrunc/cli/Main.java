package io.jrunc.cli;

import io.jrunc.cli.log.LogSink;
import io.jrunc.core.JruncException;
import io.jrunc.core.Timing;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * jrunc's entry point. {@link #run(String[], PrintStream, PrintStream)} does everything and
 * returns the exit code (tests and the AOT training call it in-process); {@link #main}
 * only wires the real streams and exits.
 *
 * <p>Output contract: stdout carries the command's output only; stderr carries at most one
 * line, the error of a failed command (plus log lines when there is no --log and something
 * logs at the enabled level). No stack trace unless --debug.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Timing.mainStarted();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int rc = run(args, out, err, System.in);
        out.flush();
        err.flush();
        // halt, not exit: everything is flushed and closed, there are no shutdown hooks to run, and
        // System.exit would first look up a System.Logger for its exit event (~20 ms of start-up).
        Runtime.getRuntime().halt(rc);
    }

    /** For the AOT training driver: the real stdout/stderr, no exit. */
    public static int run(String[] args) {
        return run(args, System.out, System.err, System.in);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.in);
    }

    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
        String argv0 = System.getProperty("jrunc.argv0", "jrunc");
        Timing.reset();
        LogSink.install(new LogSink(err, null, LogSink.Format.TEXT, false));
        Globals g = new Globals();
        Cli cli = new Cli(g);
        try {
            try {
                cli.parse(args);
            } catch (UsageException e) {
                configureLog(g, err);
                if (e instanceof Cli.UnknownCommandException) {
                    LogSink.current().fatal(e.getMessage());
                    return 3;
                }
                return usageError(out, argv0, cli, e);
            }
            configureLog(g, err);
            if (g.debug) {
                Timing.start("parse"); // --debug: the phase times are logged when the command ends
            }
            Version version = null;
            if (g.version) {
                out.print((version = Version.load()).text());
                return 0;
            }
            if (g.help || cli.commandName == null) {
                out.print(Cli.appHelp(argv0, version == null ? Version.load() : version));
                return 0;
            }
            if (cli.bound == null) { // help [command]
                return help(out, argv0, cli.helpArgs);
            }
            if (cli.bound.helpAsked()) {
                out.print(Cli.commandHelp(argv0, cli.bound.command));
                return 0;
            }
            try {
                cli.bind(argv0);
            } catch (UsageException e) {
                return usageError(out, argv0, cli, e);
            }
            Context ctx = new Context(g, out, err, in, argv0);
            return cli.bound.command.call(ctx);
        } catch (JruncException e) {
            debugTrace(e);
            logTiming(cli); // before the error: runc's error line is the last one
            LogSink.current().fatal(e.getMessage());
            return e.exitCode();
        } catch (RuntimeException | Error e) {
            debugTrace(e);
            logTiming(cli);
            LogSink.current().fatal(e.getMessage() == null ? e.toString() : e.getMessage());
            return 1;
        } finally {
            out.flush();
            logTiming(cli);
            LogSink.current().close();
        }
    }

    private static int usageError(PrintStream out, String argv0, Cli cli, UsageException e) {
        logTiming(cli);
        out.print(e.inHeader() ? "Incorrect Usage: " + e.getMessage() + "\n\n" : "Incorrect Usage.\n\n");
        out.print(cli.bound == null ? Cli.appHelp(argv0, Version.load()) : Cli.commandHelp(argv0, cli.bound.command));
        out.flush();
        LogSink.current().fatal(e.getMessage());
        return 1;
    }

    private static int help(PrintStream out, String argv0, java.util.List<String> args) {
        if (args.isEmpty()) {
            out.print(Cli.appHelp(argv0, Version.load()));
            return 0;
        }
        JruncCommand c = Cli.make(args.getFirst());
        if (c == null) {
            LogSink.current().fatal("No help topic for '" + Texts.printable(args.getFirst()) + "'");
            return 3;
        }
        out.print(Cli.commandHelp(argv0, c));
        return 0;
    }

    /** runc's Before hook: the log destination, format and level from the global flags. */
    private static void configureLog(Globals g, PrintStream err) throws JruncException {
        LogSink.Format format = switch (g.logFormat) {
            case "", "text" -> LogSink.Format.TEXT;
            case "json" -> LogSink.Format.JSON;
            default -> null;
        };
        Path file = g.log.isEmpty() || g.log.equals("/dev/stderr") ? null : Path.of(g.log);
        LogSink.install(new LogSink(err, file, format == null ? LogSink.Format.TEXT : format, g.debug));
        if (format == null) {
            throw new JruncException("invalid log-format: " + g.logFormat);
        }
    }

    /** --debug: the phase times, once (Timing.reset makes a second call a no-op). */
    private static void logTiming(Cli cli) {
        if (Timing.enabled()) {
            Timing.mark(cli.commandName == null ? "command" : cli.commandName); // what the phases left
            LogSink.current().log("debug", Timing.summary());
            Timing.reset();
        }
    }

    private static void debugTrace(Throwable t) {
        if (LogSink.current().debug()) {
            java.io.StringWriter w = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(w));
            LogSink.current().log("debug", w.toString().stripTrailing());
        }
    }
}
