package io.lockdoc.model.userspace;

import java.util.Set;

/**
 * Which capture of a bundle an artifact belongs to. A bundle may hold more than one capture
 * ({@code before/} next to the main one, two sosreports side by side); files of one capture share
 * a root: the path before the first layout folder ({@code proc}, {@code sos_commands} ...), or the
 * artifact's folder for top-level files such as {@code ps-eLo.txt}.
 */
public final class Snapshot {
    private static final Set<String> ANCHORS = Set.of("proc", "sos_commands", "sys", "var", "etc", "cgroup");

    private Snapshot() {}

    public static String rootOf(String artifact) {
        String[] parts = artifact.replace('\\', '/').split("/");
        StringBuilder root = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            if (ANCHORS.contains(parts[i])) {
                return root.toString();
            }
            root.append(parts[i]).append('/');
        }
        return root.toString();
    }

    /** The path of {@code artifact} below its snapshot root. */
    public static String relative(String artifact) {
        String a = artifact.replace('\\', '/');
        return a.substring(rootOf(a).length());
    }

    /** True when {@code inner} is a capture nested inside {@code outer} (e.g. {@code before/} inside the root). */
    public static boolean nestedIn(String inner, String outer) {
        // a root of its own (the shell's second load, "host-b.tar.gz:/") is another capture, never nested
        if (outer.isEmpty() && inner.matches("[^/]*:/.*")) {
            return false;
        }
        return !inner.equals(outer) && inner.startsWith(outer);
    }
}
