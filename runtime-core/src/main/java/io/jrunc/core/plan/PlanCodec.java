package io.jrunc.core.plan;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Binary encoding of a plan for jrunc-init: see docs/plan-format.md. */
public final class PlanCodec {
    public static final byte[] MAGIC = "JRPLAN01".getBytes(StandardCharsets.US_ASCII);

    private PlanCodec() {
    }

    public static byte[] encode(Plan plan) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        out.writeBytes(MAGIC);
        writeU32(out, plan.size());
        for (Op op : plan.ops()) {
            if (op.args().size() > 0xFFFF) {
                throw new IllegalArgumentException("too many arguments for " + op.code());
            }
            writeU16(out, op.code().code());
            writeU16(out, op.args().size());
            for (String a : op.args()) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                writeU32(out, b.length);
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    /** Decodes opcodes and arguments (descriptions are not on the wire); for tests and tools. */
    public static List<Op> decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException("not a jrunc plan");
        }
        int count = in.getInt();
        List<Op> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int code = Short.toUnsignedInt(in.getShort());
            int argc = Short.toUnsignedInt(in.getShort());
            List<String> args = new ArrayList<>(argc);
            for (int a = 0; a < argc; a++) {
                byte[] b = new byte[in.getInt()];
                in.get(b);
                args.add(new String(b, StandardCharsets.UTF_8));
            }
            ops.add(new Op(byCode(code), args, "", null));
        }
        return ops;
    }

    static Opcode byCode(int code) {
        for (Opcode o : Opcode.values()) {
            if (o.code() == code) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown opcode " + code);
    }

    private static void writeU16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    static void writeU32(ByteArrayOutputStream out, int v) {
        writeU16(out, v & 0xFFFF);
        writeU16(out, v >>> 16);
    }
}
