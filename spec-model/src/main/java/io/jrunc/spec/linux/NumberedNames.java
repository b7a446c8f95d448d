package io.jrunc.spec.linux;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A kernel name table where a name's number is its index (capabilities, rlimits). */
final class NumberedNames {
    private final String kind;
    private final List<String> names;
    private final Map<String, Integer> numbers;
    private final Set<String> nameSet;

    NumberedNames(String kind, List<String> names) {
        this.kind = kind;
        this.names = List.copyOf(names);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), i);
        }
        this.numbers = Map.copyOf(m);
        this.nameSet = Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    /** All names, in number order. */
    Set<String> names() {
        return nameSet;
    }

    boolean isKnown(String name) {
        return name != null && numbers.containsKey(name);
    }

    /** The number of {@code name}, or -1 if unknown. */
    int number(String name) {
        Integer n = name == null ? null : numbers.get(name);
        return n == null ? -1 : n;
    }

    /** The name of {@code number}; IllegalArgumentException if unknown. */
    String name(int number) {
        if (number < 0 || number >= names.size()) {
            throw new IllegalArgumentException("unknown " + kind + " number " + number);
        }
        return names.get(number);
    }
}
