package io.jrunc.core.plan;

import io.jrunc.spec.Linux;
import io.jrunc.spec.Process;
import io.jrunc.spec.LinuxSeccomp;
import java.util.List;

/**
 * Everything an exec plan is computed from.
 *
 * @param process     the process to run (config.json's with the exec flags applied, or process.json)
 * @param initPid     the container's init, whose namespaces and root the process joins
 * @param namespaces  the namespace types (config.json spelling) to join: the container's,
 *                    without those the caller already shares with it
 * @param cgroupProcs cgroup.procs files to write "0" to before joining anything (the init's cgroups)
 * @param extraFds    fds passed beyond stdio ({@code --preserve-fds})
 * @param consoleFd   the console socket's fd as jrunc-init sees it, or -1: no terminal
 * @param lastCap     the highest capability number this kernel knows
 * @param linux       the container's linux section (personality, memoryPolicy), or null
 * @param sessionKeyring the container's session keyring to join ({@code _ses.<id>}), or null
 *                    (created with {@code --no-new-keyring})
 */
public record ExecContext(Process process, int initPid, List<String> namespaces, List<String> cgroupProcs,
                          int extraFds, int consoleFd, int lastCap, LinuxSeccomp seccomp, Linux linux,
                          String sessionKeyring) {
    /** Without the container's linux attributes and keyring. */
    public ExecContext(Process process, int initPid, List<String> namespaces, List<String> cgroupProcs,
                       int extraFds, int consoleFd, int lastCap, LinuxSeccomp seccomp) {
        this(process, initPid, namespaces, cgroupProcs, extraFds, consoleFd, lastCap, seccomp, null, null);
    }

    /** Without a seccomp profile. */
    public ExecContext(Process process, int initPid, List<String> namespaces, List<String> cgroupProcs,
                       int extraFds, int consoleFd, int lastCap) {
        this(process, initPid, namespaces, cgroupProcs, extraFds, consoleFd, lastCap, null);
    }

    public ExecContext {
        namespaces = List.copyOf(namespaces);
        cgroupProcs = List.copyOf(cgroupProcs);
    }
}
