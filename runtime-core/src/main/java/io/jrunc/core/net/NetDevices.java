package io.jrunc.core.net;

import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * linux.netDevices (runtime-spec 1.2), as runc does it: at create, once the container's network
 * namespace exists and before its hooks run, each host interface is set down and moved into it
 * under its new name (one RTM_NEWLINK with IFLA_IFNAME and IFLA_NET_NS_FD), then set up there;
 * at delete, while the init still holds the namespace, each is set down and moved back to the
 * runtime's namespace under its original name. Addresses are not carried over (runc's
 * netnsAttach does not either). The kernel work is {@link Kernel#moveLink}; this class decides
 * the order, the names and the roll-back.
 */
public final class NetDevices {
    /** One interface: its name on the host and in the container. */
    public record Move(String hostName, String containerName) {
    }

    private NetDevices() {
    }

    /** The moves a config asks for, sorted by host name (a stable order for errors and roll-back). */
    public static List<Move> moves(Spec spec) {
        Linux linux = spec.linux();
        if (linux == null || linux.netDevices() == null) {
            return List.of();
        }
        List<Move> out = new ArrayList<>();
        for (Map.Entry<String, Linux.NetDevice> e : new TreeMap<>(linux.netDevices()).entrySet()) {
            Linux.NetDevice d = e.getValue();
            String name = d == null || d.name() == null || d.name().isEmpty() ? e.getKey() : d.name();
            out.add(new Move(e.getKey(), name));
        }
        return out;
    }

    /** The namespace file of a process's network namespace. */
    static String netns(int pid) {
        return "/proc/" + pid + "/ns/net";
    }

    /**
     * Moves every device into the network namespace of {@code pid}. On a failure the devices
     * already moved go back first, so a failed create leaves the host as it was.
     *
     * @return the moves made (for {@link #detach} if create fails later)
     * @throws NetDeviceException naming {@code linux.netDevices.<name>}
     */
    public static List<Move> attach(Kernel kernel, List<Move> moves, int pid) throws NetDeviceException {
        List<Move> done = new ArrayList<>();
        for (Move m : moves) {
            try {
                kernel.moveLink(m.hostName(), null, netns(pid), m.containerName(), true);
                done.add(m);
            } catch (ErrnoException e) {
                // the kernel moves first and renames after, in the new namespace: a failed rename
                // (EEXIST) leaves the device inside under its host name, so that one goes back too
                List<Move> back = new ArrayList<>(done);
                back.add(new Move(m.hostName(), m.hostName()));
                detachQuietly(kernel, back, pid);
                throw new NetDeviceException("linux.netDevices." + m.hostName() + ": " + reason(m, e));
            }
        }
        return List.copyOf(done);
    }

    /**
     * Moves the devices back from the namespace of {@code pid} into ours under their host
     * names. Best effort, as runc's destroy: every device is tried.
     *
     * @return one line per device that could not be moved back
     */
    public static List<String> detach(Kernel kernel, List<Move> moves, int pid) {
        List<String> problems = new ArrayList<>();
        for (int i = moves.size() - 1; i >= 0; i--) {
            Move m = moves.get(i);
            try {
                kernel.moveLink(m.containerName(), netns(pid), "/proc/self/ns/net", m.hostName(), false);
            } catch (ErrnoException e) {
                problems.add("linux.netDevices." + m.hostName() + ": cannot move " + m.containerName()
                        + " back to the host: " + e.getMessage());
            }
        }
        return problems;
    }

    private static void detachQuietly(Kernel kernel, List<Move> done, int pid) {
        detach(kernel, done, pid);
    }

    private static String reason(Move m, ErrnoException e) {
        return switch (e.errno()) {
            case 19 -> "no network device " + m.hostName() + " on the host (" + e.getMessage() + ")"; // ENODEV
            case 17 -> "the container already has a network device named " + m.containerName()
                    + " (" + e.getMessage() + ")"; // EEXIST
            default -> "cannot move " + m.hostName() + " into the container: " + e.getMessage();
        };
    }

    /** A device could not be moved; the message names the config field. */
    public static final class NetDeviceException extends Exception {
        public NetDeviceException(String message) {
            super(message);
        }
    }
}
