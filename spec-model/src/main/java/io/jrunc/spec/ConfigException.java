package io.jrunc.spec;

/**
 * config.json (or process.json, or a resources document) is wrong. The message is the
 * one line the user sees: it names the file, the JSON path and the value, e.g.
 * {@code config.json: process.cwd: "relative/dir" must be an absolute path}.
 */
public class ConfigException extends Exception {
    private final String path;

    public ConfigException(String file, String jsonPath, String problem) {
        super(file + ": " + (jsonPath == null || jsonPath.isEmpty() ? "" : jsonPath + ": ") + problem);
        this.path = jsonPath;
    }

    /** A whole-document problem worded exactly as given (e.g. runc's "JSON specification file config.json not found"). */
    public ConfigException(String message) {
        super(message);
        this.path = null;
    }

    /** The JSON path of the offending field, or null when the whole document is at fault. */
    public String jsonPath() {
        return path;
    }
}
