package io.jrunc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a command declares about its command line: its flags (bound to its fields), how
 * many arguments it takes, and its help texts. Filled in by {@link JruncCommand#define}.
 */
public final class Flags {
    public enum Args { EXACT, MIN, MAX, ANY }

    final List<Flag> flags = new ArrayList<>();
    Args argsCheck = Args.ANY;
    int argsCount;
    int argsMax = -1;
    String argsUsage = "";
    String usage = "";
    String description = "";
    boolean stopAtPositional;
    boolean hidden;

    public Flags bool(String name, String alias, String help, Consumer<Boolean> to) {
        return add(new Flag(name, alias, Flag.Kind.BOOL, help, null, false, to));
    }

    public Flags string(String name, String alias, String help, Consumer<String> to) {
        return add(new Flag(name, alias, Flag.Kind.STRING, help, null, false, to));
    }

    public Flags string(String name, String alias, String help, String defaultText, Consumer<String> to) {
        return add(new Flag(name, alias, Flag.Kind.STRING, help, defaultText, false, to));
    }

    public Flags integer(String name, String alias, String help, String defaultText, Consumer<Integer> to) {
        return add(new Flag(name, alias, Flag.Kind.INT, help, defaultText, false, to));
    }

    /** Repeatable: every occurrence is delivered, in order. */
    public Flags strings(String name, String alias, String help, Consumer<String> each) {
        return add(new Flag(name, alias, Flag.Kind.STRINGS, help, null, false, each));
    }

    /** Repeatable numbers (e.g. exec -g). */
    public Flags longs(String name, String alias, String help, Consumer<Long> each) {
        return add(new Flag(name, alias, Flag.Kind.INTS, help, null, false, each));
    }

    /** Accepted and bound like any flag, but left out of the help (runc's obsolete flags). */
    public Flags hiddenString(String name, String help, Consumer<String> to) {
        return add(new Flag(name, null, Flag.Kind.STRING, help, null, true, to));
    }

    public Flags hiddenBool(String name, String alias, String help, Consumer<Boolean> to) {
        return add(new Flag(name, alias, Flag.Kind.BOOL, help, null, true, to));
    }

    /** exactly n arguments */
    public Flags exactArgs(int n, String argsUsage) {
        this.argsCheck = Args.EXACT;
        this.argsCount = n;
        this.argsUsage = argsUsage;
        return this;
    }

    /** at least min, at most max (max &lt; 0: no limit), checked in that order */
    public Flags argRange(int min, int max, String argsUsage) {
        this.argsCheck = Args.MIN;
        this.argsCount = min;
        this.argsMax = max;
        this.argsUsage = argsUsage;
        return this;
    }

    public Flags usage(String oneLine) {
        this.usage = oneLine;
        return this;
    }

    public Flags description(String text) {
        this.description = text;
        return this;
    }

    /** Everything after the first argument is an argument, even if it looks like a flag. */
    public Flags stopAtPositional() {
        this.stopAtPositional = true;
        return this;
    }

    public Flags hidden() {
        this.hidden = true;
        return this;
    }

    private Flags add(Flag f) {
        flags.add(f);
        return this;
    }

    public List<Flag> all() {
        return flags;
    }

    void checkArgs(String argv0, String command, int n) throws UsageException {
        switch (argsCheck) {
            case EXACT -> {
                if (n != argsCount) {
                    throw UsageException.argCount(argv0, command, "exactly", argsCount);
                }
            }
            case MIN -> {
                if (n < argsCount) {
                    throw UsageException.argCount(argv0, command, "a minimum of", argsCount);
                }
                if (argsMax >= 0 && n > argsMax) {
                    throw UsageException.argCount(argv0, command, "a maximum of", argsMax);
                }
            }
            default -> {
            }
        }
    }
}
