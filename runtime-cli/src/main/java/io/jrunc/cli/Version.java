package io.jrunc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * jrunc's version and the git commit it was built from, baked into
 * {@code io/jrunc/cli/version.properties} by Maven resource filtering
 * ({@code -Djrunc.commit=$(git rev-parse HEAD)}; "unknown" when not given).
 */
public record Version(String version, String commit) {
    /** The runtime-spec version jrunc implements (= io.jrunc.spec.State.SPEC_VERSION). */
    public static final String SPEC = "1.3.0";

    public static Version load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // fall through to the defaults
        }
        return new Version(clean(p.getProperty("version"), "0.0.0"), clean(p.getProperty("commit"), "unknown"));
    }

    private static String clean(String v, String dflt) {
        return v == null || v.isBlank() || v.startsWith("${") ? dflt : v.trim();
    }

    /** What {@code jrunc --version} prints. */
    public String text() {
        return "jrunc version " + version + "\ncommit: " + commit + "\nspec: " + SPEC + "\n";
    }
}
