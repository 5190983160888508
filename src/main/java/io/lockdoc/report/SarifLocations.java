package io.lockdoc.report;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Finding;
import io.lockdoc.model.OrderedMap;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/** SARIF {@code location} objects: an artifact (a relative URI reference) and a line region. */
final class SarifLocations {
    private SarifLocations() {}

    static Map<String, Object> of(String artifact, int firstLine, int lastLine, String message) {
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("startLine", firstLine);
        region.put("endLine", Math.max(firstLine, lastLine));
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", OrderedMap.of("uri", uri(artifact)));
        physical.put("region", region);
        Map<String, Object> loc = new LinkedHashMap<>();
        loc.put("physicalLocation", physical);
        if (message != null) {
            loc.put("message", OrderedMap.of("text", message));
        }
        return loc;
    }

    static Map<String, Object> of(Evidence e, String message) {
        return of(e.getArtifact(), e.getFirstLine(), e.getLastLine(), message);
    }

    /**
     * Where a finding's evidence names {@code what}: the first quoted line containing it, else the whole first
     * evidence range, so every flow step points at the lines that show it.
     */
    static Map<String, Object> naming(Finding f, String what, String message) {
        if (what != null && !what.isBlank()) {
            for (Evidence e : f.getEvidence()) {
                for (Evidence.QuotedLine q : e.getQuoted()) {
                    if (q.text().contains(what)) {
                        return of(e.getArtifact(), q.number(), q.number(), message);
                    }
                }
            }
        }
        return of(f.getEvidence().get(0), message);
    }

    /** A source location {@code file:line} as the input printed it (gdb, jstack), or null when it is not one. */
    static Map<String, Object> source(String fileColonLine, String message) {
        if (fileColonLine == null) {
            return null;
        }
        int colon = fileColonLine.lastIndexOf(':');
        if (colon <= 0 || colon == fileColonLine.length() - 1) {
            return null;
        }
        try {
            int line = Integer.parseInt(fileColonLine.substring(colon + 1));
            return line < 1 ? null : of(fileColonLine.substring(0, colon), line, line, message);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An artifact name as a relative URI reference: separators as {@code /}, other characters percent-encoded. */
    static String uri(String artifact) {
        String path = artifact.replace('\\', '/');
        int colon = path.indexOf(':');
        int slash = path.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            path = "./" + path; // a colon in the first segment would read as a scheme
        }
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            return "unnamed-artifact";
        }
    }
}
