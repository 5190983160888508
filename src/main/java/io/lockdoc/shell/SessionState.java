package io.lockdoc.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a session must keep to be resumed: the inputs (paths to read again, pasted text
 * kept verbatim), the answers, the step outcomes, which finding the plan follows, and the
 * findings last shown (to tell the user when a rebuilt session differs).
 */
final class SessionState {
    /** A loaded path or a pasted text; {@code question} is the key it answered, if any. */
    record Input(String kind, String name, String path, String content, String question) {
        static final String PATH = "path";
        static final String PASTE = "paste";
    }

    record AnswerRec(String question, String value) {}

    record StepRec(String article, int step, String title, String outcome, String note) {}

    record FindingRec(String cause, double confidence, String signature, String summary) {}

    Long id;
    int focus = 1;
    final List<Input> inputs = new ArrayList<>();
    final List<AnswerRec> answers = new ArrayList<>();
    final List<StepRec> steps = new ArrayList<>();
    final List<FindingRec> findings = new ArrayList<>();
}
