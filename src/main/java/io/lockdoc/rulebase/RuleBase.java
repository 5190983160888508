package io.lockdoc.rulebase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieModule;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/** The compiled rules: the jar's precompiled defaults, or defaults overlaid with an admin's pack. */
public final class RuleBase {
    static final String PACKAGED_KJAR = "lockdoc/rules.kjar";
    /** The executable-model classes of the packaged rules, unpacked into the jar at build time. */
    static final String PACKAGED_MODELS = "lockdoc/rules-models.txt";

    private final KieBase kieBase;

    private RuleBase(KieBase kieBase) {
        this.kieBase = kieBase;
    }

    /** The packaged defaults, precompiled at build time. */
    public static RuleBase packaged() {
        ClassLoader loader = RuleBase.class.getClassLoader();
        try (InputStream models = loader.getResourceAsStream(PACKAGED_MODELS)) {
            if (models != null) {
                return fromModels(
                        new String(models.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                                .lines()
                                .filter(l -> !l.isBlank())
                                .toList(),
                        loader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = RuleBase.class.getClassLoader().getResourceAsStream(PACKAGED_KJAR)) {
            if (in == null) {
                throw new RuleLoadException("precompiled rules " + PACKAGED_KJAR
                        + " are missing from the classpath (build with mvn package)");
            }
            return fromKjar(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packaged defaults plus the {@code .drl} files under {@code dir}, compiled now; a same-named file overrides. */
    public static RuleBase withPack(Path dir) throws IOException {
        List<RuleSource> merged = RuleSources.overlay(RuleSources.packaged(), RuleSources.fromDirectory(dir));
        return fromKjar(RuleCompiler.compile(merged, "1.0." + Math.abs(merged.hashCode())));
    }

    /** Exactly the given sources, compiled now (tests, and packs checked in isolation). */
    public static RuleBase compile(List<RuleSource> sources) {
        return fromKjar(RuleCompiler.compile(sources, "1.0." + Math.abs(sources.hashCode())));
    }

    /** The same rule base as the kjar's, from its model classes on the classpath (no kmodule.xml to read). */
    static RuleBase fromModels(List<String> classNames, ClassLoader loader) {
        List<org.drools.model.Model> models = new java.util.ArrayList<>();
        for (String name : classNames) {
            try {
                models.add((org.drools.model.Model) Class.forName(name, true, loader)
                        .getDeclaredConstructor()
                        .newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new RuleLoadException(
                        "precompiled rule model " + name + " cannot be loaded (rebuild with mvn package): " + e);
            }
        }
        return new RuleBase(org.drools.modelcompiler.KieBaseBuilder.createKieBaseFromModel(models));
    }

    static RuleBase fromKjar(byte[] kjar) {
        KieServices ks = KieServices.Factory.get();
        KieModule module = ks.getRepository().addKieModule(ks.getResources().newByteArrayResource(kjar));
        KieContainer container = ks.newKieContainer(module.getReleaseId());
        return new RuleBase(container.getKieBase());
    }

    public KieBase kieBase() {
        return kieBase;
    }

    public int ruleCount() {
        return kieBase.getKiePackages().stream()
                .mapToInt(p -> p.getRules().size())
                .sum();
    }

    /**
     * A rule as the explanations see it: its cause ({@code @cause}, empty for derive rules) and
     * the facts it needs ({@code @needs("Type:KIND, OtherType")}).
     */
    public record RuleInfo(String name, String cause, List<String> needs) {}

    public List<RuleInfo> rules() {
        List<RuleInfo> out = new java.util.ArrayList<>();
        for (var pkg : kieBase.getKiePackages()) {
            for (Rule r : pkg.getRules()) {
                Object cause = r.getMetaData().get("cause");
                Object needs = r.getMetaData().get("needs");
                List<String> list = needs == null
                        ? List.of()
                        : java.util.Arrays.stream(
                                        needs.toString().replace("\"", "").split(","))
                                .map(String::strip)
                                .filter(x -> !x.isEmpty())
                                .toList();
                out.add(new RuleInfo(
                        r.getName(), cause == null ? "" : cause.toString().replace("\"", ""), list));
            }
        }
        out.sort(java.util.Comparator.comparing(RuleInfo::name));
        return out;
    }

    /** Rule name -> its {@code @cause} metadata (or empty for derive rules). */
    public Map<String, String> rulesWithCause() {
        Map<String, String> out = new TreeMap<>();
        for (var pkg : kieBase.getKiePackages()) {
            for (Rule r : pkg.getRules()) {
                Object cause = r.getMetaData().get("cause");
                out.put(r.getName(), cause == null ? "" : cause.toString().replace("\"", ""));
            }
        }
        return out;
    }
}
