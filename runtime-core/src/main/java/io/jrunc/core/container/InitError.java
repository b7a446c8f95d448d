package io.jrunc.core.container;

import io.jrunc.core.plan.Op;
import io.jrunc.core.plan.Plan;
import io.jrunc.core.sys.ErrnoException;
import io.jrunc.core.sys.Kernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Turns an ERROR frame into the one line the user sees: the plan step's description,
 * jrunc-init's detail, the errno text, the config field behind the step and, when the cause
 * is known, a hint: {@code mount nosuchfs to /weird: no such device (config.json: mounts[7]);
 * hint: the kernel has no such filesystem (see /proc/filesystems)}.
 */
final class InitError {
    private InitError() {
    }

    static String describe(byte[] payload, Plan plan, Kernel kernel) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int index = b.getInt();
        int errno = b.getInt();
        String detail = new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8).strip();
        StringBuilder msg = new StringBuilder();
        Op op = index >= 0 && index < plan.size() ? plan.op(index) : null;
        if (op != null && !detail.startsWith("exec:")) {
            msg.append(op.description());
        }
        if (!detail.isEmpty()) {
            if (!msg.isEmpty()) {
                msg.append(": ");
            }
            msg.append(detail);
        }
        if (errno != 0) {
            if (!msg.isEmpty()) {
                msg.append(": ");
            }
            msg.append(ErrnoException.lowerFirst(kernel.strerror(errno)));
        }
        if (msg.isEmpty()) {
            msg.append("container init failed");
        }
        if (op != null && op.source() != null) {
            msg.append(" (config.json: ").append(op.source()).append(')');
        }
        if (op != null && errno != 0) {
            Hints.forStep(op, errno, plan).ifPresent(h -> msg.append("; hint: ").append(h));
        }
        return msg.toString();
    }
}
