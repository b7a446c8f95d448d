package io.jrunc.core;

/**
 * Where a command's time goes, for {@code --debug}: each {@link #mark(String)} closes a phase
 * named after the work done since the previous mark. Off (the default) a mark is one boolean
 * test; nothing is allocated and no clock is read. Main turns it on after parsing when
 * {@code --debug} is given and logs {@link #summary()} at debug level when the command ends.
 *
 * <p>The first phase, {@code jvm}, runs from the process's start (the launcher's exec of
 * java is the same process) to {@code main}: the kernel's start time has clock-tick (10 ms)
 * resolution (so does /proc/uptime), so that figure is rough, ±10 ms; the others come from {@link System#nanoTime()}.
 * Single-threaded use only.
 */
public final class Timing {
    private static final int MAX = 32;
    private static boolean on;
    private static long mainNanos;
    private static long last;
    private static int n;
    private static final String[] NAMES = new String[MAX];
    private static final long[] NANOS = new long[MAX];

    private Timing() {
    }

    /** Called first thing in main: the one clock read made whether or not timing is on. */
    public static void mainStarted() {
        mainNanos = System.nanoTime();
    }

    /** Turns timing on; the time from main to now is the phase {@code firstPhase}. */
    public static void start(String firstPhase) {
        on = true;
        n = 0;
        last = mainNanos == 0 ? System.nanoTime() : mainNanos;
        mark(firstPhase);
    }

    public static boolean enabled() {
        return on;
    }

    /** Ends the phase {@code phase}: the time since the previous mark is charged to it. */
    public static void mark(String phase) {
        if (!on) {
            return;
        }
        long now = System.nanoTime();
        if (n < MAX) {
            NAMES[n] = phase;
            NANOS[n++] = now - last;
        }
        last = now;
    }

    /**
     * {@code timing: jvm=38ms parse=2.1ms … total=…} (ms, one decimal below 10 ms); null when off.
     * {@code jvm} (process start to main) is read here, so it costs nothing unless asked for.
     */
    public static String summary() {
        if (!on) {
            return null;
        }
        StringBuilder b = new StringBuilder("timing:");
        long total = 0;
        long jvm = jvmStartToMainNanos();
        if (jvm >= 0) {
            b.append(" jvm=").append(ms(jvm));
            total += jvm;
        }
        for (int i = 0; i < n; i++) {
            b.append(' ').append(NAMES[i]).append('=').append(ms(NANOS[i]));
            total += NANOS[i];
        }
        return b.append(" total=").append(ms(total)).toString();
    }

    /** Resets to off (tests, the AOT training's many commands in one JVM). */
    public static void reset() {
        on = false;
        n = 0;
    }

    /**
     * Process start to main, both on the kernel's boot-time clock: /proc/uptime now less the
     * start time in /proc/self/stat (field 22, clock ticks: 100 per second on Linux), less the
     * time since main. The wall clock (ProcessHandle's startInstant) is not used: it derives
     * from the boot time in /proc/stat and can be off by a second on a VM.
     */
    private static long jvmStartToMainNanos() {
        if (mainNanos == 0) {
            return -1;
        }
        try {
            long sinceMain = System.nanoTime() - mainNanos;
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(f[19]); // field 22; f[0] is field 3
            String up = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"));
            double upSeconds = Double.parseDouble(up.substring(0, up.indexOf(' ')));
            long d = (long) (upSeconds * 1e9) - startTicks * 10_000_000L - sinceMain;
            return d < 0 ? 0 : d;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String ms(long nanos) {
        double ms = nanos / 1e6;
        if (ms >= 10) {
            return Math.round(ms) + "ms";
        }
        return (Math.round(ms * 10) / 10.0) + "ms";
    }
}
