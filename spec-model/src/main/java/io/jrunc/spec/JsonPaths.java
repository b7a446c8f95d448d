package io.jrunc.spec;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/** Renders Jackson's reference chain as a JSON path: {@code linux.namespaces[2].type}. */
public final class JsonPaths {
    private JsonPaths() {
    }

    public static String of(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
