package io.lockdoc.eval;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The outcome of {@code lockdoc eval}: every case, and the counts per cause. */
public record Evaluation(List<CaseResult> cases) {

    /** Counts for one cause (or for all). */
    public record Counts(
            int cases,
            int causeCorrect,
            int culpritCases,
            int culpritCorrect,
            int wrong,
            int unsupported,
            int participantCases,
            int participantsCorrect) {
        Counts(int cases, int causeCorrect, int culpritCases, int culpritCorrect, int wrong, int unsupported) {
            this(cases, causeCorrect, culpritCases, culpritCorrect, wrong, unsupported, 0, 0);
        }

        Counts add(CaseResult r) {
            return new Counts(
                    cases + 1,
                    causeCorrect + (r.causeCorrect() ? 1 : 0),
                    culpritCases + (r.culpritChecked() ? 1 : 0),
                    culpritCorrect + (r.culpritChecked() && r.culpritCorrect() ? 1 : 0),
                    wrong + (r.causeCorrect() || !r.supported() ? 0 : 1),
                    unsupported + (r.supported() ? 0 : 1),
                    participantCases + (r.participantsChecked() ? 1 : 0),
                    participantsCorrect + (r.participantsChecked() && r.participantsCorrect() ? 1 : 0));
        }

        public double participantAccuracy() {
            return participantCases == 0 ? 1.0 : (double) participantsCorrect / participantCases;
        }

        public double accuracy() {
            return cases == 0 ? 1.0 : (double) causeCorrect / cases;
        }

        public double culpritAccuracy() {
            return culpritCases == 0 ? 1.0 : (double) culpritCorrect / culpritCases;
        }
    }

    public Map<String, Counts> perCause() {
        Map<String, Counts> out = new TreeMap<>();
        for (CaseResult r : cases) {
            out.merge(r.label().cause(), new Counts(0, 0, 0, 0, 0, 0).add(r), Evaluation::sum);
        }
        return out;
    }

    public Counts total() {
        Counts c = new Counts(0, 0, 0, 0, 0, 0);
        for (CaseResult r : cases) {
            c = c.add(r);
        }
        return c;
    }

    /** Cases whose label is supported by the loaded rules. */
    public Counts supportedTotal() {
        Counts c = new Counts(0, 0, 0, 0, 0, 0);
        for (CaseResult r : cases) {
            if (r.supported()) {
                c = c.add(r);
            }
        }
        return c;
    }

    /** Cases labelled {@code none} that got any finding. */
    public int falseDeadlockClaims() {
        return (int) cases.stream()
                .filter(r -> "none".equals(r.label().cause()) && !"none".equals(r.actualCause()))
                .count();
    }

    private static Counts sum(Counts a, Counts b) {
        return new Counts(
                a.cases() + b.cases(),
                a.causeCorrect() + b.causeCorrect(),
                a.culpritCases() + b.culpritCases(),
                a.culpritCorrect() + b.culpritCorrect(),
                a.wrong() + b.wrong(),
                a.unsupported() + b.unsupported(),
                a.participantCases() + b.participantCases(),
                a.participantsCorrect() + b.participantsCorrect());
    }
}
