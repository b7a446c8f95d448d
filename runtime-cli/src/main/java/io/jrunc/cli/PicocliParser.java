package io.jrunc.cli;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The full parser: picocli's programmatic API over the {@link Flags} model (no annotation
 * reflection). Used when {@link FastParser} declines a command line, so help, usage errors
 * and every odd form are handled exactly; kept in its own class so picocli is loaded only then.
 */
final class PicocliParser {
    private PicocliParser() {
    }

    static void parse(Cli cli, String[] args) throws UsageException {
        CommandSpec root = spec("jrunc", cli.globalFlags, false);
        // find the command name the way the parser will: the first word that is not a global flag
        cli.commandName = cli.findCommand(args);
        if (cli.commandName != null) {
            JruncCommand made = Cli.make(cli.commandName);
            if (made != null) {
                cli.bound = new Cli.Bound(made);
                CommandSpec sub = spec(cli.commandName, cli.bound.flags, cli.bound.flags.stopAtPositional);
                addPositionals(sub, v -> cli.bound.positionals = v, () -> cli.bound.positionals);
                root.addSubcommand(cli.commandName, sub);
            } else if (cli.commandName.equals(Cli.HELP) || cli.commandName.equals("h")) {
                CommandSpec sub = spec(cli.commandName, new Flags(), true);
                addPositionals(sub, v -> cli.helpArgs = List.of(v), () -> cli.helpArgs.toArray(new String[0]));
                root.addSubcommand(cli.commandName, sub);
            }
        }
        CommandLine cl = new CommandLine(root);
        try {
            ParseResult r = cl.parseArgs(args);
            Cli.applyAll(cli.globalFlags);
            if (r.subcommand() == null && cli.commandName != null && !Cli.isCommand(cli.commandName)) {
                throw new UsageException("No help topic for '" + Texts.printable(cli.commandName) + "'", false);
            }
        } catch (CommandLine.UnmatchedArgumentException e) {
            Cli.applyQuietly(cli.globalFlags);
            String u = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().getFirst();
            if (!u.startsWith("-") && e.getCommandLine().getCommandSpec() == root) {
                throw new Cli.UnknownCommandException(u);
            }
            throw forCommand(cli, e, "flag provided but not defined: -" + Cli.flagName(u));
        } catch (CommandLine.MissingParameterException e) {
            Cli.applyQuietly(cli.globalFlags);
            String name = e.getMissing().isEmpty() ? "?" : Cli.flagName(longest(e.getMissing().getFirst()));
            throw forCommand(cli, e, "flag needs an argument: -" + name);
        } catch (CommandLine.ParameterException e) {
            Cli.applyQuietly(cli.globalFlags);
            String name = e.getArgSpec() == null ? "?" : Cli.flagName(longest(e.getArgSpec()));
            throw forCommand(cli, e, "invalid boolean value \"" + e.getValue() + "\" for -" + name + ": parse error");
        }
    }

    private static UsageException forCommand(Cli cli, CommandLine.ParameterException e, String msg) {
        UsageException u = new UsageException(msg);
        if (e.getCommandLine() != null && e.getCommandLine().getCommandSpec().parent() == null) {
            cli.bound = null; // the error is in the global flags: show the application's help
        }
        return u;
    }

    private static String longest(ArgSpec a) {
        return a instanceof OptionSpec o ? o.longestName() : String.valueOf(a.paramLabel());
    }

    private static CommandSpec spec(String name, Flags flags, boolean stopAtPositional) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.parser()
                .stopAtPositional(stopAtPositional)
                .overwrittenOptionsAllowed(true)
                .expandAtFiles(false)
                .allowOptionsAsOptionParameters(true)
                .posixClusteredShortOptionsAllowed(false);
        for (Flag f : flags.flags) {
            String[] names = f.alias == null
                    ? new String[] {"--" + f.name}
                    : new String[] {"--" + f.name, (f.alias.length() == 1 ? "-" : "--") + f.alias};
            OptionSpec.Builder b = OptionSpec.builder(names).hasInitialValue(false).setter(new Raw(f));
            if (f.kind == Flag.Kind.BOOL) {
                b.type(boolean.class).arity("0..1");
            } else {
                b.type(String.class).arity("1");
            }
            spec.addOption(b.build());
        }
        return spec;
    }

    private static void addPositionals(CommandSpec spec, java.util.function.Consumer<String[]> set,
                                       Supplier<String[]> get) {
        spec.addPositional(PositionalParamSpec.builder()
                .index("0..*").arity("0..*").type(String[].class).hasInitialValue(false)
                .getter(new IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) get.get();
                    }
                })
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        set.accept((String[]) value);
                        return null;
                    }
                })
                .build());
    }

    /** Collects each occurrence's raw text; {@link Flag#apply()} converts later. */
    private record Raw(Flag flag) implements ISetter {
        @Override
        public <T> T set(T value) {
            if (value != null) {
                flag.raw.add(String.valueOf(value));
            }
            return null;
        }
    }

}
