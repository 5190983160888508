package io.lockdoc.rulebase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds DRL files: in a folder (admin packs, the build) or in the jar (the packaged defaults). */
final class RuleSources {
    static final String CLASSPATH_INDEX = "lockdoc/rules/index.txt";

    private RuleSources() {}

    static List<RuleSource> fromDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new RuleLoadException("rules folder not found: " + dir);
        }
        List<RuleSource> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, 8)) {
            for (Path p :
                    walk.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                out.add(new RuleSource(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p)));
            }
        }
        return out;
    }

    /** The packaged defaults, listed in an index written at build time. */
    static List<RuleSource> packaged() {
        ClassLoader cl = RuleSources.class.getClassLoader();
        List<RuleSource> out = new ArrayList<>();
        try (InputStream idx = cl.getResourceAsStream(CLASSPATH_INDEX)) {
            if (idx == null) {
                throw new RuleLoadException("packaged rules index " + CLASSPATH_INDEX + " is missing from the jar");
            }
            for (String path : new String(idx.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (path.isBlank()) {
                    continue;
                }
                try (InputStream in = cl.getResourceAsStream("lockdoc/rules/" + path.strip())) {
                    if (in == null) {
                        throw new RuleLoadException("packaged rule file missing: " + path);
                    }
                    out.add(new RuleSource(path.strip(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Defaults overlaid by a pack: a file with the same relative path replaces the default. */
    static List<RuleSource> overlay(List<RuleSource> defaults, List<RuleSource> pack) {
        Map<String, RuleSource> byPath = new LinkedHashMap<>();
        defaults.forEach(s -> byPath.put(s.path(), s));
        pack.forEach(s -> byPath.put(s.path(), s));
        return new ArrayList<>(byPath.values());
    }
}
