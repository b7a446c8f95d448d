package io.jrunc.cli.bench;

import io.jrunc.cli.Flag;
import io.jrunc.cli.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes {@code AnnotatedCli.java}: the same commands and flags as jrunc's programmatic
 * model, declared the usual way (@Command classes, @Option fields), so that the start-up
 * cost of picocli's annotation reflection can be measured against the programmatic API
 * (runtime-cli/src/test/bench/picocli-startup.sh; figures in docs/cli.md).
 */
public final class AnnotatedCliGenerator {
    private AnnotatedCliGenerator() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder b = new StringBuilder();
        b.append("import java.util.List;\nimport picocli.CommandLine;\nimport picocli.CommandLine.*;\n\n")
                .append("@Command(name = \"jrunc\", subcommands = {");
        var commands = io.jrunc.cli.CliProbe.commands();
        b.append(String.join(", ", commands.keySet().stream().map(n -> "AnnotatedCli." + cls(n) + ".class").toList()));
        b.append("})\npublic class AnnotatedCli {\n");
        fields(b, io.jrunc.cli.CliProbe.globalFlags());
        b.append("    public static void main(String[] a) {\n")
                .append("        CommandLine cl = new CommandLine(new AnnotatedCli());\n")
                .append("        cl.setOverwrittenOptionsAllowed(true).setExpandAtFiles(false);\n")
                .append("        for (String s : new String[] {\"exec\", \"ps\", \"kill\", \"init\"}) {\n")
                .append("            cl.getSubcommands().get(s).setStopAtPositional(true);\n        }\n")
                .append("        cl.parseArgs(a);\n    }\n\n");
        for (var e : commands.entrySet()) {
            b.append("    @Command(name = \"").append(e.getKey()).append("\")\n    static class ")
                    .append(cls(e.getKey())).append(" {\n");
            fields(b, e.getValue());
            b.append("        @Parameters List<String> args;\n    }\n\n");
        }
        b.append("}\n");
        Files.writeString(Path.of(args[0]).resolve("AnnotatedCli.java"), b);
    }

    private static String cls(String name) {
        return "Cmd" + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    private static void fields(StringBuilder b, Flags flags) {
        int i = 0;
        for (Flag f : flags.all()) {
            String names = "\"--" + f.name() + "\"" + (f.alias() == null ? ""
                    : ", \"" + (f.alias().length() == 1 ? "-" : "--") + f.alias() + "\"");
            String type = switch (f.kind()) {
                case BOOL -> "boolean";
                case INT -> "int";
                case STRING -> "String";
                case STRINGS -> "List<String>";
                case INTS -> "List<Long>";
            };
            b.append("        @Option(names = {").append(names).append("}, description = \"")
                    .append(f.name()).append("\"").append(f.hidden() ? ", hidden = true" : "").append(") ")
                    .append(type).append(" f").append(i++).append(";\n");
        }
    }
}
