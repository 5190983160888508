package io.lockdoc.model.userspace;

import io.lockdoc.model.Evidence;
import io.lockdoc.model.Fact;

/**
 * A system-level sign the rules may weigh: {@code procs-blocked} (count), {@code many-d-state}
 * (count), {@code kworker-cpu-hog} (the kworker), {@code killable-d-state} (a task in D that is
 * only in a killable wait, with what it waits for: not a deadlock).
 */
public final class Symptom implements Fact {
    private final String id;
    private final String kind;
    private final String subject;
    private final double value;
    private final String detail;
    private final Evidence evidence;

    public Symptom(String id, String kind, String subject, double value, String detail, Evidence evidence) {
        this.id = id;
        this.kind = kind;
        this.subject = subject;
        this.value = value;
        this.detail = detail;
        this.evidence = evidence;
    }

    @Override
    public String getId() {
        return id;
    }

    public String getKind() {
        return kind;
    }

    public String getSubject() {
        return subject;
    }

    public double getValue() {
        return value;
    }

    public String getDetail() {
        return detail;
    }

    @Override
    public Evidence getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "Symptom[" + kind + " " + subject + " " + value + ": " + detail + "]";
    }
}
