package io.jrunc.core.container;

import io.jrunc.core.JruncException;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import io.jrunc.spec.LinuxSeccomp;
import io.jrunc.spec.SpecIO;
import io.jrunc.spec.State;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands a seccomp notify fd to the agent at linux.seccomp.listenerPath the way runc does:
 * connect, then one message holding the runtime-spec ContainerProcessState JSON with the
 * fd attached (SCM_RIGHTS, named "seccompFd" in {@code fds}).
 */
final class SeccompAgent {
    private SeccompAgent() {
    }

    static void send(Kernel kernel, LinuxSeccomp sc, int fd, State state) throws JruncException {
        send(kernel, sc, fd, state.pid(), state);
    }

    /** {@code pid}: the process whose filter this is (the init's at create, an exec'd process's later). */
    static void send(Kernel kernel, LinuxSeccomp sc, int fd, int pid, State state) throws JruncException {
        try {
            kernel.sendFd(sc.listenerPath(), json(sc, pid, state).getBytes(StandardCharsets.UTF_8), fd);
        } catch (ErrnoException e) {
            throw new JruncException("linux.seccomp.listenerPath: cannot hand the seccomp fd to the agent: "
                    + e.getMessage());
        }
    }

    static String json(LinuxSeccomp sc, State state) {
        return json(sc, state.pid(), state);
    }

    static String json(LinuxSeccomp sc, int pid, State state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ociVersion", State.SPEC_VERSION);
        m.put("fds", List.of("seccompFd"));
        m.put("pid", pid);
        if (sc.listenerMetadata() != null && !sc.listenerMetadata().isEmpty()) {
            m.put("metadata", sc.listenerMetadata());
        }
        m.put("state", state);
        try {
            return SpecIO.mapper().writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
