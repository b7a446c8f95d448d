package io.jrunc.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.spec.SpecIO;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** linux.netDevices: the moves, their order, the errors and the roll-back, against a recording kernel. */
class NetDevicesTest {
    /** Records moveLink calls; fails the ones whose device name maps to an errno. */
    static final class FakeNet {
        final List<String> calls = new ArrayList<>();
        final Map<String, Integer> failing;
        final Kernel kernel;

        FakeNet(Map<String, Integer> failing) {
            this.failing = failing;
            this.kernel = (Kernel) Proxy.newProxyInstance(Kernel.class.getClassLoader(), new Class<?>[] {Kernel.class},
                    (proxy, m, a) -> {
                        if (!m.getName().equals("moveLink")) {
                            throw new UnsupportedOperationException(m.getName());
                        }
                        calls.add(a[0] + " " + a[1] + " -> " + a[2] + " as " + a[3] + (Boolean) a[4]);
                        Integer errno = failing.get((String) a[0]);
                        if (errno != null) {
                            throw new ErrnoException("find network device " + a[0], errno, "No such device");
                        }
                        return null;
                    });
        }
    }

    static Spec spec(String netDevicesJson) throws Exception {
        return SpecIO.mapper().readValue("{\"ociVersion\":\"1.2.0\",\"linux\":{\"netDevices\":" + netDevicesJson
                + "}}", Spec.class);
    }

    @Test
    void movesAreSortedAndKeepTheHostNameWhenNoneIsGiven() throws Exception {
        assertThat(NetDevices.moves(spec("{\"b0\":{\"name\":\"eth9\"},\"a0\":{}}"))).containsExactly(
                new NetDevices.Move("a0", "a0"), new NetDevices.Move("b0", "eth9"));
        assertThat(NetDevices.moves(SpecIO.mapper().readValue("{\"ociVersion\":\"1.2.0\"}", Spec.class))).isEmpty();
    }

    @Test
    void attachMovesIntoTheInitsNamespaceRenamedAndUp() throws Exception {
        FakeNet k = new FakeNet(Map.of());
        List<NetDevices.Move> moves = NetDevices.moves(spec("{\"jrtest0\":{\"name\":\"eth9\"}}"));
        assertThat(NetDevices.attach(k.kernel, moves, 4242)).isEqualTo(moves);
        assertThat(k.calls).containsExactly("jrtest0 null -> /proc/4242/ns/net as eth9true");
    }

    @Test
    void detachMovesBackUnderTheHostNameInReverseOrderAndDown() throws Exception {
        FakeNet k = new FakeNet(Map.of());
        List<NetDevices.Move> moves = NetDevices.moves(spec("{\"a0\":{\"name\":\"x0\"},\"b0\":{}}"));
        assertThat(NetDevices.detach(k.kernel, moves, 7)).isEmpty();
        assertThat(k.calls).containsExactly("b0 /proc/7/ns/net -> /proc/self/ns/net as b0false",
                "x0 /proc/7/ns/net -> /proc/self/ns/net as a0false");
    }

    @Test
    void aMissingDeviceNamesTheFieldAndTheOnesAlreadyMovedGoBack() throws Exception {
        FakeNet k = new FakeNet(Map.of("c0", 19));
        List<NetDevices.Move> moves = NetDevices.moves(spec("{\"a0\":{},\"b0\":{\"name\":\"e1\"},\"c0\":{}}"));
        assertThatThrownBy(() -> NetDevices.attach(k.kernel, moves, 9))
                .hasMessage("linux.netDevices.c0: no network device c0 on the host (find network device c0:"
                        + " no such device)");
        assertThat(k.calls).containsExactly("a0 null -> /proc/9/ns/net as a0true", "b0 null -> /proc/9/ns/net as e1true",
                "c0 null -> /proc/9/ns/net as c0true", "c0 /proc/9/ns/net -> /proc/self/ns/net as c0false",
                "e1 /proc/9/ns/net -> /proc/self/ns/net as b0false", "a0 /proc/9/ns/net -> /proc/self/ns/net as a0false");
    }

    @Test
    void aNameTakenInTheContainerIsSaidSo() throws Exception {
        FakeNet k = new FakeNet(Map.of("lo", 17));
        assertThatThrownBy(() -> NetDevices.attach(k.kernel, List.of(new NetDevices.Move("lo", "lo")), 9))
                .hasMessageStartingWith("linux.netDevices.lo: the container already has a network device named lo");
        // moved, then the rename failed inside: it is moved back under its host name
        assertThat(k.calls).containsExactly("lo null -> /proc/9/ns/net as lotrue",
                "lo /proc/9/ns/net -> /proc/self/ns/net as lofalse");
    }

    @Test
    void detachReportsEachFailureAndGoesOn() throws Exception {
        FakeNet k = new FakeNet(Map.of("a0", 19));
        List<String> problems = NetDevices.detach(k.kernel, List.of(new NetDevices.Move("a0", "a0"),
                new NetDevices.Move("b0", "b0")), 3);
        assertThat(problems).singleElement().asString().startsWith("linux.netDevices.a0: cannot move a0 back to the host");
        assertThat(k.calls).hasSize(2);
    }

    @Test
    void linuxRecordCarriesTheNewName() {
        assertThat(new Linux.NetDevice("eth9").name()).isEqualTo("eth9");
    }
}
