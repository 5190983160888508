package io.lockdoc.rulebase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        int rules = RuleBase.fromKjar(kjar).ruleCount();
        if (rules == 0) {
            throw new IllegalStateException("the rules in " + args[0] + " compiled to 0 rules");
        }
        System.out.println("lockdoc: precompiled " + sources.size() + " rule files (" + rules + " rules) into " + out);
    }
}
