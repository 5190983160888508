package io.lockdoc.engine;

import io.lockdoc.engine.graph.UserspaceGraphs;
import io.lockdoc.model.Fact;
import io.lockdoc.model.userspace.Symptom;
import java.util.List;

/** Test access to the symptoms the graph derives. */
final class UserspaceGraphsProbe {
    private UserspaceGraphsProbe() {}

    static List<String> symptoms(List<Fact> facts) {
        return UserspaceGraphs.derive(facts).stream()
                .filter(Symptom.class::isInstance)
                .map(f -> ((Symptom) f).getKind() + " " + ((Symptom) f).getSubject())
                .toList();
    }
}
