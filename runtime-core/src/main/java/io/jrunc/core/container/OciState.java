package io.jrunc.core.container;

import io.jrunc.core.JsonText;
import io.jrunc.spec.State;
import java.nio.file.Path;
import java.util.Map;

/**
 * The OCI state JSON that hooks read on stdin, written by hand: create sends it to jrunc-init at
 * every create (the SYNC answer), and building databind's serializer for it cost ~60 ms of
 * every create (docs/performance.md). Same output as databind's for {@link State}
 * ({@code @JsonInclude(NON_EMPTY)}: empty strings and maps left out; OciStateTest compares).
 */
final class OciState {
    private OciState() {
    }

    static String json(String id, String status, int pid, Path bundle, Map<String, String> annotations) {
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "ociVersion", State.SPEC_VERSION);
        field(b, "id", id);
        field(b, "status", status);
        sep(b).append("\"pid\":").append(pid);
        field(b, "bundle", bundle == null ? null : bundle.toString());
        if (annotations != null && !annotations.isEmpty()) {
            sep(b).append("\"annotations\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : annotations.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(b, e.getKey()).append(':');
                if (e.getValue() == null) {
                    b.append("null");
                } else {
                    quote(b, e.getValue());
                }
            }
            b.append('}');
        }
        return b.append('}').toString();
    }

    private static StringBuilder sep(StringBuilder b) {
        return b.length() > 1 ? b.append(',') : b;
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value != null && !value.isEmpty()) {
            quote(sep(b).append('"').append(name).append("\":"), value);
        }
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        return JsonText.quote(b, s);
    }
}
