package io.jrunc.cli;

/** Placeholder entry point so the launcher and its tests have something to start; the real CLI replaces it. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // intentionally prints nothing
    }
}
