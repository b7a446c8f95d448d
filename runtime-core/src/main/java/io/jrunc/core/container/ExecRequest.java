package io.jrunc.core.container;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code exec}.
 *
 * @param processFile    {@code --process}: the whole process from a file; the flags that
 *                       shape a process (args, env, cwd, user, …) are then ignored
 * @param args           the command after the container id
 * @param noNewPrivs     null: as the config says
 * @param consoleSocket  {@code --console-socket}, or null
 * @param pidFile        {@code --pid-file}, or null
 */
public record ExecRequest(String id, Path processFile, List<String> args, List<String> env, String cwd, String user,
                          List<Long> additionalGids, List<String> caps, Boolean noNewPrivs, boolean tty,
                          boolean detach, Path pidFile, Path consoleSocket, int preserveFds, List<String> cgroups,
                          boolean ignorePaused, String apparmor, String processLabel) {
    public ExecRequest {
        args = List.copyOf(args);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
        caps = List.copyOf(caps);
        cgroups = List.copyOf(cgroups);
    }
}
