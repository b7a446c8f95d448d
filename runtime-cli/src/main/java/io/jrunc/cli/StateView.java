package io.jrunc.cli;

import io.jrunc.core.state.ContainerRecord;
import io.jrunc.core.state.Rfc3339;
import io.jrunc.core.state.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** runc's {@code containerState}: the object {@code state} prints and {@code list -f json} lists. */
final class StateView {
    private StateView() {
    }

    static Map<String, Object> of(ContainerRecord r, Status status, String owner) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ociVersion", Version.SPEC);
        m.put("id", r.id());
        m.put("pid", status == Status.STOPPED ? 0 : r.pid());
        m.put("status", status.jsonName());
        m.put("bundle", r.bundle());
        m.put("rootfs", r.rootfs());
        m.put("created", Rfc3339.formatNano(r.created()));
        if (!r.annotations().isEmpty()) {
            m.put("annotations", new TreeMap<>(r.annotations()));
        }
        m.put("owner", owner);
        return m;
    }
}
