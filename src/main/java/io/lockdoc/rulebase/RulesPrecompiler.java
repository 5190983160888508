package io.lockdoc.rulebase;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Build-time entry point: compiles the top-level {@code rules/} folder into the jar's kjar. */
public final class RulesPrecompiler {
    private RulesPrecompiler() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: RulesPrecompiler RULES_DIR OUTPUT_KJAR");
        }
        var sources = RuleSources.fromDirectory(Path.of(args[0]));
        byte[] kjar = RuleCompiler.compile(sources, "1.0.0");
        Path out = Path.of(args[1]);
        Files.createDirectories(out.getParent());
        Files.write(out, kjar);
        Path index = out.getParent().resolve("rules").resolve("index.txt");
        Files.createDirectories(index.getParent());
        Files.writeString(
                index, String.join("\n", sources.stream().map(RuleSource::path).toList()) + "\n");
        List<String> models = unpackModels(kjar, out.getParent().getParent());
        Files.writeString(
                out.getParent().resolve(RuleBase.PACKAGED_MODELS.substring("lockdoc/".length())),
                String.join("\n", models) + "\n");
        int rules = RuleBase.fromKjar(kjar).ruleCount();
        if (rules == 0) {
            throw new IllegalStateException("the rules in " + args[0] + " compiled to 0 rules");
        }
        System.out.println("lockdoc: precompiled " + sources.size() + " rule files (" + rules + " rules) into " + out
                + " and " + models.size() + " executable-model classes into the jar");
    }

    /**
     * The kjar's compiled classes go into the jar itself, so start-up builds the rule base from the
     * model classes (class-data sharing can archive them) without reading the kjar's kmodule.xml.
     */
    private static List<String> unpackModels(byte[] kjar, Path classes) throws IOException {
        List<String> models = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(kjar))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith("org/drools/project/")) {
                    Path p = classes.resolve(e.getName()).normalize();
                    if (!p.startsWith(classes)) {
                        throw new IOException("kjar entry outside the classes folder: " + e.getName());
                    }
                    Files.createDirectories(p.getParent());
                    Files.write(p, zip.readAllBytes());
                } else if (e.getName().endsWith("/drools-model")) {
                    new String(zip.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(l -> !l.isBlank() && !l.startsWith("Drools-Model-Version"))
                            .forEach(models::add);
                }
            }
        }
        if (models.isEmpty()) {
            throw new IllegalStateException("the kjar lists no executable-model classes");
        }
        return models;
    }
}
