package io.lockdoc.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Map.of} in the order written. What lockdoc prints (JSON reports, ticket notes) must come out
 * the same on every run, and {@code Map.of} iterates in an order that changes from one JVM to the next.
 */
public final class OrderedMap {
    private OrderedMap() {}

    /** @param keysAndValues key, value, key, value ... (keys are strings, values of type V; a value may be null) */
    @SuppressWarnings("unchecked") // the caller's V: every value it passes is one
    public static <V> Map<String, V> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, V> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
