package io.lockdoc.engine;

import io.lockdoc.model.Cause;
import io.lockdoc.model.Completeness;
import io.lockdoc.model.Culprit;
import io.lockdoc.model.Finding;
import io.lockdoc.model.Participant;
import io.lockdoc.model.userspace.PythonThreads;
import io.lockdoc.model.userspace.PythonThreads.Frame;
import java.util.List;
import java.util.stream.Collectors;

/** Findings for Python thread dumps: threads stalled in lock acquires, with no lock owner shown. */
public final class PythonDiagnoses {
    private PythonDiagnoses() {}

    public static Finding lockStall(PythonThreads d, String rule, double confidence) {
        List<PythonThreads.Thread> blocked = d.getBlocked();
        Finding.Builder f = Finding.builder(Cause.PYTHON_LOCK_STALL, rule)
                .confidence(confidence)
                .ordinal(d.getEvidence().getFirstLine());
        f.evidence(d.getEvidence());
        f.matched(d);
        f.completeness(Completeness.COMPLETE);
        f.bind("tool", d.getTool().label());
        f.bind("program", d.getProgram());
        for (PythonThreads.Thread t : blocked) {
            Frame own = t.firstOwnFrame();
            f.participant(new Participant(
                    "waiter",
                    Participant.Kind.THREAD,
                    t.label(),
                    "blocked in a lock acquire" + (own == null ? "" : " in " + own.describe())));
        }
        String sites = blocked.stream()
                .map(t -> t.firstOwnFrame() == null
                        ? t.frames().get(0).location()
                        : t.firstOwnFrame().location())
                .collect(Collectors.joining(" and "));
        f.summary(blocked.size() + " Python threads are blocked in lock acquires at " + sites
                + " and no thread is running (" + d.getTool().label()
                + "); the dump names no lock owner, so whether they wait on each other is not proven");
        Frame culprit = blocked.get(0).firstOwnFrame();
        if (culprit != null) {
            f.culprit(new Culprit(culprit.function(), null, null, culprit.location()));
            f.bind("functionNew", culprit.function());
            f.bind("culpritLocation", culprit.location());
            f.bind("culpritFile", culprit.file());
            f.bind("culpritLine", String.valueOf(culprit.line()));
        }
        f.bind("thread", blocked.get(0).label());
        f.bind("blockedCount", String.valueOf(blocked.size()));
        f.bind("blockedSites", sites);
        f.signatureKey("python-stall|"
                + blocked.stream()
                        .map(t -> t.firstOwnFrame() == null
                                ? ""
                                : t.firstOwnFrame().function())
                        .sorted()
                        .collect(Collectors.joining(",")));
        return f.build();
    }
}
