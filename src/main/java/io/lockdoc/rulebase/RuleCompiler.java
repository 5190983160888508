package io.lockdoc.rulebase;

import java.util.List;
import java.util.stream.Collectors;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * Compiles DRL packs to an executable-model kjar. The executable model is used at build time and
 * for {@code --rules} alike: it starts faster and avoids the MVEL jitting bug of Drools 10.2.0.
 */
final class RuleCompiler {
    static final String RESOURCE_ROOT = "src/main/resources/lockdoc/rules/";

    private RuleCompiler() {}

    static byte[] compile(List<RuleSource> sources, String version) {
        if (sources.isEmpty()) {
            throw new RuleLoadException("no .drl files found");
        }
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("io.lockdoc", "lockdoc-rules", version);
        kfs.generateAndWritePomXML(releaseId);
        for (RuleSource s : sources) {
            kfs.write(RESOURCE_ROOT + s.path(), s.text());
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            throw new RuleLoadException(
                    errors.stream().map(m -> describe(m, sources)).collect(Collectors.joining("\n")));
        }
        return ((InternalKieModule) builder.getKieModule()).getBytes();
    }

    /** {@code rules/FILE:LINE: message}; where Drools gives no line, the first line naming the missing symbol. */
    static String describe(Message m, List<RuleSource> sources) {
        String rel =
                m.getPath() == null ? null : m.getPath().replaceFirst("^(?:src/main/resources/)?lockdoc/rules/", "");
        String text = m.getText() == null ? "" : m.getText().strip().replaceAll("\\s+", " ");
        int line = m.getLine();
        if (line <= 0 && rel != null) {
            line = guessLine(
                    text,
                    sources.stream()
                            .filter(s -> s.path().equals(rel))
                            .findFirst()
                            .orElse(null));
        }
        return (rel == null ? "rules" : "rules/" + rel) + (line > 0 ? ":" + line : "") + ": " + text;
    }

    private static int guessLine(String message, RuleSource source) {
        java.util.regex.Matcher sym = java.util.regex.Pattern.compile(
                        "(?:class|type|variable|method|symbol)[: ]+'?([\\w.$]+)'?")
                .matcher(message);
        if (source == null || !sym.find()) {
            return 0;
        }
        String[] lines = source.text().split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(sym.group(1))) {
                return i + 1;
            }
        }
        return 0;
    }
}
