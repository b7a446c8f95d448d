package io.jrunc.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanCodecTest {
    @Test
    void roundTripKeepsCodesAndArguments() {
        Plan plan = new Plan(List.of(
                Op.of(Opcode.CLONE, "clone", null, 0x20000),
                Op.of(Opcode.MOUNT, "mount", "mounts[0]", "proc", "/proc", "proc", 14, "", 3),
                Op.of(Opcode.SET_ENV, "env", null, "PATH=/bin", "HOME=/ü"),
                Op.of(Opcode.READY, "ready", null)));
        List<Op> back = PlanCodec.decode(PlanCodec.encode(plan));
        assertThat(back).extracting(Op::code).containsExactly(Opcode.CLONE, Opcode.MOUNT, Opcode.SET_ENV, Opcode.READY);
        assertThat(back.get(1).args()).containsExactly("proc", "/proc", "proc", "14", "", "3");
        assertThat(back.get(2).args()).containsExactly("PATH=/bin", "HOME=/ü");
    }

    @Test
    void wireLayoutIsLittleEndianWithMagic() {
        byte[] b = PlanCodec.encode(new Plan(List.of(Op.of(Opcode.SETHOSTNAME, "h", null, "ab"))));
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(b, 0, 8)).isEqualTo("JRPLAN01");
        in.position(8);
        assertThat(in.getInt()).isEqualTo(1);
        assertThat(in.getShort()).isEqualTo((short) 25);
        assertThat(in.getShort()).isEqualTo((short) 1);
        assertThat(in.getInt()).isEqualTo(2);
        assertThat(b.length).isEqualTo(8 + 4 + 4 + 4 + 2);
    }

    @Test
    void opcodeNumbersAreUnique() {
        assertThat(List.of(Opcode.values())).extracting(Opcode::code).doesNotHaveDuplicates();
        assertThatThrownBy(() -> PlanCodec.byCode(999)).isInstanceOf(IllegalArgumentException.class);
    }
}
