package io.lockdoc.eval;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.ingest.InputException;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.model.Finding;
import io.lockdoc.model.FunctionNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Runs a labelled corpus through the analysis and compares each primary finding with its label. */
public final class Evaluator {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Analyzer analyzer;
    private final Set<String> supportedCauses;

    public Evaluator(Analyzer analyzer, Set<String> supportedCauses) {
        this.analyzer = analyzer;
        this.supportedCauses = supportedCauses;
    }

    public static List<Label> labels(Path dir) throws IOException {
        Path file = dir.resolve("labels.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no labels.json in the corpus folder");
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Label>>() {});
        } catch (JacksonException e) {
            throw new IOException(file + ": not a labels array: " + e.getOriginalMessage());
        }
    }

    public Evaluation run(Path dir, List<Label> labels) {
        List<CaseResult> out = new ArrayList<>();
        for (Label l : labels) {
            out.add(one(dir, l));
        }
        return new Evaluation(out);
    }

    private CaseResult one(Path dir, Label l) {
        boolean supported = "none".equals(l.cause()) || supportedCauses.contains(l.cause());
        // a culprit is only compared where a finding is expected
        boolean culpritChecked = l.culprit() != null && !"none".equals(l.cause());
        Path p = dir.resolve(l.file()).normalize();
        if (!p.startsWith(dir.normalize())) {
            return new CaseResult(
                    l, "none", null, supported, false, culpritChecked, false, "label points outside the corpus");
        }
        AnalysisResult r;
        try {
            r = analyzer.analyze(Inputs.resolve(p.toString(), InputStream.nullInputStream()));
        } catch (InputException e) {
            return new CaseResult(l, "none", null, supported, false, culpritChecked, false, e.getMessage());
        }
        Finding primary = r.findings().isEmpty() ? null : r.findings().get(0).finding();
        String cause = primary == null ? "none" : primary.getCause().id();
        String culprit = primary == null || primary.getCulprit() == null
                ? null
                : primary.getCulprit().function();
        // participants are compared where a finding is expected and the label lists them
        boolean participantsChecked =
                l.participants() != null && !l.participants().isEmpty() && !"none".equals(l.cause());
        java.util.Set<Integer> actual = primary == null ? java.util.Set.of() : participantIds(primary);
        return new CaseResult(
                l,
                cause,
                culprit,
                supported,
                cause.equals(l.cause()),
                culpritChecked,
                culpritChecked && sameFunction(l.culprit(), culprit),
                participantsChecked,
                participantsChecked && actual.equals(new java.util.TreeSet<>(l.participants())),
                actual,
                null);
    }

    private static final java.util.regex.Pattern TASK_ID = java.util.regex.Pattern.compile("/(\\d+)$");

    /** The pids/tids of a finding's task participants (named {@code comm/tid}). */
    static java.util.Set<Integer> participantIds(Finding f) {
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        for (io.lockdoc.model.Participant p : f.getParticipants()) {
            if (p.kind() == io.lockdoc.model.Participant.Kind.TASK
                    || p.kind() == io.lockdoc.model.Participant.Kind.THREAD
                    || p.kind() == io.lockdoc.model.Participant.Kind.PROCESS) {
                java.util.regex.Matcher m = TASK_ID.matcher(p.name());
                if (m.find()) {
                    ids.add(Integer.valueOf(m.group(1)));
                }
            }
        }
        return ids;
    }

    /** Function names match when equal after offsets, compiler suffixes and a module suffix are dropped. */
    static boolean sameFunction(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        // a syscall is the same whichever wrapper names it (SyS_rmdir, __x64_sys_rmdir, rmdir)
        return norm(expected).equals(norm(actual))
                || bareSyscall(norm(expected)).equals(bareSyscall(norm(actual)));
    }

    private static String bareSyscall(String f) {
        String s = FunctionNames.syscall(f);
        return s.startsWith("sys_") ? s.substring(4) : s;
    }

    private static String norm(String f) {
        return FunctionNames.normalize(f.replaceAll("\\s*\\[[\\w\\-]+\\]$", ""));
    }
}
