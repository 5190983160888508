package io.lockdoc.analysis;

import io.lockdoc.detect.Detection;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.ingest.Artifact;
import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Fact;
import io.lockdoc.model.Problem;
import io.lockdoc.parse.Parsers;
import io.lockdoc.paste.PasteNormaliser;
import io.lockdoc.paste.PasteText;
import io.lockdoc.paste.SectionSplitter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a whole small text the ways a paste may need: as it is, with what copying did undone
 * ({@link PasteNormaliser}), and cut into sections of different formats ({@link SectionSplitter}). The
 * reading with the most facts wins; on a tie the plainer one, except that a text that plainly was pasted
 * (fences, quotes, escapes) keeps its normalised reading.
 */
final class PasteReader {
    /** What one way of reading produced. */
    record Reading(List<AnalysisResult.InputSummary> inputs, List<Fact> facts, List<Problem> problems) {}

    private final FormatDetector detector;

    PasteReader(FormatDetector detector) {
        this.detector = detector;
    }

    /** Whether a text detected as {@code d} is worth a second look: unrecognised, pasted-looking, or not named for its format. */
    static boolean worthReading(String headText, Detection d) {
        return !d.recognised()
                || PasteNormaliser.mayHelp(headText)
                || !"name".equals(d.how()) && !d.how().startsWith("name ");
    }

    /** Empty: nothing to undo and nothing to cut; read the text as it is. */
    Optional<Reading> read(Artifact a, byte[] head, String headText, Detection raw) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BoundedLineReader r = new BoundedLineReader(new ByteArrayInputStream(head))) {
            String l;
            while ((l = r.readLine()) != null) {
                lines.add(l);
            }
        }
        PasteNormaliser.Result norm = PasteNormaliser.normalise(lines);
        Reading best = null;
        if (norm.changed()) {
            best = normalised(a, head, headText, raw, norm);
        }
        List<SectionSplitter.Section> sections = SectionSplitter.split(norm.text());
        if (sections.size() >= 2) {
            Reading split = sections(a, sections);
            Reading whole = best != null ? best : asItIs(a, head, raw);
            if (whole == null || split.facts().size() > whole.facts().size()) {
                best = split;
            } else if (best == null) {
                best = whole;
            }
        }
        return Optional.ofNullable(best);
    }

    private Reading normalised(Artifact a, byte[] head, String headText, Detection raw, PasteNormaliser.Result norm)
            throws IOException {
        byte[] text = String.join("\n", norm.text().lines()).getBytes(StandardCharsets.UTF_8);
        Detection d = detector.detect(a.name(), text);
        if (!d.recognised() || Parsers.forType(d.type()).isEmpty()) {
            return null;
        }
        Reading pasted = parse(
                a.name(),
                d,
                text,
                norm.text().origins(),
                d.how() + ", after undoing " + String.join(", ", norm.applied()));
        Reading plain = asItIs(a, head, raw);
        if (plain != null) {
            boolean looksPasted = norm.decisive() || PasteNormaliser.looksPasted(headText);
            if (plain.facts().size() > pasted.facts().size()
                    || (plain.facts().size() == pasted.facts().size() && !looksPasted)) {
                return plain;
            }
        }
        return pasted;
    }

    private Reading asItIs(Artifact a, byte[] head, Detection raw) throws IOException {
        if (!raw.recognised() || Parsers.forType(raw.type()).isEmpty()) {
            return null;
        }
        return parse(a.name(), raw, head, null, raw.how());
    }

    /** Each section detected and parsed on its own, as {@code NAME[N]}, its lines numbered as in the paste. */
    private Reading sections(Artifact a, List<SectionSplitter.Section> sections) throws IOException {
        List<AnalysisResult.InputSummary> inputs = new ArrayList<>();
        List<Fact> facts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int n = 0;
        for (SectionSplitter.Section s : sections) {
            n++;
            PasteText t = s.text();
            String name = a.name() + "[" + n + "]";
            String where = "lines " + s.firstLine() + "-" + s.lastLine() + " of " + a.name();
            byte[] text = String.join("\n", t.lines()).getBytes(StandardCharsets.UTF_8);
            Detection d = detector.detect(name, text);
            if (!d.recognised() || Parsers.forType(d.type()).isEmpty()) {
                inputs.add(new AnalysisResult.InputSummary(
                        name,
                        null,
                        null,
                        where + ": "
                                + (d.recognised() ? "no parser for " + d.type().id() : d.skipReason()),
                        0));
                continue;
            }
            Reading r = parse(name, d, text, t.origins(), d.how() + ", section " + where);
            inputs.addAll(r.inputs());
            facts.addAll(r.facts());
            problems.addAll(r.problems());
        }
        return new Reading(inputs, facts, problems);
    }

    private static Reading parse(String name, Detection d, byte[] text, int[] origins, String how) throws IOException {
        List<Fact> facts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Analyzer.parseInto(name, d, new ByteArrayInputStream(text), origins, facts, problems);
        return new Reading(
                List.of(new AnalysisResult.InputSummary(name, d.type().id(), how, null, facts.size())),
                facts,
                problems);
    }
}
