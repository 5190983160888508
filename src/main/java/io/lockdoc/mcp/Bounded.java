package io.lockdoc.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Keeps a tool result within what an assistant's context can take: lists are cut, and the result says so. */
final class Bounded {
    /** Serialized size a tool result is kept under. */
    static final int MAX_CHARS = 60_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Bounded() {}

    static int size(Object o) {
        return JSON.writeValueAsString(o).length();
    }

    /** The first {@code max} items; {@code notes} gets a line when some are left out. */
    static <T> List<T> first(List<T> items, int max, String what, List<String> notes) {
        if (items.size() <= max) {
            return items;
        }
        notes.add((items.size() - max) + " of " + items.size() + " " + what + " left out");
        return new ArrayList<>(items.subList(0, max));
    }

    /**
     * {@code result} with its list under {@code key} shortened from the end until the whole fits, and the
     * {@code truncated}/{@code notes} fields set.
     */
    static Map<String, Object> fit(Map<String, Object> result, String key, List<String> notes) {
        Map<String, Object> out = new LinkedHashMap<>(result);
        @SuppressWarnings("unchecked")
        List<Object> list = out.get(key) instanceof List<?> l ? new ArrayList<>((List<Object>) l) : null;
        int total = list == null ? 0 : list.size();
        out.put("truncated", !notes.isEmpty());
        out.put("notes", notes);
        while (list != null && !list.isEmpty() && size(out) > MAX_CHARS) {
            list.remove(list.size() - 1);
            out.put(key, list);
            out.put("truncated", true);
        }
        if (list != null && list.size() < total) {
            List<String> all = new ArrayList<>(notes);
            all.add((total - list.size()) + " of " + total + " " + key + " left out to stay under " + MAX_CHARS
                    + " characters");
            out.put("notes", all);
        }
        return out;
    }
}
