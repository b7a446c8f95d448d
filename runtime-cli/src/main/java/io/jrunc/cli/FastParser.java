package io.jrunc.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict parser for well-formed command lines, over the same {@link Flags} model picocli is
 * built from. containerd calls jrunc about four times per container with plain command lines
 * (`--root R --log L --log-format json kill ID 9`); parsing those without picocli saves most
 * of a light command's start-up (docs/cli.md, docs/performance.md). Anything it does not
 * understand exactly — help, an unknown flag, bundled short flags, a missing value — it
 * declines, and picocli parses the line so errors and help stay exactly as they are.
 */
final class FastParser {
    private FastParser() {
    }

    /** Fills the globals and the command's flags and positionals; false: leave it to picocli. */
    static boolean tryParse(Cli cli, String[] args) {
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            int next = option(cli.globalFlags, args, i);
            if (next < 0) {
                return false;
            }
            i = next;
        }
        if (i >= args.length) {
            // only `--version` is answered without a command; help and errors go to picocli
            return applyGlobals(cli) && cli.globals.version;
        }
        JruncCommand command = Cli.make(args[i]);
        if (command == null) {
            return false;
        }
        Cli.Bound bound = new Cli.Bound(command);
        List<String> positionals = new ArrayList<>();
        boolean optionsDone = false;
        for (i = i + 1; i < args.length; i++) {
            String a = args[i];
            if (optionsDone || !a.startsWith("-") || a.equals("-")) {
                positionals.add(a);
                optionsDone |= bound.flags.stopAtPositional;
                continue;
            }
            if (a.equals("--")) {
                optionsDone = true;
                continue;
            }
            int next = option(bound.flags, args, i);
            if (next < 0) {
                return false;
            }
            i = next - 1;
        }
        cli.commandName = command.name();
        cli.bound = bound;
        bound.positionals = positionals.toArray(new String[0]);
        return applyGlobals(cli);
    }

    private static boolean applyGlobals(Cli cli) {
        for (Flag f : cli.globalFlags.flags) {
            try {
                f.apply();
            } catch (UsageException e) {
                return false; // a bad value: picocli's path reports it
            }
        }
        return true;
    }

    /** Records the option at args[i] into its flag; the index after it, or -1 to decline. */
    private static int option(Flags flags, String[] args, int i) {
        String a = args[i];
        boolean isLong = a.startsWith("--");
        String body = a.substring(isLong ? 2 : 1);
        int eq = body.indexOf('=');
        String name = eq >= 0 ? body.substring(0, eq) : body;
        Flag flag = find(flags, name, isLong);
        if (flag == null || name.equals("help") || name.equals("h")) {
            return -1;
        }
        if (eq >= 0) {
            flag.raw.add(body.substring(eq + 1));
            return i + 1;
        }
        if (!flag.takesValue()) {
            flag.raw.add("true");
            return i + 1;
        }
        if (i + 1 >= args.length) {
            return -1;
        }
        flag.raw.add(args[i + 1]);
        return i + 2;
    }

    /** Long names take "--"; one-letter aliases "-", longer aliases "--" (as the help shows them). */
    private static Flag find(Flags flags, String name, boolean isLong) {
        for (Flag f : flags.flags) {
            if (isLong && (f.name.equals(name) || (f.alias != null && f.alias.length() > 1 && f.alias.equals(name)))) {
                return f;
            }
            if (!isLong && f.alias != null && f.alias.length() == 1 && f.alias.equals(name)) {
                return f;
            }
        }
        return null;
    }
}
