package io.lockdoc.shell;

import io.lockdoc.ingest.Inputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Names the entries of a load in a session that holds inputs already. A second folder or archive,
 * or a file whose name is loaded already, gets a root of its own, {@code <name>:/}: its
 * {@code dmesg.txt} is not the first bundle's, and its capture is not taken for one nested in the
 * first (see {@code Snapshot.nestedIn}).
 */
final class LoadNames {
    private LoadNames() {}

    /** The root to put before every entry name, or "" when the names can stay as they are. */
    static String root(String path, List<Inputs.Entry> entries, Set<String> loaded) {
        if (loaded.isEmpty()) {
            return "";
        }
        Path p = Path.of(path);
        String file = p.getFileName() == null ? path : p.getFileName().toString();
        boolean bundle = Files.isDirectory(p)
                || entries.size() > 1
                || entries.stream().anyMatch(e -> !e.name().equals(file));
        boolean clash = entries.stream().anyMatch(e -> loaded.contains(e.name()));
        if (!bundle && !clash) {
            return "";
        }
        String root = file + ":/";
        for (int n = 2; taken(root, loaded); n++) {
            root = file + "#" + n + ":/";
        }
        return root;
    }

    private static boolean taken(String root, Set<String> loaded) {
        return loaded.stream().anyMatch(l -> l.startsWith(root));
    }
}
