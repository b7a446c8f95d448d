package io.jrunc.core.container;

import io.jrunc.spec.Process;
import io.jrunc.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What runc adds to process.env of the container's init: the socket-activation variables
 * when it passes systemd's fds (LISTEN_FDS=n, LISTEN_PID=1, after the config's), and HOME
 * from the container's /etc/passwd when the config sets none.
 */
final class ProcessEnv {
    private ProcessEnv() {
    }

    static Spec withRuncDefaults(Spec spec, Path rootfs, int listenFds) {
        Process p = spec.process();
        List<String> env = new ArrayList<>(p.env() == null ? List.of() : p.env());
        if (listenFds > 0) {
            env.add("LISTEN_FDS=" + listenFds);
            env.add("LISTEN_PID=1");
        }
        if (env.stream().noneMatch(e -> e.startsWith("HOME="))) {
            env.add("HOME=" + ContainerPasswd.home(rootfs, p.user() == null ? 0 : p.user().uid()));
        }
        Process q = new Process(p.terminal(), p.consoleSize(), p.user(), p.args(), p.commandLine(), List.copyOf(env),
                p.cwd(), p.capabilities(), p.rlimits(), p.noNewPrivileges(), p.apparmorProfile(), p.oomScoreAdj(),
                p.scheduler(), p.selinuxLabel(), p.ioPriority(), p.execCPUAffinity());
        return new Spec(spec.ociVersion(), q, spec.root(), spec.hostname(), spec.domainname(), spec.mounts(),
                spec.hooks(), spec.annotations(), spec.linux());
    }

    /**
     * systemd's socket activation as runc honours it (go-systemd activation.Files): the fds
     * are ours only when LISTEN_PID names this process.
     */
    static int listenFds(String listenFds, String listenPid, long ownPid) {
        if (listenFds == null || listenPid == null) {
            return 0;
        }
        try {
            if (Long.parseLong(listenPid.strip()) != ownPid) {
                return 0;
            }
            return Math.max(0, Integer.parseInt(listenFds.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
