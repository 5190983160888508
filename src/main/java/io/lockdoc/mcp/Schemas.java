package io.lockdoc.mcp;

import io.lockdoc.model.OrderedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON schemas of the tools' arguments and structured results, written as maps. */
final class Schemas {
    private Schemas() {}

    static Map<String, Object> object(Map<String, Object> properties, String... required) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "object");
        m.put("properties", properties);
        if (required.length > 0) {
            m.put("required", List.of(required));
        }
        return m;
    }

    static Map<String, Object> string(String description) {
        return OrderedMap.of("type", "string", "description", description);
    }

    static Map<String, Object> integer(String description) {
        return OrderedMap.of("type", "integer", "minimum", 1, "description", description);
    }

    static Map<String, Object> array(Map<String, Object> items) {
        return OrderedMap.of("type", "array", "items", items);
    }

    static Map<String, Object> anyObject() {
        return OrderedMap.of("type", "object");
    }

    static Map<String, Object> nullable(String type) {
        return OrderedMap.of("type", List.of(type, "null"));
    }

    static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The arguments every tool that reads diagnostics takes: pasted text or a path under a root. */
    static Map<String, Object> input(Object... more) {
        Map<String, Object> p = props(
                "text", string("diagnostic text as pasted (kernel log, ps, gdb, jstack, WinDbg, Procmon CSV ...)"),
                "name", string("a file name for the pasted text, which helps recognise its format (e.g. dmesg.txt)"),
                "path", string("a file, folder or archive inside a folder the server was started with (--root)"));
        p.putAll(props(more));
        return object(p);
    }

    /** Every structured result ends with whether it was cut to size and what was left out. */
    static Map<String, Object> bounded(Map<String, Object> properties, String... required) {
        Map<String, Object> p = new LinkedHashMap<>(properties);
        p.put("truncated", OrderedMap.of("type", "boolean"));
        p.put("notes", array(OrderedMap.of("type", "string")));
        String[] req = java.util.Arrays.copyOf(required, required.length + 2);
        req[required.length] = "truncated";
        req[required.length + 1] = "notes";
        return object(p, req);
    }

    static final Map<String, Object> FINDING = object(
            props(
                    "id", string("stable id of this finding"),
                    "cause", string("cause id, e.g. lock-order-inversion"),
                    "confidence", OrderedMap.of("type", "number"),
                    "summary", string("one sentence"),
                    "culprit", nullable("object"),
                    "participants", array(anyObject()),
                    "evidence",
                            array(object(props(
                                    "artifact", string("input the lines are from"),
                                    "firstLine", OrderedMap.of("type", "integer"),
                                    "lastLine", OrderedMap.of("type", "integer"),
                                    "lines", array(anyObject())))),
                    "rule", string("the rule that made the finding"),
                    "signature", string("host-independent: the same deadlock has the same signature"),
                    "remediation", nullable("object")),
            "id",
            "cause",
            "confidence",
            "summary",
            "culprit",
            "evidence",
            "signature");

    static final Map<String, Object> ANALYSIS = bounded(
            props("inputs", array(anyObject()), "problems", array(anyObject()), "findings", array(FINDING)),
            "inputs",
            "problems",
            "findings");
}
