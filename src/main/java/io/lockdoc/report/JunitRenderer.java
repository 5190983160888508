package io.lockdoc.report;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.escape.Terminal;
import io.lockdoc.explain.Explanations;
import io.lockdoc.model.Finding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML (the Ant/Surefire dialect Jenkins, GitLab and GitHub test reporters read): one test case per
 * finding (class name the cause, name the summary and signature), the finding's text report as the
 * failure message and body; one passing test case when nothing was found, so the suite is never empty.
 */
public final class JunitRenderer implements Renderer {
    /** What a finding does to the run. */
    public enum Outcome {
        /** a failure: gated and new */
        FAILED,
        /** skipped: gated but listed in the baseline */
        KNOWN,
        /** passes: its cause is not gated */
        NOT_GATED
    }

    /** Decides each finding's outcome and says why it did not fail. */
    public interface Verdicts {
        Verdicts ALL_FAIL = new Verdicts() {
            @Override
            public Outcome outcome(Finding f) {
                return Outcome.FAILED;
            }

            @Override
            public String note(Finding f) {
                return "finding";
            }
        };

        Outcome outcome(Finding f);

        String note(Finding f);
    }

    private final Verdicts verdicts;

    public JunitRenderer() {
        this(Verdicts.ALL_FAIL);
    }

    public JunitRenderer(Verdicts verdicts) {
        this.verdicts = verdicts;
    }

    @Override
    public void render(AnalysisResult result, Explanations explanations, PrintStream out) {
        List<AnalysisResult.Diagnosed> findings = result.findings();
        long failures = findings.stream()
                .filter(d -> verdicts.outcome(d.finding()) == Outcome.FAILED)
                .count();
        long skipped = findings.stream()
                .filter(d -> verdicts.outcome(d.finding()) == Outcome.KNOWN)
                .count();
        int tests = Math.max(1, findings.size());
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "lockdoc");
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", Long.toString(skipped));
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "lockdoc " + suiteName(result));
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", Long.toString(skipped));
            x.writeAttribute("time", "0");
            if (findings.isEmpty()) {
                x.writeCharacters("\n    ");
                x.writeEmptyElement("testcase");
                x.writeAttribute("classname", "lockdoc");
                x.writeAttribute("name", xml("no lock or hang problem found in " + result.factCount() + " fact(s)"));
                x.writeAttribute("time", "0");
            }
            for (AnalysisResult.Diagnosed d : findings) {
                testCase(x, d, result);
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.writeCharacters("\n");
            x.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write JUnit XML: " + e.getMessage(), e);
        }
        out.flush();
    }

    private void testCase(XMLStreamWriter x, AnalysisResult.Diagnosed d, AnalysisResult result)
            throws XMLStreamException {
        Finding f = d.finding();
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", f.getCause().id());
        x.writeAttribute("name", xml(f.getSummary() + " [" + f.getSignature() + "]"));
        x.writeAttribute("file", xml(f.getArtifact()));
        x.writeAttribute("line", Integer.toString(f.getFirstLine()));
        x.writeAttribute("time", "0");
        String report = wellFormed(textOf(d, result));
        switch (verdicts.outcome(f)) {
            case FAILED -> {
                x.writeCharacters("\n      ");
                x.writeStartElement("failure");
                x.writeAttribute(
                        "message",
                        xml(String.format(
                                Locale.ROOT,
                                "%s (confidence %.2f)%s: %s",
                                f.getCause().id(),
                                f.getConfidence(),
                                f.getCulprit() == null
                                        ? ""
                                        : " in " + f.getCulprit().describe(),
                                f.getSummary())));
                x.writeAttribute("type", f.getCause().id());
                x.writeCharacters(report);
                x.writeEndElement();
            }
            case KNOWN -> {
                x.writeCharacters("\n      ");
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", xml(verdicts.note(f)));
                x.writeCharacters("\n      ");
                x.writeStartElement("system-out");
                x.writeCharacters(report);
                x.writeEndElement();
            }
            case NOT_GATED -> {
                x.writeCharacters("\n      ");
                x.writeStartElement("system-out");
                x.writeCharacters(xml(verdicts.note(f)) + "\n\n" + report);
                x.writeEndElement();
            }
        }
        x.writeCharacters("\n    ");
        x.writeEndElement();
    }

    /** The text report of this finding alone: what a reader of the failed test needs. */
    private static String textOf(AnalysisResult.Diagnosed d, AnalysisResult result) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new TextRenderer(false)
                .render(
                        new AnalysisResult(List.of(), List.of(), List.of(d), result.factCount(), List.of()),
                        null,
                        new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8).strip();
    }

    private static String suiteName(AnalysisResult result) {
        List<String> names = result.inputs().stream()
                .filter(i -> i.skipReason() == null)
                .map(AnalysisResult.InputSummary::name)
                .toList();
        if (names.isEmpty()) {
            return "(no input read)";
        }
        return xml(names.size() == 1 ? names.get(0) : names.get(0) + " and " + (names.size() - 1) + " more");
    }

    /** Control characters made visible, and what XML 1.0 cannot carry at all (lone surrogates) replaced. */
    static String xml(String s) {
        return wellFormed(Terminal.escape(s));
    }

    /** Text the text renderer escaped already (it keeps its line ends): only what XML 1.0 cannot carry. */
    private static String wellFormed(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                sb.append(c).append(v.charAt(++i));
            } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
