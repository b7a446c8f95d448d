package io.jrunc.core.container;

import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import java.nio.file.Path;

/**
 * The jrunc-init processes of one create or exec: S0 (spawned with exactly fds 0-2, the
 * preserved fds, the sync socket and the console socket if any) and S1 once its PID
 * frame arrived. Whether S1 comes back to us when S0 exits is the caller's choice
 * (PR_SET_CHILD_SUBREAPER before constructing this).
 */
final class InitLaunch {
    final Kernel kernel;
    private final int parentPid;
    private final InitChannel channel;
    /** The console socket's fd number in jrunc-init, or -1. */
    final int consoleFd;
    int childPid;

    /** @param console our fd of the console socket to hand over, or -1 */
    InitLaunch(Kernel kernel, Path init, int extraFds, int console) throws ErrnoException {
        this.kernel = kernel;
        int[] sp = kernel.socketpair();
        int syncFd = 3 + extraFds;
        consoleFd = console >= 0 ? syncFd + 1 : -1;
        int[] fds = new int[console >= 0 ? syncFd + 2 : syncFd + 1];
        for (int i = 0; i < syncFd; i++) {
            fds[i] = i < 3 ? -1 : i;
        }
        fds[syncFd] = sp[1];
        if (console >= 0) {
            fds[consoleFd] = console;
        }
        try {
            parentPid = kernel.spawn(init.toString(), new String[] {"jrunc-init"},
                    new String[] {"_JRUNC_SYNC_FD=" + syncFd}, fds);
        } catch (ErrnoException e) {
            kernel.close(sp[0]);
            throw e;
        } finally {
            kernel.close(sp[1]);
        }
        channel = new InitChannel(kernel, sp[0]);
    }

    /** S0's pid (a systemd scope is created with it inside). */
    int parentPid() {
        return parentPid;
    }

    /** Where jrunc-init finds the console socket: right after the sync socket. */
    static int consoleFdFor(int extraFds) {
        return 3 + extraFds + 1;
    }

    InitChannel channel() {
        return channel;
    }

    String parentStatus() {
        try {
            int st = kernel.waitpid(parentPid, false);
            return "jrunc-init exit status " + Kernel.exitCode(st);
        } catch (ErrnoException e) {
            return e.getMessage();
        }
    }

    /** Success: reap S0 and let go of the socket. Once S0 is reaped, S1 has been re-parented. */
    void finish() {
        channel.close();
        reapParent();
    }

    void reapParent() {
        try {
            kernel.waitpid(parentPid, false);
        } catch (ErrnoException ignored) {
            // already reaped
        }
    }

    void kill() {
        // kill before closing the socket: a jrunc-init waiting on it would otherwise see EOF
        // first and add its own line to the caller's stderr under the real error
        if (childPid > 0) {
            kernel.kill(childPid, 9);
        }
        kernel.kill(parentPid, 9);
        channel.close();
        reapParent();
        if (childPid > 0) {
            try {
                kernel.waitpid(childPid, false);
            } catch (ErrnoException ignored) {
                // not ours to reap (a subreaper above us will)
            }
        }
    }
}
