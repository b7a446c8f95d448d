package io.jrunc.core.plan;

/** Message types on the sync socket between jrunc and jrunc-init (docs/plan-format.md). */
public enum SyncMessage {
    PLAN(1), CONTINUE(2), SECCOMP_DONE(6), PID(10), SYNC(11), READY(12), ERROR(13), SECCOMP_FD(16);

    private final int type;

    SyncMessage(int type) {
        this.type = type;
    }

    public int type() {
        return type;
    }

    public static SyncMessage of(int type) {
        for (SyncMessage m : values()) {
            if (m.type == type) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown sync message type " + type);
    }
}
