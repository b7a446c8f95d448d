package io.jrunc.core.cgroup.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.core.cgroup.systemd.DBusCodec.Variant;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Byte-exact vectors, worked out by hand from the D-Bus specification's marshalling rules. */
class DBusCodecTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static String enc(String sig, Object... values) {
        DBusCodec.Writer w = new DBusCodec.Writer();
        w.writeAll(sig, List.of(values));
        return HexFormat.of().formatHex(w.toByteArray());
    }

    private static String h(String s) {
        return s.replace(" ", "");
    }

    @Test
    void stringThenUint32IsPaddedToFour() {
        // "ab": length 2, 'a' 'b', NUL (7 bytes); u32 7 aligned to 8
        assertThat(enc("su", "ab", 7)).isEqualTo(h("02000000 616200 00 07000000"));
    }

    @Test
    void aPropertyArrayAlignsItsStructsToEightAndCountsNoLeadingPadding() {
        // a(sv) [("Delegate", <true>)]: length 20 (from offset 8 to 28), 4 pad bytes, "Delegate",
        // variant signature "b", boolean 1 aligned to 4
        assertThat(enc("a(sv)", List.of(List.of("Delegate", new Variant("b", true)))))
                .isEqualTo(h("14000000 00000000 08000000 44656c6567617465 00 01 62 00 01000000"));
    }

    @Test
    void scalarsAndSmallArrays() {
        assertThat(enc("au", List.of(1234))).isEqualTo(h("04000000 d2040000"));
        assertThat(enc("t", -1L)).isEqualTo(h("ffffffffffffffff"));
        assertThat(enc("ay", (Object) new byte[] {7})).isEqualTo(h("01000000 07"));
        assertThat(enc("b", false)).isEqualTo(h("00000000"));
        assertThat(enc("i", -2)).isEqualTo(h("feffffff"));
        assertThat(enc("o", "/")).isEqualTo(h("01000000 2f00"));
        assertThat(enc("as", List.of("a", "bc"))).isEqualTo(h("0f000000 01000000 6100 0000 02000000 626300"));
        // an empty array of 8-aligned elements still has its padding after the length
        assertThat(enc("a(sa(sv))", List.of())).isEqualTo(h("00000000 00000000"));
        // y then t: 7 bytes of padding
        assertThat(enc("yt", (byte) 1, 2L)).isEqualTo(h("01 00000000000000 0200000000000000"));
    }

    @Test
    void dictsAndNestedAuxUnits() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("k", new Variant("u", 5));
        // a{sv}: length 16 at 0, pad to 8, entry: "k" (6 bytes), sig "u" (3) at 14, pad to 20, u32
        assertThat(enc("a{sv}", d)).isEqualTo(h("10000000 00000000 01000000 6b00 01 75 00 000000 05000000"));
        DBusCodec.Writer w = new DBusCodec.Writer();
        w.write("a(sa(sv))", List.of(List.of("x.slice", List.of(List.of("Wants", new Variant("as", List.of()))))));
        byte[] b = w.toByteArray();
        DBusCodec.Reader r = new DBusCodec.Reader(b, 0, b.length, ByteOrder.LITTLE_ENDIAN);
        Object back = r.read("a(sa(sv))");
        assertThat(back.toString()).isEqualTo("[[x.slice, [[Wants, Variant[signature=as, value=[]]]]]]");
    }

    @Test
    void aMethodCallHeaderByteForByte() {
        // PATH "/" (o) and MEMBER "Ping" (s), serial 1, no body: the header fields array is
        // 29 bytes long and the header is padded to 48
        DBusMessage m = DBusMessage.methodCall(1, null, "/", null, "Ping", "", List.of());
        assertThat(HexFormat.of().formatHex(m.encode())).isEqualTo(h(
                "6c010001 00000000 01000000 1d000000"
                        + "01016f00 01000000 2f000000 00000000"
                        + "03017300 04000000 50696e67 00000000"));
        DBusMessage back = DBusMessage.decode(m.encode());
        assertThat(back.path()).isEqualTo("/");
        assertThat(back.member()).isEqualTo("Ping");
        assertThat(back.serial()).isEqualTo(1);
    }

    @Test
    void aBigEndianMethodReturnIsDecoded() {
        // 'B', METHOD_RETURN, body "s" "ok" (7 bytes), serial 5, REPLY_SERIAL u 1, SIGNATURE g "s"
        byte[] msg = hex("42020001 00000007 00000005 0000000f"
                + "05017500 00000001 08016700 01730000"
                + "00000002 6f6b00");
        assertThat(DBusMessage.totalLength(msg)).isEqualTo(39);
        DBusMessage m = DBusMessage.decode(msg);
        assertThat(m.type()).isEqualTo(DBusMessage.METHOD_RETURN);
        assertThat(m.serial()).isEqualTo(5);
        assertThat(m.replySerial()).isEqualTo(1);
        assertThat(m.signature()).isEqualTo("s");
        assertThat(m.body()).containsExactly("ok");
    }

    @Test
    void startTransientUnitRoundTrips() {
        List<Object> props = List.of(List.of("PIDs", new Variant("au", List.of(42))),
                List.of("MemoryMax", new Variant("t", 1L << 26)), List.of("Slice", new Variant("s", "system.slice")),
                List.of("AllowedCPUs", new Variant("ay", new byte[] {3})));
        DBusMessage m = DBusMessage.methodCall(9, SystemdClient.DEST, SystemdClient.PATH, SystemdClient.MANAGER,
                "StartTransientUnit", "ssa(sv)a(sa(sv))", List.of("x.scope", "replace", props, List.of()));
        byte[] wire = m.encode();
        assertThat(wire.length % 8).isZero();
        assertThat(DBusMessage.totalLength(wire)).isEqualTo(wire.length);
        DBusMessage back = DBusMessage.decode(wire);
        assertThat(back.destination()).isEqualTo(SystemdClient.DEST);
        assertThat(back.iface()).isEqualTo(SystemdClient.MANAGER);
        assertThat(back.signature()).isEqualTo("ssa(sv)a(sa(sv))");
        assertThat(back.body().get(0)).isEqualTo("x.scope");
        @SuppressWarnings("unchecked")
        List<List<Object>> p = (List<List<Object>>) back.body().get(2);
        assertThat(p.get(0).get(1)).isEqualTo(new Variant("au", List.of(42L))); // u reads back as long
        assertThat(p.get(1).get(1)).isEqualTo(new Variant("t", 1L << 26));
        assertThat((byte[]) ((Variant) p.get(3).get(1)).value()).containsExactly(3);
        assertThat(back.body().get(3)).isEqualTo(List.of());
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> enc("u", "x")).hasMessage("cannot write String as D-Bus type u");
        assertThatThrownBy(() -> enc("a{sv", Map.of())).hasMessageContaining("bad dict entry");
        assertThatThrownBy(() -> new Variant("ss", "x")).hasMessageContaining("one complete type");
        assertThatThrownBy(() -> DBusMessage.decode(hex("6c020001 00000010 00000001 00000000")))
                .hasMessage("D-Bus body length mismatch");
        assertThatThrownBy(() -> DBusMessage.totalLength(hex("6c020001 ffffffff 00000001 00000000")))
                .hasMessageContaining("too long");
    }
}
