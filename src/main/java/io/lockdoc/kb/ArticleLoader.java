package io.lockdoc.kb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads {@code kb/**.yaml} articles (from a folder or the jar) and checks that each is whole. */
public final class ArticleLoader {
    static final String CLASSPATH_INDEX = "lockdoc/kb/index.txt";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ArticleLoader() {}

    /** The articles packaged in the jar, listed by the index written at build time. */
    public static List<Article> packaged() {
        ClassLoader cl = ArticleLoader.class.getClassLoader();
        List<Article> out = new ArrayList<>();
        try (InputStream idx = cl.getResourceAsStream(CLASSPATH_INDEX)) {
            if (idx == null) {
                throw new KbLoadException(
                        "packaged knowledge-base index " + CLASSPATH_INDEX + " is missing from the jar");
            }
            for (String path : new String(idx.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (path.isBlank()) {
                    continue;
                }
                try (InputStream in = cl.getResourceAsStream("lockdoc/kb/" + path.strip())) {
                    if (in == null) {
                        throw new KbLoadException("packaged article missing: kb/" + path);
                    }
                    out.add(parse("kb/" + path.strip(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new KbLoadException("cannot read packaged knowledge base: " + e.getMessage());
        }
        return checkUnique(out);
    }

    /** Every {@code .yaml}/{@code .yml} under {@code dir}. */
    public static List<Article> fromDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new KbLoadException("knowledge-base folder not found: " + dir);
        }
        List<Article> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, 8)) {
            for (Path p : walk.filter(ArticleLoader::isArticle).sorted().toList()) {
                out.add(parse(dir.relativize(p).toString(), Files.readString(p)));
            }
        }
        return checkUnique(out);
    }

    /** Relative paths of the articles under {@code dir}, for the build-time index. */
    public static List<String> listDirectory(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, 8)) {
            return walk.filter(ArticleLoader::isArticle)
                    .sorted()
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
    }

    private static boolean isArticle(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    static Article parse(String name, String yaml) {
        Article a;
        try {
            a = YAML.readValue(yaml, Article.class);
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new KbLoadException(
                    name + (loc == null ? "" : ":" + loc.getLineNr()) + ": " + e.getOriginalMessage());
        }
        if (a == null) {
            throw new KbLoadException(name + ": empty article");
        }
        List<String> missing = new ArrayList<>();
        require(a.id(), "id", missing);
        require(a.platform(), "platform", missing);
        require(a.title(), "title", missing);
        require(a.symptom(), "symptom", missing);
        require(a.reason(), "reason", missing);
        require(a.solution(), "solution", missing);
        if (a.steps().isEmpty()) {
            missing.add("steps");
        }
        for (int i = 0; i < a.steps().size(); i++) {
            Article.Step s = a.steps().get(i);
            require(s.title(), "steps[" + (i + 1) + "].title", missing);
            require(s.verification(), "steps[" + (i + 1) + "].verification", missing);
            for (String c : s.when()) {
                if (c == null
                        || !RemediationPlanner.CONDITION.matcher(c.strip()).matches()) {
                    missing.add("steps[" + (i + 1) + "].when: a condition of the form [!]name[=value|value] (not '" + c
                            + "')");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new KbLoadException(name + ": article '" + a.id() + "' lacks " + String.join(", ", missing));
        }
        return a;
    }

    private static void require(String value, String field, List<String> missing) {
        if (value == null || value.isBlank()) {
            missing.add(field);
        }
    }

    private static List<Article> checkUnique(List<Article> articles) {
        Set<String> ids = new HashSet<>();
        for (Article a : articles) {
            if (!ids.add(a.id())) {
                throw new KbLoadException("two articles share the id '" + a.id() + "'");
            }
        }
        return articles;
    }
}
